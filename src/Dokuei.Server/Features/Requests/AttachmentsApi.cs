using Dokuei.Server.Data;
using Dokuei.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Requests;

/// <summary>An attachment as the API shows it.</summary>
public sealed record AttachmentView(Guid Id, AttachmentKind Kind, string FileName, string ContentType, long Length, string Sha256, Guid UploadedBy, DateTimeOffset UploadedAt);

/// <summary>An earlier study of the request's patient at the same facility, offered as a prior.</summary>
public sealed record PriorSuggestion(string StudyInstanceUid, string? StudyDate, string? Modalities, string? StudyDescription, string? AccessionNumber, bool Chosen);

/// <summary>The priors the facility chose.</summary>
/// <param name="StudyInstanceUids">Studies of the facility to compare with.</param>
public sealed record ChoosePriorsBody(IReadOnlyList<string> StudyInstanceUids);

/// <summary>Limits of attachments.</summary>
internal sealed record AttachmentOptions
{
    /// <summary>Largest accepted attachment.</summary>
    public long MaxBytes { get; init; } = 20 * 1024 * 1024;
}

/// <summary>
/// <c>/api/requests/{id}/attachments</c>: the facility adds files to its request (the body is the file, streamed to
/// the blob store while hashed; <c>?kind=</c> and <c>?name=</c> describe it); whoever may see the request lists and
/// downloads them. <c>/api/requests/{id}/prior-suggestions</c> and <c>/priors</c>: the facility's earlier studies of
/// the same patient, offered once the request names its study, and the ones chosen.
/// </summary>
internal static class AttachmentsApi
{
    // Content types taken, each with the bytes its files start with: the declared type must match the content.
    private static readonly Dictionary<string, byte[]> Signatures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = "%PDF-"u8.ToArray(),
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
    };

    public static void MapAttachmentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/requests/{id:guid}").WithTags("Requests");
        group.MapPost("/attachments", UploadAsync).RequireAuthorization(RequestAccess.FacilityPolicy);
        group.MapGet("/attachments", ListAsync).RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/attachments/{attachmentId:guid}", DownloadAsync).RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/prior-suggestions", SuggestPriorsAsync).RequireAuthorization(RequestAccess.FacilityPolicy);
        group.MapPut("/priors", ChoosePriorsAsync).RequireAuthorization(RequestAccess.FacilityPolicy);
    }

    private static async Task<Results<Created<AttachmentView>, NotFound, ProblemHttpResult>> UploadAsync(
        Guid id, AttachmentKind? kind, string? name, HttpContext http, DokueiDbContext db, IBlobStore blobs, AttachmentOptions options, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await RequestsApi.FindAsync(db, caller, id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        var contentType = http.Request.ContentType?.Split(';')[0].Trim() ?? "";
        if (!Signatures.TryGetValue(contentType, out var signature))
        {
            return ApiSupport.Problem(StatusCodes.Status415UnsupportedMediaType, "attachment.unsupported_type", $"Attachments are PDF, JPEG or PNG, not '{contentType}'.");
        }

        var fileName = Path.GetFileName(name ?? "").Trim();
        if (fileName.Length is 0 or > 200)
        {
            return ApiSupport.Problem(StatusCodes.Status422UnprocessableEntity, "attachment.name_required", "Name the file with ?name= (at most 200 characters).");
        }

        if (http.Request.ContentLength > options.MaxBytes)
        {
            return TooLarge(options);
        }

        var body = new GuardedStream(http.Request.Body, options.MaxBytes, signature.Length);
        StagedBlob staged;
        try
        {
            staged = await blobs.StageAsync(body, ct).ConfigureAwait(false);
        }
        catch (AttachmentTooLargeException)
        {
            return TooLarge(options);
        }

        if (staged.Length == 0 || !body.Head.AsSpan().SequenceEqual(signature))
        {
            blobs.Discard(staged);
            return ApiSupport.Problem(StatusCodes.Status415UnsupportedMediaType, "attachment.content_mismatch", $"The content is not {contentType}.");
        }

        var key = $"attachments/{request.FacilityId}/{staged.Sha256[..2]}/{staged.Sha256}";
        var committed = await blobs.CommitAsync([(staged, key)], ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var attachment = new RequestAttachment
        {
            Id = SequentialGuid.Create(now),
            RequestId = request.Id,
            FacilityId = request.FacilityId,
            Kind = kind ?? AttachmentKind.Other,
            FileName = fileName,
            ContentType = contentType.ToLowerInvariant(),
            Length = staged.Length,
            Sha256 = staged.Sha256,
            BlobKey = key,
            UploadedBy = caller.UserId,
            UploadedAt = now,
        };
        db.RequestAttachments.Add(attachment);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await blobs.SettleAsync(committed).ConfigureAwait(false);
        return TypedResults.Created($"/api/requests/{id}/attachments/{attachment.Id}", View(attachment));
    }

    private static ProblemHttpResult TooLarge(AttachmentOptions options) =>
        ApiSupport.Problem(StatusCodes.Status413PayloadTooLarge, "attachment.too_large", $"An attachment has at most {options.MaxBytes} bytes.");

    private static AttachmentView View(RequestAttachment a) => new(a.Id, a.Kind, a.FileName, a.ContentType, a.Length, a.Sha256, a.UploadedBy, a.UploadedAt);

    private static async Task<Results<Ok<List<AttachmentView>>, NotFound>> ListAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        if (await RequestsApi.FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        var items = await db.RequestAttachments.Where(a => a.RequestId == id).OrderBy(a => a.Id).AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(items.Select(View).ToList());
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(Guid id, Guid attachmentId, HttpContext http, DokueiDbContext db, IBlobStore blobs, CancellationToken ct)
    {
        if (await RequestsApi.FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        var attachment = await db.RequestAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.RequestId == id, ct).ConfigureAwait(false);
        if (attachment is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(blobs.OpenRead(attachment.BlobKey), attachment.ContentType, attachment.FileName);
    }

    private static async Task<Results<Ok<List<PriorSuggestion>>, NotFound>> SuggestPriorsAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        var request = await RequestsApi.FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await SuggestionsAsync(db, request, ct).ConfigureAwait(false));
    }

    /// <summary>The facility's other studies of the patient of the request's study, newest first (none until the study is known).</summary>
    private static async Task<List<PriorSuggestion>> SuggestionsAsync(DokueiDbContext db, ReadingRequest request, CancellationToken ct)
    {
        if (request.StudyInstanceUid is null)
        {
            return [];
        }

        // The facility filter keeps this to the request's facility; patients are namespaced by facility.
        var patient = await db.Studies.Where(s => s.FacilityId == request.FacilityId && s.StudyInstanceUid == request.StudyInstanceUid)
            .Select(s => (long?)s.PatientPk).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (patient is null)
        {
            return [];
        }

        var studies = await db.Studies.Where(s => s.FacilityId == request.FacilityId && s.PatientPk == patient && s.StudyInstanceUid != request.StudyInstanceUid)
            .AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var chosen = request.Priors.Select(p => p.StudyInstanceUid).ToHashSet(StringComparer.Ordinal);
        return [.. studies.OrderByDescending(s => s.StudyDate + s.StudyTime, StringComparer.Ordinal)
            .Select(s => new PriorSuggestion(s.StudyInstanceUid, s.StudyDate, s.ModalitiesInStudy?.Trim('\\'), s.StudyDescription, s.AccessionNumber, chosen.Contains(s.StudyInstanceUid)))];
    }

    private static async Task<Results<Ok<RequestView>, NotFound>> ChoosePriorsAsync(Guid id, ChoosePriorsBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        var request = await RequestsApi.FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        var uids = body.StudyInstanceUids.Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Studies.Where(s => s.FacilityId == request.FacilityId && uids.Contains(s.StudyInstanceUid)).Select(s => s.StudyInstanceUid).ToListAsync(ct).ConfigureAwait(false);
        if (uids.FirstOrDefault(u => !known.Contains(u) || u == request.StudyInstanceUid) is { } unknown)
        {
            throw new DomainException("request.invalid_input", $"Study {unknown} is not an earlier study of this facility.");
        }

        var suggested = (await SuggestionsAsync(db, request, ct).ConfigureAwait(false)).Select(s => s.StudyInstanceUid).ToHashSet(StringComparer.Ordinal);
        return await RequestsApi.EditAsync(id, http, db, (r, c) => r.ChangePriors(uids.Select(u => new PriorStudy(u, suggested.Contains(u))), c.UserId, time.GetUtcNow()), ct).ConfigureAwait(false);
    }
}

/// <summary>An attachment was larger than allowed.</summary>
internal sealed class AttachmentTooLargeException() : Exception("The attachment is larger than allowed.");

/// <summary>Reads a request body through, keeping its first bytes (to check the file type) and stopping past a size limit.</summary>
internal sealed class GuardedStream(Stream inner, long maxBytes, int headLength) : Stream
{
    private readonly byte[] _head = new byte[headLength];
    private int _headFilled;
    private long _read;

    /// <summary>The first bytes read (fewer when the content was shorter).</summary>
    public byte[] Head => _headFilled == _head.Length ? _head : _head[.._headFilled];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Account(buffer.AsSpan(offset, read));
        return read;
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        var take = Math.Min(_head.Length - _headFilled, data.Length);
        data[..take].CopyTo(_head.AsSpan(_headFilled));
        _headFilled += take;
        _read += data.Length;
        if (_read > maxBytes)
        {
            throw new AttachmentTooLargeException();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
