using Dokuei.Server.Data;
using Dokuei.Server.Features.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Notifications;

/// <summary>A notification as its user sees it.</summary>
public sealed record NotificationView(Guid Id, NotificationKind Kind, Guid? RequestId, Guid? SubjectId, string Text, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    internal static NotificationView Of(Notification n) => new(n.Id, n.Kind, n.RequestId, n.SubjectId, n.Text, n.CreatedAt, n.ReadAt);
}

/// <summary><c>/api/notifications</c>: the caller's own notifications, unread first, and marking them read.</summary>
internal static class NotificationsApi
{
    public static void MapNotificationsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/", ListAsync);
        group.MapPost("/{id:guid}/read", ReadAsync);
        group.MapPost("/read-all", ReadAllAsync);
    }

    private static async Task<Ok<Page<NotificationView>>> ListAsync(HttpContext http, DokueiDbContext db, bool? unreadOnly, int? page, int? pageSize, CancellationToken ct)
    {
        var caller = http.Caller();
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var number = Math.Max(page ?? 1, 1);
        var mine = db.Notifications.Where(n => n.UserId == caller.UserId);
        if (unreadOnly == true)
        {
            mine = mine.Where(n => n.ReadAt == null);
        }

        var total = await mine.CountAsync(ct).ConfigureAwait(false);
        // Unread first; newest first within each (ids are version 7 UUIDs).
        var items = await mine.OrderBy(n => n.ReadAt == null ? 0 : 1).ThenByDescending(n => n.Id)
            .Skip((number - 1) * size).Take(size).AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(new Page<NotificationView>([.. items.Select(NotificationView.Of)], number, size, total));
    }

    private static async Task<Results<Ok<NotificationView>, NotFound>> ReadAsync(Guid id, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        // Someone else's notification is as absent as a missing one.
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == caller.UserId, ct).ConfigureAwait(false);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }

        notification.MarkRead(time.GetUtcNow());
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(NotificationView.Of(notification));
    }

    private static async Task<NoContent> ReadAllAsync(HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        var now = time.GetUtcNow();
        foreach (var notification in await db.Notifications.Where(n => n.UserId == caller.UserId && n.ReadAt == null).ToListAsync(ct).ConfigureAwait(false))
        {
            notification.MarkRead(now);
        }

        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
