namespace Dokuei.Server.Features.Comments;

/// <summary>
/// A message in the question-and-answer thread of a request, between the facility's users and the radiologists, tied to
/// the report version it is about. Immutable once written.
/// </summary>
public sealed class Comment
{
    private Comment()
    {
        AuthorRole = string.Empty;
        Body = string.Empty;
    }

    /// <summary>Identity.</summary>
    public Guid Id { get; private set; }

    /// <summary>The request whose thread it belongs to.</summary>
    public Guid RequestId { get; private set; }

    /// <summary>The request's facility.</summary>
    public long FacilityId { get; private set; }

    /// <summary>The report version it is about, if any.</summary>
    public Guid? ReportVersionId { get; private set; }

    /// <summary>The message it answers, if any.</summary>
    public Guid? InReplyTo { get; private set; }

    /// <summary>Who wrote it.</summary>
    public Guid AuthorId { get; private set; }

    /// <summary>The author's role when writing (FacilityStaff, Radiologist...).</summary>
    public string AuthorRole { get; private set; }

    /// <summary>The text.</summary>
    public string Body { get; private set; }

    /// <summary>When it was written.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>Writes a message.</summary>
    /// <exception cref="DomainException"><c>comment.empty</c>, <c>comment.too_long</c>.</exception>
    public static Comment Write(Guid id, Guid requestId, long facilityId, Guid? reportVersionId, Guid? inReplyTo, Guid authorId, string authorRole, string body, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new DomainException("comment.empty", "A comment has text.");
        }

        if (body.Length > 10_000)
        {
            throw new DomainException("comment.too_long", "A comment has at most 10,000 characters.");
        }

        return new Comment
        {
            Id = id,
            RequestId = requestId,
            FacilityId = facilityId,
            ReportVersionId = reportVersionId,
            InReplyTo = inReplyTo,
            AuthorId = authorId,
            AuthorRole = authorRole,
            Body = body.Trim(),
            At = at,
        };
    }
}
