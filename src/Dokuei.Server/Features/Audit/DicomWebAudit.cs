using Dokuei.Server.Data;

namespace Dokuei.Server.Features.Audit;

/// <summary>
/// One audit event per DICOMweb request (QIDO, WADO-RS retrieve/metadata/frames/bulk data, WADO-URI, STOW), with the
/// outcome its status tells, committed before the response starts: no byte of patient data leaves unaudited, and the
/// log's order is the order in which clients were answered. A response that breaks after it started gets a second,
/// failure, event. Deletion audits itself inside its transaction.
/// </summary>
internal static class DicomWebAudit
{
    public static async ValueTask<object?> RecordAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var written = false;
        // Handlers that stream write the response themselves: their event is written when it starts, before the
        // headers go out. With a Content-Length the client has the whole answer before the handler returns, so writing
        // after it would let the next request's event come first, and a failing log would not stop the data.
        context.Response.OnStarting(async () =>
        {
            if (written)
            {
                return; // a returned result's response, audited below: no scope needed
            }

            // The handler may be reading from its own context (metadata streams rows): the event gets another.
            var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await WriteOnceAsync(scope.ServiceProvider, context.Response.StatusCode, null).ConfigureAwait(false);
            }
        });

        object? result;
        try
        {
            result = await next(invocation).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (written)
            {
                // The response had started, audited as a success; the client gets a broken transfer, and the log a
                // second event saying so (a client that goes away is not a failure of ours: it is not recorded).
                var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    await WriteAsync(context, scope.ServiceProvider, StatusCodes.Status500InternalServerError,
                        $"failed after the response started: {exception.GetType().Name}: {Truncate(exception.Message, 500)}").ConfigureAwait(false);
                }
            }
            else
            {
                await WriteOnceAsync(context.RequestServices, StatusCodes.Status500InternalServerError, exception.GetType().Name).ConfigureAwait(false);
            }

            throw;
        }

        // A result the handler returned is executed after this filter, so its event is written here, before it starts.
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : context.Response.StatusCode;
        await WriteOnceAsync(context.RequestServices, status, null).ConfigureAwait(false);
        return result;

        // One event per request, by whichever of the three comes first.
        Task WriteOnceAsync(IServiceProvider services, int status, string? error)
        {
            if (written)
            {
                return Task.CompletedTask;
            }

            written = true;
            return WriteAsync(context, services, status, error);
        }
    }

    private static async Task WriteAsync(HttpContext context, IServiceProvider services, int status, string? error)
    {
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            return;
        }

        var (action, subjectType, subjectId) = Describe(context);
        var record = AuditRecord.For(context, action, subjectType, subjectId) with
        {
            Outcome = status < 400 ? AuditEvent.Success : AuditEvent.Failure,
            Reason = status < 400 ? null : error ?? $"HTTP {status}",
            Detail = context.Request.QueryString.HasValue ? Truncate(context.Request.QueryString.Value!, 1000) : null,
        };
        // The response may be gone (client closed it); the event is written regardless.
        await AuditLog.AppendAsync(services.GetRequiredService<DokueiDbContext>(), services.GetRequiredService<TimeProvider>(), record, CancellationToken.None).ConfigureAwait(false);
    }

    private static (string Action, string? SubjectType, string? SubjectId) Describe(HttpContext context)
    {
        var request = context.Request;
        var values = request.RouteValues;
        var study = values["study"] as string;
        var series = values["series"] as string;
        var instance = values["instance"] as string;
        var path = request.Path.Value ?? string.Empty;
        if (path.StartsWith("/wado", StringComparison.Ordinal) && !path.StartsWith("/wado-", StringComparison.Ordinal))
        {
            return ("dicomweb.wado-uri", "instance", request.Query["objectUID"].ToString() is { Length: > 0 } uid ? uid : null);
        }

        var (type, id) = instance != null ? ("instance", instance) : series != null ? ("series", series) : study != null ? ("study", study) : ((string?)null, (string?)null);
        if (HttpMethods.IsPost(request.Method))
        {
            return ("dicomweb.stow", type, id);
        }

        var last = path.TrimEnd('/')[(path.TrimEnd('/').LastIndexOf('/') + 1)..];
        if (values.ContainsKey("frames"))
        {
            return ("dicomweb.wado.frames", type, id);
        }

        if (values.ContainsKey("path"))
        {
            return ("dicomweb.wado.bulkdata", type, id);
        }

        return last switch
        {
            "metadata" => ("dicomweb.wado.metadata", type, id),
            "studies" or "series" or "instances" => ("dicomweb.qido", type, id),
            _ => ("dicomweb.wado.retrieve", type, id),
        };
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
