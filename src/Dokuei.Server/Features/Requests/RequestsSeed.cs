using Dokuei.Server.Data;
using Dokuei.Server.Features.Sla;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Requests;

/// <summary>The data requests need from the start: the standard service menus and the center's calendar.</summary>
internal static class RequestsSeed
{
    /// <summary>The center's calendar (Japanese standard), used until contracts give facilities their own.</summary>
    public static readonly Guid CenterCalendarId = new("ca1e0da0-0000-4000-8000-000000000001");

    /// <summary>Adds what is missing; idempotent.</summary>
    public static async Task EnsureAsync(DokueiDbContext db, CancellationToken cancellationToken)
    {
        var codes = await db.ServiceMenus.Select(m => m.Code).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var menu in StandardServiceMenus.All().Where(m => !codes.Contains(m.Code)))
        {
            db.ServiceMenus.Add(menu);
        }

        if (!await db.BusinessCalendars.AnyAsync(c => c.Id == CenterCalendarId, cancellationToken).ConfigureAwait(false))
        {
            db.BusinessCalendars.Add(BusinessCalendar.JapaneseStandard(CenterCalendarId, "センター標準"));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The calendar deadlines are computed on.</summary>
    public static async Task<BusinessCalendar> CalendarAsync(DokueiDbContext db, CancellationToken cancellationToken) =>
        await db.BusinessCalendars.FirstOrDefaultAsync(c => c.Id == CenterCalendarId, cancellationToken).ConfigureAwait(false)
        ?? BusinessCalendar.JapaneseStandard(CenterCalendarId);
}
