using System.Globalization;
using System.Text;
using Dokuei.Server.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Audit;

/// <summary>
/// One audit event per call of the workflow API (<c>/api/requests...</c>, reports, comments, notifications, menus):
/// reads and changes alike, written after the handler with the outcome its status tells (a 404 for a request the
/// caller may not see is a failure too). Calls refused before the handler (401, 403 by a policy) are audited by
/// <see cref="AuditingAuthorizationResultHandler"/>. The action is derived from the route, so every endpoint of the
/// group is covered without a line of its own: <c>GET</c> → <c>.read</c>, <c>PUT</c> → <c>.update</c>,
/// <c>DELETE</c> → <c>.delete</c>, <c>POST</c> to a verb after an id → the verb (<c>requests.accept</c>,
/// <c>requests.steps.claim</c>), other <c>POST</c>s → <c>.create</c>.
/// </summary>
internal static class ApiAudit
{
    // Collections posted to right after an id: their POST creates an item rather than naming a verb.
    private static readonly HashSet<string> Collections = new(StringComparer.Ordinal) { "comments", "attachments" };

    /// <summary>Endpoint metadata that marks the endpoints this audit covers (set on their route group).</summary>
    public sealed class Marker
    {
        public static readonly Marker Instance = new();
    }

    /// <summary>The endpoint filter: runs the handler, then appends the event.</summary>
    public static async ValueTask<object?> RecordAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        object? result;
        try
        {
            result = await next(invocation).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await WriteAsync(context, StatusCodes.Status500InternalServerError, exception.GetType().Name, null).ConfigureAwait(false);
            throw;
        }

        // Handlers return unions (Results<Ok<T>, NotFound>): the status is the chosen result's.
        var chosen = result is INestedHttpResult nested ? nested.Result : result;
        var status = chosen is IStatusCodeHttpResult { StatusCode: { } code } ? code : context.Response.StatusCode;
        var reason = chosen is IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails problem } ? problem.Title : null;
        await WriteAsync(context, status, reason, chosen is IResult r ? CreatedId(r) : null).ConfigureAwait(false);
        return result;
    }

    /// <summary>Appends the event for a call with <paramref name="status"/>; used by the filter and by the denial handler.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string? reason, string? createdId)
    {
        var (action, subject, detail) = Describe(context);
        var services = context.RequestServices;
        var db = services.GetRequiredService<DokueiDbContext>();
        string? subjectType = null;
        string? subjectId = null;
        long? facilityId = null;
        var requestId = context.Request.RouteValues["id"] as string;
        if (action.StartsWith("requests", StringComparison.Ordinal) && (requestId ?? createdId) is { } id)
        {
            subjectType = "request";
            subjectId = id;
            if (Guid.TryParse(id, out var guid))
            {
                // The request's facility, also when the caller may not see it: the event belongs to that facility's record.
                facilityId = await db.ReadingRequests.IgnoreQueryFilters().Where(q => q.Id == guid).Select(q => (long?)q.FacilityId)
                    .FirstOrDefaultAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        else if ((requestId ?? createdId) is { } other)
        {
            subjectType = subject;
            subjectId = other;
        }

        var record = AuditRecord.For(context, action, subjectType, subjectId, facilityId) with
        {
            Outcome = status < 400 ? AuditEvent.Success : AuditEvent.Failure,
            Reason = status < 400 ? null : reason is null ? $"HTTP {status}" : $"HTTP {status} {reason}",
            Detail = detail,
        };
        // The response may be gone (client closed it); the event is written regardless.
        await AuditLog.AppendAsync(db, services.GetRequiredService<TimeProvider>(), record, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The action named by the endpoint's route and method, the kind of thing its id names (the literal before the id,
    /// singular), and the other route values and the query as detail.
    /// </summary>
    public static (string Action, string? SubjectType, string? Detail) Describe(HttpContext context)
    {
        var method = context.Request.Method;
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern;
        var literals = new List<string>();
        var lastIsParameter = false;
        var verbAfterParameter = false;
        string? subject = null;
        foreach (var segment in pattern?.PathSegments ?? [])
        {
            if (segment.Parts is [RoutePatternLiteralPart literal])
            {
                verbAfterParameter = lastIsParameter;
                lastIsParameter = false;
                if (literal.Content != "api")
                {
                    literals.Add(literal.Content);
                }
            }
            else
            {
                lastIsParameter = true;
                if (segment.Parts is [RoutePatternParameterPart { Name: "id" }] && literals.Count > 0)
                {
                    subject = literals[^1];
                }
            }
        }

        subject ??= literals.Count > 0 ? literals[^1] : null;
        subject = subject is { Length: > 1 } && subject.EndsWith('s') ? subject[..^1] : subject;

        var name = literals.Count == 0 ? "api" : string.Join('.', literals);
        var action = method switch
        {
            "GET" or "HEAD" => name + ".read",
            "PUT" or "PATCH" => name + ".update",
            "DELETE" => name + ".delete",
            _ when !lastIsParameter && verbAfterParameter && !Collections.Contains(literals[^1]) => name,
            _ => name + ".create",
        };

        var detail = new StringBuilder();
        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (key != "id" && value is string text && pattern?.GetParameter(key) is not null)
            {
                detail.Append(detail.Length == 0 ? "" : "&").Append(key).Append('=').Append(text);
            }
        }

        if (context.Request.QueryString.HasValue)
        {
            detail.Append(detail.Length == 0 ? "" : "&").Append(context.Request.QueryString.Value!.TrimStart('?'));
        }

        return (action, subject, detail.Length == 0 ? null : detail.Length > 1000 ? detail.ToString(0, 1000) : detail.ToString());
    }

    // The id of what a POST created, from its Location (…/{id}). Created<T> is generic over the body and has no
    // non-generic interface for its location, hence the property lookup.
    private static string? CreatedId(IResult result)
    {
        var location = result.GetType().GetProperty("Location")?.GetValue(result) as string;
        if (location is null)
        {
            return null;
        }

        var last = location.TrimEnd('/');
        last = last[(last.LastIndexOf('/') + 1)..];
        return Guid.TryParse(last, out _) || long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? last : null;
    }
}

/// <summary>
/// Audits calls of the workflow API that authorization refused (401 anonymous, 403 wrong role) before any handler ran,
/// then answers as the default handler does.
/// </summary>
internal sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) && context.GetEndpoint()?.Metadata.GetMetadata<ApiAudit.Marker>() is not null)
        {
            var status = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            await ApiAudit.WriteAsync(context, status, "denied", null).ConfigureAwait(false);
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
