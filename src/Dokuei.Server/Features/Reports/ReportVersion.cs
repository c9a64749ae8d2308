using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Features.Reports;

/// <summary>
/// One version of a report: a draft of one reading step by its author, immutable once signed. Only its
/// <see cref="Report"/> changes it.
/// </summary>
public sealed class ReportVersion
{
    private List<string> _keyImages = [];
    private List<ReportCheckFinding> _checks = [];

    private ReportVersion()
    {
        Findings = string.Empty;
        Impression = string.Empty;
        Recommendation = string.Empty;
        Language = "ja";
    }

    internal ReportVersion(Guid id, int number, ReadingStep? step, Guid authorId, DateTimeOffset at)
        : this()
    {
        Id = id;
        Number = number;
        Step = step;
        AuthorId = authorId;
        CreatedAt = at;
        UpdatedAt = at;
        Status = ReportVersionStatus.Draft;
    }

    /// <summary>Identity of the version (the result of its reading task).</summary>
    public Guid Id { get; private set; }

    /// <summary>1, 2, 3... in the order the versions were started.</summary>
    public int Number { get; private set; }

    /// <summary>The reading step it belongs to; null for an addendum.</summary>
    public ReadingStep? Step { get; private set; }

    /// <summary>Who writes and signs it.</summary>
    public Guid AuthorId { get; private set; }

    /// <summary>Draft or how it was signed.</summary>
    public ReportVersionStatus Status { get; private set; }

    /// <summary>Findings.</summary>
    public string Findings { get; private set; }

    /// <summary>Impression.</summary>
    public string Impression { get; private set; }

    /// <summary>Recommendation.</summary>
    public string Recommendation { get; private set; }

    /// <summary>For an addendum: what it adds.</summary>
    public string? AddendumText { get; private set; }

    /// <summary>Whether it reports a critical finding.</summary>
    public bool Critical { get; private set; }

    /// <summary>Key images (SOP Instance UIDs).</summary>
    public IReadOnlyList<string> KeyImages => _keyImages;

    /// <summary>Language, <c>ja</c> or <c>en</c>.</summary>
    public string Language { get; private set; }

    /// <summary>The template it was started from.</summary>
    public string? TemplateCode { get; private set; }

    /// <summary>When it was started.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the draft was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When it was signed.</summary>
    public DateTimeOffset? SignedAt { get; private set; }

    /// <summary>The automatic checks as they stood when it was signed.</summary>
    public IReadOnlyList<ReportCheckFinding> Checks => _checks;

    /// <summary>Whether it is signed (immutable).</summary>
    public bool IsSigned => Status != ReportVersionStatus.Draft;

    /// <summary>Its content.</summary>
    public ReportContent Content => new()
    {
        Findings = Findings,
        Impression = Impression,
        Recommendation = Recommendation,
        Critical = Critical,
        KeyImages = [.. _keyImages],
        Language = Language,
        TemplateCode = TemplateCode,
    };

    internal void Write(ReportContent content, DateTimeOffset at)
    {
        if (content.Language is not ("ja" or "en"))
        {
            throw new DomainException("report.invalid_language", $"A report is written in ja or en, not '{content.Language}'.");
        }

        Findings = content.Findings;
        Impression = content.Impression;
        Recommendation = content.Recommendation;
        Critical = content.Critical;
        _keyImages = [.. content.KeyImages];
        Language = content.Language;
        TemplateCode = content.TemplateCode;
        UpdatedAt = at;
    }

    internal void Sign(ReportVersionStatus status, IEnumerable<ReportCheckFinding> checks, DateTimeOffset at)
    {
        Status = status;
        _checks = [.. checks];
        SignedAt = at;
    }

    internal void SetAddendumText(string text) => AddendumText = text;
}
