using Dokuei.Dicom;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.Facilities;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 section 10.5): <c>POST /dicomweb/studies[/{study}]</c> with <c>multipart/related; type="application/dicom"</c>.
/// Each part is streamed into the archive as it arrives (never buffered whole); the response is the store response
/// dataset in DICOM JSON: 200 when all were stored, 202 when some failed or were stored with a warning, 409 when none.
/// </summary>
internal static class StowRs
{
    private const int BatchInstances = 64;
    private const long BatchBytes = 256L * 1024 * 1024;

    public static async Task StoreAsync(HttpContext context, ArchiveIngest ingest, string? study = null)
    {
        var cancellationToken = context.RequestAborted;
        if (context.User.FacilityId() is not { } facilityId)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status403Forbidden, "Instances are stored through a facility's credential; the operator credential owns no studies.").ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "expected multipart/related; type=\"application/dicom\"").ConfigureAwait(false);
            return;
        }

        var rootType = HeaderUtilities.RemoveQuotes(mediaType.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? default).ToString();
        if (rootType.Length > 0 && !rootType.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, $"type=\"{rootType}\" is not supported; send application/dicom parts").ConfigureAwait(false);
            return;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString();
        if (boundary.Length == 0)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, "multipart/related without a boundary").ConfigureAwait(false);
            return;
        }

        // Parts are staged as they arrive and completed in batches: one disk flush and one index transaction per batch.
        // Nothing is acknowledged before its batch is complete (the response goes out after the last one).
        var results = new List<StoreResult>();
        var batch = new List<PreparedInstance>();
        long batchBytes = 0;
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                var partType = section.ContentType is { Length: > 0 } t && MediaTypeHeaderValue.TryParse(t, out var pt) ? pt.MediaType.ToString() : "application/dicom";
                if (!partType.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
                {
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    await CompleteAsync().ConfigureAwait(false);
                    results.Add(StoreResult.Failure(StoreResult.Reasons.CannotUnderstand, $"part of type {partType} is not application/dicom"));
                    continue;
                }

                var prepared = await ingest.PrepareAsync(facilityId, section.Body, study, cancellationToken).ConfigureAwait(false);
                batch.Add(prepared);
                batchBytes += prepared.Staged.Length;
                if (batch.Count >= BatchInstances || batchBytes >= BatchBytes)
                {
                    await CompleteAsync().ConfigureAwait(false);
                }
            }

            await CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A malformed multipart body ends the request; what was read before is stored and reported.
            await CompleteAsync().ConfigureAwait(false);
            results.Add(StoreResult.Failure(StoreResult.Reasons.CannotUnderstand, $"malformed multipart body: {ex.Message}"));
        }
        finally
        {
            ingest.Discard(batch);
        }

        async Task CompleteAsync()
        {
            if (batch.Count > 0)
            {
                var completing = batch.ToList();
                batch.Clear();
                batchBytes = 0;
                results.AddRange(await ingest.CompleteAsync(completing, cancellationToken).ConfigureAwait(false));
            }
        }

        if (results.Count == 0)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, "the request holds no instances").ConfigureAwait(false);
            return;
        }

        var baseUrl = DicomWebResults.BaseUrl(context.Request);
        var response = new DicomDataset();
        response.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        var studies = results.Where(r => r.StudyInstanceUid != null).Select(r => r.StudyInstanceUid!).Distinct(StringComparer.Ordinal).ToList();
        if (studies.Count == 1)
        {
            response.SetString(DicomTag.RetrieveURL, baseUrl + DicomWebUris.Study(studies[0]));
        }

        var referenced = new List<DicomDataset>();
        var failed = new List<DicomDataset>();
        var warnings = new List<string>();
        foreach (var result in results)
        {
            var item = new DicomDataset();
            if (result.SopClassUid != null)
            {
                item.SetString(DicomTag.ReferencedSOPClassUID, result.SopClassUid);
            }

            if (result.SopInstanceUid != null)
            {
                item.SetString(DicomTag.ReferencedSOPInstanceUID, result.SopInstanceUid);
            }

            if (result.Succeeded)
            {
                item.SetString(DicomTag.RetrieveURL, baseUrl + DicomWebUris.Instance(result.StudyInstanceUid!, result.SeriesInstanceUid!, result.SopInstanceUid!));
                if (result.Outcome == StoreOutcome.StoredAsNewVersion)
                {
                    // Coercion of data elements is the nearest standard warning: what is retrieved now differs from what was stored before.
                    item.SetUInt16(DicomTag.WarningReason, 0xB000);
                    warnings.Add($"{result.SopInstanceUid} had been stored with different content; kept as version {result.Version}");
                }

                referenced.Add(item);
            }
            else
            {
                item.SetUInt16(DicomTag.FailureReason, result.FailureReason);
                failed.Add(item);
                warnings.Add($"{result.SopInstanceUid ?? "part " + (results.IndexOf(result) + 1)}: {result.Message}");
            }
        }

        if (referenced.Count > 0)
        {
            response.SetSequence(DicomTag.ReferencedSOPSequence, [.. referenced]);
        }

        if (failed.Count > 0)
        {
            response.SetSequence(DicomTag.FailedSOPSequence, [.. failed]);
        }

        foreach (var warning in warnings.Take(20))
        {
            context.Response.Headers.Append(HeaderNames.Warning, $"299 dokuei \"{warning.Replace('"', '\'')}\"");
        }

        context.Response.StatusCode = referenced.Count == 0 ? StatusCodes.Status409Conflict
            : failed.Count > 0 || warnings.Count > 0 ? StatusCodes.Status202Accepted
            : StatusCodes.Status200OK;
        context.Response.ContentType = DicomWebResults.DicomJson;
        await DicomJsonWriter.WriteAsync(context.Response.Body, response, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
