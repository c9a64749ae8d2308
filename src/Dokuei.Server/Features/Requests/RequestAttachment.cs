using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Requests;

/// <summary>What an attachment of a request is.</summary>
public enum AttachmentKind
{
    /// <summary>The facility's request form (依頼票).</summary>
    RequestForm,

    /// <summary>An earlier report to compare with.</summary>
    EarlierReport,

    /// <summary>Anything else the reader should see.</summary>
    Other,
}

/// <summary>
/// A file attached to a request (request form PDF, earlier reports): its content lives in the blob store under a key
/// derived from its SHA-256; the row says what it is, who sent it and its hash for verification.
/// </summary>
internal sealed class RequestAttachment
{
    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    public long FacilityId { get; set; }

    public AttachmentKind Kind { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Length { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The blob store key.</summary>
    public required string BlobKey { get; set; }

    public Guid UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>The <c>request_attachments</c> table; the facility filter is applied by the DbContext.</summary>
internal sealed class RequestAttachmentConfiguration : IEntityTypeConfiguration<RequestAttachment>
{
    public void Configure(EntityTypeBuilder<RequestAttachment> e)
    {
        e.ToTable("request_attachments");
        e.HasKey(a => a.Id);
        e.Property(a => a.Id).ValueGeneratedNever();
        e.Property(a => a.Kind).HasConversion<string>();
        e.HasIndex(a => a.RequestId);
        JsonColumn.UtcInstants(e.Metadata);
    }
}
