using System.Text.Json;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>Small helpers shared by the DICOMweb endpoints.</summary>
internal static class DicomWebResults
{
    public const string DicomJson = "application/dicom+json";

    /// <summary>scheme://host[/pathbase] of the request, for RetrieveURL and BulkDataURI values.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>An error as ProblemDetails JSON (RFC 9457).</summary>
    public static async Task ProblemAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object> { ["status"] = status, ["detail"] = detail }), context.RequestAborted).ConfigureAwait(false);
    }
}
