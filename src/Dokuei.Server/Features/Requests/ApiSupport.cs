using System.Globalization;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Requests;

/// <summary>An edit was based on a stale version of the request (If-Match) or lost a race with another edit.</summary>
internal sealed class PreconditionFailedException(string message) : Exception(message);

/// <summary>An edit came without If-Match.</summary>
internal sealed class PreconditionRequiredException(string message) : Exception(message);

/// <summary>
/// What every request and report endpoint shares: the caller and their scope (an endpoint filter), domain errors,
/// stale ETags and lost races as ProblemDetails (mapped once here), the ETag of a request, and saving a request with
/// its history.
/// </summary>
internal static class ApiSupport
{
    /// <summary>Resolves the caller, applies their facility scope, and maps the errors of the endpoint to ProblemDetails.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Requests.Caller.From(http.User) is not { } caller)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This API is for signed-in people with a role.");
        }

        RequestAccess.ApplyScope(caller, http.RequestServices.GetRequiredService<FacilityScope>());
        http.Items[typeof(Requests.Caller)] = caller;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (DomainException ex)
        {
            var status = ex.Code.EndsWith("not_found", StringComparison.Ordinal) ? StatusCodes.Status404NotFound
                : IsInvalidInput(ex.Code) ? StatusCodes.Status422UnprocessableEntity
                : StatusCodes.Status409Conflict;
            return Problem(status, ex.Code, ex.Message);
        }
        catch (PreconditionFailedException ex)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, "request.stale", ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, "request.stale", "Another edit was saved first; read again and retry.");
        }
        catch (PreconditionRequiredException ex)
        {
            return Problem(StatusCodes.Status428PreconditionRequired, "request.if_match_required", ex.Message);
        }
    }

    /// <summary>The caller set by <see cref="Filter"/>.</summary>
    public static Requests.Caller Caller(this HttpContext http) => (Requests.Caller)http.Items[typeof(Requests.Caller)]!;

    /// <summary>A ProblemDetails result with the stable code as its type and as an extension.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, type: "urn:dokuei:problem:" + code, title: code,
            extensions: new Dictionary<string, object?> { ["code"] = code });

    private static bool IsInvalidInput(string code) =>
        code.EndsWith("_required", StringComparison.Ordinal)
        || code.EndsWith("_missing", StringComparison.Ordinal)
        || code.EndsWith("_empty", StringComparison.Ordinal)
        || code.StartsWith("sla.", StringComparison.Ordinal)
        || code is "request.original_not_allowed" or "report.invalid_language" or "report.checks_failed" or "comment.too_long"
            or "request.invalid_input" or "request.step_not_in_mode" or "request.wrong_step";

    /// <summary>The request's ETag: its revision.</summary>
    public static string ETag(DokueiDbContext db, ReadingRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{db.Entry(request).Property<long>(ReadingRequestConfiguration.Revision).CurrentValue}\"");

    /// <summary>Sets the ETag header of the response.</summary>
    public static void SetETag(HttpContext http, DokueiDbContext db, ReadingRequest request) =>
        http.Response.Headers.ETag = ETag(db, request);

    /// <summary>Requires If-Match to name the request's current ETag (428 without it, 412 when stale).</summary>
    public static void RequireIfMatch(HttpContext http, DokueiDbContext db, ReadingRequest request)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
        {
            throw new PreconditionRequiredException("Edits name the version they are based on: send If-Match with the request's ETag.");
        }

        if (ifMatch.Trim() != "*" && !ifMatch.Split(',').Select(t => t.Trim()).Contains(ETag(db, request)))
        {
            throw new PreconditionFailedException("The request changed since it was read; read it again and retry.");
        }
    }

    /// <summary>
    /// Saves a request (and its report, if given) with the events it recorded, bumping their revisions. A concurrent
    /// edit that committed first makes this one fail with 412.
    /// </summary>
    public static async Task SaveAsync(DokueiDbContext db, ReadingRequest request, Report? report, CancellationToken cancellationToken)
    {
        foreach (var e in request.Events)
        {
            db.RequestEvents.Add(StoredRequestEvent.From(e, request.FacilityId));
        }

        Bump(db.Entry(request).Property<long>(ReadingRequestConfiguration.Revision), db.Entry(request).State);
        if (report is not null)
        {
            var entry = db.Entry(report);
            if (entry.State == EntityState.Detached)
            {
                db.Reports.Add(report);
            }

            Bump(entry.Property<long>(ReadingRequestConfiguration.Revision), entry.State);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new PreconditionFailedException("Another edit of this request was saved first; read it again and retry. " + ex.Message);
        }

        request.ClearEvents();
    }

    private static void Bump(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyEntry<ReadingRequest, long> property, EntityState state) => property.CurrentValue = state == EntityState.Added ? 1 : property.OriginalValue + 1;

    private static void Bump(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyEntry<Report, long> property, EntityState state) => property.CurrentValue = state == EntityState.Added ? 1 : property.OriginalValue + 1;
}
