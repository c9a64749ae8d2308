using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dokuei.Server.Features.Identity;

/// <summary>ProblemDetails with a stable <c>code</c> (also in <c>type</c>), as every API error is answered.</summary>
internal static class Problems
{
    public static ProblemHttpResult Of(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = "urn:dokuei:problem:" + code,
            Title = code,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (extensions != null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>The HTTP status for a domain error code: who may not (403), not found (404), not now (409), not valid (422).</summary>
    public static int StatusOf(string code)
    {
        var rule = code[(code.LastIndexOf('.') + 1)..];
        return rule switch
        {
            _ when rule.EndsWith("not_found", StringComparison.Ordinal) => StatusCodes.Status404NotFound,
            "not_assignee" or "not_claimant" or "forbidden" or "blind_result_hidden" or "qa_by_reader" => StatusCodes.Status403Forbidden,
            "invalid_transition" or "closed" or "not_scheduled" or "not_in_progress" or "not_ready" or "not_reassignable" or "wrong_step" or "version_conflict" or "exists" => StatusCodes.Status409Conflict,
            _ when rule.StartsWith("already_", StringComparison.Ordinal) => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
    }
}
