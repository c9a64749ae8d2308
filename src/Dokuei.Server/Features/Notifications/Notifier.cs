using Dokuei.Server.Data;
using Dokuei.Server.Features.Comments;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Reports;
using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Notifications;

/// <summary>
/// Who is told what: coordinators about deadlines and escalations, the facility about critical findings, the other
/// side of a thread about a new comment. Adds the rows to the context; the caller saves them with its change.
/// </summary>
internal static class Notifier
{
    /// <summary>Active coordinators.</summary>
    public static Task<List<Guid>> CoordinatorsAsync(DokueiDbContext db, CancellationToken ct) =>
        db.Users.Where(u => u.Role == UserRole.Coordinator && !u.Disabled).Select(u => u.Id).ToListAsync(ct);

    /// <summary>Adds one notification per distinct user.</summary>
    public static int Raise(DokueiDbContext db, IEnumerable<Guid> users, NotificationKind kind, Guid? requestId, long? facilityId, Guid? subjectId, string text, DateTimeOffset at)
    {
        var count = 0;
        foreach (var user in users.Distinct())
        {
            db.Notifications.Add(Notification.Raise(SequentialGuid.Create(at), user, kind, requestId, facilityId, subjectId, text, at));
            count++;
        }

        return count;
    }

    /// <summary>
    /// A new comment goes to the other side: a facility user's message to the request's readers, a center user's to the
    /// facility users of the request (the orderer, the report's designated readers, facility users who wrote in the thread).
    /// </summary>
    public static async Task CommentAsync(DokueiDbContext db, ReadingRequest request, Comment comment, bool fromFacility, CancellationToken ct)
    {
        List<Guid> recipients;
        if (fromFacility)
        {
            recipients = [.. request.Tasks.Where(t => ReadingRequest.IsReadingStep(t.Step) || t.Step == ReadingStep.Correction)
                .SelectMany(t => new[] { t.AssignedTo, t.ClaimedBy }).OfType<Guid>()];
        }
        else
        {
            var report = await db.Reports.FirstOrDefaultAsync(r => r.RequestId == request.Id, ct).ConfigureAwait(false);
            var designated = report?.DesignatedReaders ?? [];
            var writers = await db.Comments.Where(c => c.RequestId == request.Id && (c.AuthorRole == nameof(UserRole.FacilityStaff) || c.AuthorRole == nameof(UserRole.ReferringPhysician)))
                .Select(c => c.AuthorId).ToListAsync(ct).ConfigureAwait(false);
            recipients = [request.OrderedBy, .. designated, .. writers];
        }

        var excerpt = comment.Body.Length > 80 ? comment.Body[..80] + "…" : comment.Body;
        Raise(db, recipients.Where(u => u != comment.AuthorId), NotificationKind.Comment, request.Id, request.FacilityId, comment.Id, "新しいコメント / New comment: " + excerpt, comment.At);
    }

    /// <summary>
    /// Tells the facility (the orderer, the designated readers and every active user of the facility) about each critical
    /// notification of the report it was not told about yet; returns how many were new.
    /// </summary>
    public static async Task<int> CriticalFindingsAsync(DokueiDbContext db, Report report, Guid orderedBy, DateTimeOffset at, CancellationToken ct)
    {
        var ids = report.CriticalNotifications.Select(n => n.Id).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        var told = await db.Notifications.Where(n => n.Kind == NotificationKind.CriticalFinding && n.SubjectId != null && ids.Contains(n.SubjectId.Value))
            .Select(n => n.SubjectId!.Value).Distinct().ToListAsync(ct).ConfigureAwait(false);
        var fresh = report.CriticalNotifications.Where(n => n.IsOpen && !told.Contains(n.Id)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var facilityUsers = await db.Users.Where(u => u.FacilityId == report.FacilityId && !u.Disabled).Select(u => u.Id).ToListAsync(ct).ConfigureAwait(false);
        foreach (var notification in fresh)
        {
            Raise(db, [orderedBy, .. report.DesignatedReaders, .. facilityUsers], NotificationKind.CriticalFinding, report.RequestId, report.FacilityId, notification.Id,
                "緊急所見があります。確認してください / Critical finding: please acknowledge", at);
        }

        return fresh.Count;
    }
}
