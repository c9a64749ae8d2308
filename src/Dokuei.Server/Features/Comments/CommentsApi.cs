using Dokuei.Server.Data;
using Dokuei.Server.Features.Notifications;
using Dokuei.Server.Features.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Comments;

/// <summary>A new comment.</summary>
/// <param name="Body">The text.</param>
/// <param name="ReportVersionId">The report version it is about.</param>
/// <param name="InReplyTo">The comment it answers.</param>
public sealed record CommentBody(string Body, Guid? ReportVersionId, Guid? InReplyTo);

/// <summary><c>/api/requests/{id}/comments</c>: the Q&amp;A thread of a request, for whoever may see the request.</summary>
internal static class CommentsApi
{
    public static void MapCommentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/requests/{id:guid}/comments").WithTags("Comments").RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/", ListAsync);
        group.MapPost("/", WriteAsync);
    }

    private static async Task<Results<Ok<List<Comment>>, NotFound>> ListAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        if (await RequestsApi.FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        // Ids are version 7 UUIDs: in the order written.
        return TypedResults.Ok(await db.Comments.Where(c => c.RequestId == id).OrderBy(c => c.Id).AsNoTracking().ToListAsync(ct).ConfigureAwait(false));
    }

    private static async Task<Results<Created<Comment>, NotFound>> WriteAsync(Guid id, CommentBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await RequestsApi.FindAsync(db, caller, id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        if (body.ReportVersionId is { } versionId
            && !await db.Reports.AnyAsync(r => r.RequestId == id && r.Versions.Any(v => v.Id == versionId), ct).ConfigureAwait(false))
        {
            throw new DomainException("comment.version_not_found", "The comment is about a report version of another request.");
        }

        var now = time.GetUtcNow();
        var comment = Comment.Write(SequentialGuid.Create(now), id, request.FacilityId, body.ReportVersionId, body.InReplyTo, caller.UserId, caller.Role.ToString(), body.Body, now);
        db.Comments.Add(comment);
        await Notifier.CommentAsync(db, request, comment, caller.IsFacilityUser, ct).ConfigureAwait(false);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/requests/{id}/comments/{comment.Id}", comment);
    }
}
