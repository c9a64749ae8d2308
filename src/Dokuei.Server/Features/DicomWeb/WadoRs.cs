using System.Buffers;
using System.Globalization;
using System.Text;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>
/// WADO-RS (PS3.18 section 10.4): instances of a study, series or one instance as <c>multipart/related;
/// type="application/dicom"</c> streamed from the blobs; metadata from the precomputed DICOM JSON; frames and bulk data
/// read from the stored file without loading it. The server does not transcode: a transfer syntax other than the stored
/// one is refused with 406, "*" or none given means as stored.
/// </summary>
internal static class WadoRs
{
    private const int CopyBufferSize = 256 * 1024;
    private const string BulkDataPrefix = "\"BulkDataURI\":\"" + DicomWebUris.Root + "/";

    public static async Task RetrieveAsync(HttpContext context, DokueiDbContext db, IBlobStore blobs, string study, string? series = null, string? instance = null)
    {
        var rows = await Instances(db, study, series, instance)
            .Select(i => new { i.BlobKey, i.TransferSyntaxUid, i.Size })
            .ToListAsync(context.RequestAborted).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, "not found").ConfigureAwait(false);
            return;
        }

        if (!Negotiate(context.Request, "application/dicom", out var accepted))
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status406NotAcceptable, "only multipart/related; type=\"application/dicom\" is offered").ConfigureAwait(false);
            return;
        }

        if (accepted != null && rows.FirstOrDefault(r => !accepted.Contains(r.TransferSyntaxUid)) is { } unavailable)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status406NotAcceptable,
                $"an instance is stored in {unavailable.TransferSyntaxUid}; transcoding is not offered (ask for transfer-syntax=* or that one)").ConfigureAwait(false);
            return;
        }

        var boundary = MultipartRelatedWriter.NewBoundary();
        context.Response.ContentType = MultipartRelatedWriter.ContentType("application/dicom", boundary);
        var paths = rows.Select(r => blobs.LocalPath(r.BlobKey)).ToList();
        if (paths.TrueForAll(p => p != null))
        {
            await SendFilesAsync(context, [.. rows.Select((r, i) => (paths[i]!, r.TransferSyntaxUid, r.Size))], boundary).ConfigureAwait(false);
            return;
        }

        var writer = new MultipartRelatedWriter(context.Response.Body, boundary);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            foreach (var row in rows)
            {
                await writer.WritePartAsync($"application/dicom; transfer-syntax={row.TransferSyntaxUid}",
                    (body, ct) => CopyBlobAsync(blobs, row.BlobKey, body, buffer, ct), context.RequestAborted).ConfigureAwait(false);
            }

            await writer.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Local blobs: the length of the whole multipart body is known from the index (so no chunked framing), and each file
    /// is read straight into the response's buffers, one copy fewer than through a stream. A file whose length is not the
    /// indexed one throws: the server aborts the response short, which the client sees as a broken transfer, not as
    /// wrong data, and the audit records the failure.
    /// </summary>
    private static async Task SendFilesAsync(HttpContext context, List<(string Path, string TransferSyntaxUid, long Size)> files, string boundary)
    {
        var headers = files.Select(f => Encoding.ASCII.GetBytes(MultipartRelatedWriter.PartHeader(boundary, $"application/dicom; transfer-syntax={f.TransferSyntaxUid}"))).ToList();
        var closing = Encoding.ASCII.GetBytes(MultipartRelatedWriter.Closing(boundary));
        context.Response.ContentLength = files.Select((f, i) => headers[i].Length + f.Size + 2).Sum() + closing.Length;
        var pipe = context.Response.BodyWriter;
        var cancellationToken = context.RequestAborted;
        for (var i = 0; i < files.Count; i++)
        {
            pipe.Write(headers[i]);
            using (var handle = File.OpenHandle(files[i].Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan))
            {
                if (RandomAccess.GetLength(handle) is var length && length != files[i].Size)
                {
                    throw new IOException($"stored file {Path.GetFileName(files[i].Path)} is {length} bytes, the index says {files[i].Size}");
                }

                long offset = 0;
                while (offset < files[i].Size)
                {
                    var memory = pipe.GetMemory(CopyBufferSize);
                    var read = RandomAccess.Read(handle, memory.Span[..(int)Math.Min(memory.Length, files[i].Size - offset)], offset);
                    if (read == 0)
                    {
                        throw new IOException($"stored file {Path.GetFileName(files[i].Path)} ended at {offset} of {files[i].Size} bytes");
                    }

                    pipe.Advance(read);
                    offset += read;
                    if ((await pipe.FlushAsync(cancellationToken).ConfigureAwait(false)).IsCompleted)
                    {
                        return;
                    }
                }
            }

            pipe.Write("\r\n"u8);
        }

        pipe.Write(closing);
        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams a blob into a response through one pooled buffer (one per request, not per instance).</summary>
    private static async Task CopyBlobAsync(IBlobStore blobs, string key, Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var file = blobs.OpenRead(key);
        await using (file.ConfigureAwait(false))
        {
            int read;
            // A regular file's ReadAsync on Unix is emulated on the thread pool; a read from the page cache inline is
            // several times cheaper. Other streams (a remote blob store) are read asynchronously.
            while ((read = file is FileStream ? file.Read(buffer, 0, buffer.Length) : await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await body.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task MetadataAsync(HttpContext context, DokueiDbContext db, string study, string? series = null, string? instance = null)
    {
        // Streamed row by row: a 1,000-image series never sits in memory whole.
        var absolute = "\"BulkDataURI\":\"" + DicomWebResults.BaseUrl(context.Request) + DicomWebUris.Root + "/";
        var body = context.Response.Body;
        var first = true;
        await foreach (var row in Instances(db, study, series, instance).Select(i => i.MetadataJson).AsAsyncEnumerable().WithCancellation(context.RequestAborted).ConfigureAwait(false))
        {
            // BulkDataURIs are stored relative to the server root; they become absolute for the address the client used.
            var json = row.Replace(BulkDataPrefix, absolute, StringComparison.Ordinal);
            if (first)
            {
                context.Response.ContentType = DicomWebResults.DicomJson;
                await body.WriteAsync("["u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
            }

            await body.WriteAsync(Encoding.UTF8.GetBytes(first ? json : "," + json), context.RequestAborted).ConfigureAwait(false);
            first = false;
        }

        if (first)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, "not found").ConfigureAwait(false);
            return;
        }

        await body.WriteAsync("]"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task FramesAsync(HttpContext context, DokueiDbContext db, IBlobStore blobs, string study, string series, string instance, string frames)
    {
        var numbers = new List<int>();
        foreach (var part in frames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, $"frame numbers are positive integers: {part}").ConfigureAwait(false);
                return;
            }

            numbers.Add(n);
        }

        var file = await OpenAsync(context, db, blobs, study, series, instance).ConfigureAwait(false);
        if (file == null)
        {
            return;
        }

        Dokuei.Dicom.Imaging.DicomPixelData pixels;
        try
        {
            pixels = new Dokuei.Dicom.Imaging.DicomPixelData(file);
        }
        catch (Dokuei.Dicom.Imaging.DicomPixelDataException ex)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, $"no frames: {ex.Message}").ConfigureAwait(false);
            return;
        }

        if (numbers.FirstOrDefault(n => n > pixels.FrameCount) is > 0 and var missing)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, $"frame {missing} of {pixels.FrameCount}").ConfigureAwait(false);
            return;
        }

        var stored = pixels.TransferSyntax;
        var mediaType = FrameMediaType(stored);
        var frameSyntax = stored.IsEncapsulated ? stored.Uid : TransferSyntax.ExplicitVRLittleEndian.Uid;
        if (!Negotiate(context.Request, mediaType, out var accepted, allowOctetStream: true) || (accepted != null && !accepted.Contains(frameSyntax)))
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status406NotAcceptable,
                $"frames are stored as {mediaType}; transfer-syntax={frameSyntax}; transcoding is not offered").ConfigureAwait(false);
            return;
        }

        var boundary = MultipartRelatedWriter.NewBoundary();
        context.Response.ContentType = MultipartRelatedWriter.ContentType(mediaType, boundary);
        var writer = new MultipartRelatedWriter(context.Response.Body, boundary);
        foreach (var n in numbers)
        {
            await writer.WritePartAsync($"{mediaType}; transfer-syntax={frameSyntax}", (body, ct) => pixels.CopyFrameToAsync(n - 1, body, ct), context.RequestAborted).ConfigureAwait(false);
        }

        await writer.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task BulkDataAsync(HttpContext context, DokueiDbContext db, IBlobStore blobs, string study, string series, string instance, string path)
    {
        var file = await OpenAsync(context, db, blobs, study, series, instance).ConfigureAwait(false);
        if (file == null)
        {
            return;
        }

        var steps = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var dataset = file.Dataset;
        DicomElement? element = null;
        for (var i = 0; i < steps.Length; i++)
        {
            if (!DicomTag.TryParse(steps[i], out var tag) || dataset[tag] is not { } found)
            {
                element = null;
                break;
            }

            if (i == steps.Length - 1)
            {
                element = found;
            }
            else if (found is DicomSequence sequence && i + 1 < steps.Length - 1
                && int.TryParse(steps[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var item) && item < sequence.Items.Count)
            {
                dataset = sequence.Items[item];
            }
            else
            {
                break;
            }
        }

        Func<Stream, CancellationToken, Task>? copy = element switch
        {
            DicomValueElement value => (body, ct) => value.Buffer.CopyToAsync(body, ct),
            DicomFragmentSequence when element.Tag == DicomTag.PixelData && ReferenceEquals(dataset, file.Dataset) =>
                (body, ct) => new Dokuei.Dicom.Imaging.DicomPixelData(file).CopyToAsync(body, ct),
            _ => null,
        };
        if (copy == null)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, $"no bulk data at {path}").ConfigureAwait(false);
            return;
        }

        var accept = context.Request.Headers.Accept.ToString();
        if (accept.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = "application/octet-stream";
            await copy(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var boundary = MultipartRelatedWriter.NewBoundary();
        context.Response.ContentType = MultipartRelatedWriter.ContentType("application/octet-stream", boundary);
        var writer = new MultipartRelatedWriter(context.Response.Body, boundary);
        await writer.WritePartAsync("application/octet-stream", copy, context.RequestAborted).ConfigureAwait(false);
        await writer.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Current instances of a study, series or instance, in the caller's scope, in series and instance order.</summary>
    internal static IQueryable<Instance> Instances(DokueiDbContext db, string study, string? series, string? instance)
    {
        var query = db.Instances.Where(i => i.IsCurrent && i.Series.Study.StudyInstanceUid == study);
        if (series != null)
        {
            query = query.Where(i => i.Series.SeriesInstanceUid == series);
        }

        if (instance != null)
        {
            query = query.Where(i => i.SopInstanceUid == instance);
        }

        return query.OrderBy(i => i.SeriesPk).ThenBy(i => i.InstanceNumber).ThenBy(i => i.Id);
    }

    /// <summary>Reads an instance's dataset, leaving values of 1 KiB and more in the file; writes 404 and returns null if absent.</summary>
    private static async Task<DicomFile?> OpenAsync(HttpContext context, DokueiDbContext db, IBlobStore blobs, string study, string series, string instance)
    {
        var key = await Instances(db, study, series, instance).Select(i => i.BlobKey).FirstOrDefaultAsync(context.RequestAborted).ConfigureAwait(false);
        if (key == null)
        {
            await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, "not found").ConfigureAwait(false);
            return null;
        }

        var stream = blobs.OpenRead(key);
        await using (stream.ConfigureAwait(false))
        {
            return await DicomFileReader.ReadAsync(stream, new DicomReaderOptions { LeaveInFileThreshold = 1024 }, sink: null, blobs.LocalPath(key), context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks the Accept header against the offered multipart type. <paramref name="transferSyntaxes"/> is null when any is
    /// acceptable (no Accept, */*, transfer-syntax=* or none given), else the accepted UIDs.
    /// </summary>
    internal static bool Negotiate(HttpRequest request, string type, out HashSet<string>? transferSyntaxes, bool allowOctetStream = false)
    {
        transferSyntaxes = null;
        var header = request.Headers.Accept;
        if (header.Count == 0 || !MediaTypeHeaderValue.TryParseList(header, out var ranges) || ranges.Count == 0)
        {
            return true;
        }

        var matched = false;
        var syntaxes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in ranges)
        {
            var media = range.MediaType.ToString();
            if (media is "*/*" or "multipart/*")
            {
                return true;
            }

            if (!media.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var partType = HeaderUtilities.RemoveQuotes(range.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? default).ToString();
            if (partType.Length > 0 && !partType.Equals(type, StringComparison.OrdinalIgnoreCase) && !(allowOctetStream && partType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)) && partType != "*/*")
            {
                continue;
            }

            matched = true;
            var syntax = HeaderUtilities.RemoveQuotes(range.Parameters.FirstOrDefault(p => p.Name.Equals("transfer-syntax", StringComparison.OrdinalIgnoreCase))?.Value ?? default).ToString();
            if (syntax.Length == 0 || syntax == "*")
            {
                return true;
            }

            syntaxes.Add(syntax);
        }

        transferSyntaxes = syntaxes;
        return matched;
    }

    private static string FrameMediaType(TransferSyntax syntax) => !syntax.IsEncapsulated ? "application/octet-stream" : syntax.Uid switch
    {
        "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70" => "image/jpeg",
        "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => "image/jls",
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" => "image/jp2",
        "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93" => "image/jpx",
        "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => "image/jphc",
        "1.2.840.10008.1.2.5" => "image/x-dicom-rle",
        _ => "application/octet-stream",
    };
}
