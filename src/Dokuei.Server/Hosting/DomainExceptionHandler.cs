using Dokuei.Server.Features;
using Dokuei.Server.Features.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Dokuei.Server.Hosting;

/// <summary>
/// The one place a <see cref="DomainException"/> becomes a response: ProblemDetails with the exception's stable code
/// (in <c>code</c> and <c>type</c>) and a status by the kind of rule (see <see cref="Problems.StatusOf"/>).
/// </summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DomainException domain || httpContext.Response.HasStarted)
        {
            return false;
        }

        var status = Problems.StatusOf(domain.Code);
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = "urn:dokuei:problem:" + domain.Code, Title = domain.Code, Detail = domain.Message };
        problem.Extensions["code"] = domain.Code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }
}
