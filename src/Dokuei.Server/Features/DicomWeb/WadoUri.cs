using Dokuei.Server.Data;
using Dokuei.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>
/// WADO-URI (PS3.18 section 9): <c>/wado?requestType=WADO&amp;studyUID=&amp;seriesUID=&amp;objectUID=&amp;contentType=application/dicom</c>.
/// Only application/dicom is offered (no rendering yet); a missing contentType is taken as application/dicom, since the
/// archive has nothing else to give.
/// </summary>
internal static class WadoUri
{
    public static async Task GetAsync(HttpContext context, DokueiDbContext db, IBlobStore blobs)
    {
        var query = context.Request.Query;
        if (!query["requestType"].ToString().Equals("WADO", StringComparison.OrdinalIgnoreCase))
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, "requestType=WADO is required").ConfigureAwait(false);
            return;
        }

        string study = query["studyUID"].ToString(), series = query["seriesUID"].ToString(), instance = query["objectUID"].ToString();
        if (study.Length == 0 || series.Length == 0 || instance.Length == 0)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, "studyUID, seriesUID and objectUID are required").ConfigureAwait(false);
            return;
        }

        var contentType = query["contentType"].ToString();
        if (contentType.Length > 0 && !contentType.Split(',').Any(t => t.Trim() is "application/dicom" or "*/*"))
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status406NotAcceptable, "only contentType=application/dicom is offered").ConfigureAwait(false);
            return;
        }

        var row = await WadoRs.Instances(db, study, series, instance).Select(i => new { i.BlobKey, i.TransferSyntaxUid, i.Size })
            .FirstOrDefaultAsync(context.RequestAborted).ConfigureAwait(false);
        if (row == null)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, "not found").ConfigureAwait(false);
            return;
        }

        // "*" is any transfer syntax, as in WADO-RS: dicomweb-client's WADO-URI URLs (and viewers built on it) carry it by default.
        var transferSyntax = query["transferSyntax"].ToString();
        if (transferSyntax.Length > 0 && transferSyntax != "*" && transferSyntax != row.TransferSyntaxUid)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status406NotAcceptable, $"the instance is stored in {row.TransferSyntaxUid}; transcoding is not offered").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/dicom";
        context.Response.ContentLength = row.Size;
        var file = blobs.OpenRead(row.BlobKey);
        await using (file.ConfigureAwait(false))
        {
            await file.CopyToAsync(context.Response.Body, 256 * 1024, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
