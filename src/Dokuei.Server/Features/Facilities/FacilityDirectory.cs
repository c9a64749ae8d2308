using System.Net;
using Dokuei.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Facilities;

/// <summary>
/// Which facility an association belongs to: its calling AE title, allowed from any address or only from the listed
/// ones. The DIMSE listener asks this before accepting an association; the answer scopes everything it stores or finds.
/// </summary>
internal static class FacilityDirectory
{
    /// <summary>The facility for <paramref name="callingAeTitle"/> connecting from <paramref name="remote"/>, or null to reject.</summary>
    public static async Task<long?> FindByCallingAeAsync(DokueiDbContext db, string callingAeTitle, IPAddress remote, CancellationToken cancellationToken)
    {
        var title = callingAeTitle.Trim();
        var entries = await db.FacilityAeTitles.AsNoTracking().Where(a => a.AeTitle == title).ToListAsync(cancellationToken).ConfigureAwait(false);
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        foreach (var entry in entries)
        {
            if (entry.Host == null || (IPAddress.TryParse(entry.Host, out var allowed) && allowed.Equals(address)))
            {
                return entry.FacilityId;
            }

            if (!IPAddress.TryParse(entry.Host, out _))
            {
                var resolved = await Dns.GetHostAddressesAsync(entry.Host, cancellationToken).ConfigureAwait(false);
                if (resolved.Any(r => r.Equals(address)))
                {
                    return entry.FacilityId;
                }
            }
        }

        return null;
    }
}
