using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Features.Reports;

/// <summary>A report version as the API shows it.</summary>
public sealed record ReportVersionView(
    Guid Id,
    int Number,
    ReadingStep? Step,
    Guid AuthorId,
    ReportVersionStatus Status,
    string Findings,
    string Impression,
    string Recommendation,
    string? AddendumText,
    bool Critical,
    IReadOnlyList<string> KeyImages,
    string Language,
    string? TemplateCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SignedAt,
    IReadOnlyList<ReportCheckFinding> Checks,
    bool Read)
{
    internal static ReportVersionView Of(ReportVersion v, Report report) => new(
        v.Id, v.Number, v.Step, v.AuthorId, v.Status, v.Findings, v.Impression, v.Recommendation, v.AddendumText, v.Critical,
        v.KeyImages, v.Language, v.TemplateCode, v.CreatedAt, v.UpdatedAt, v.SignedAt, v.Checks, report.IsRead(v.Id));
}

/// <summary>A critical-finding notification as the API shows it.</summary>
public sealed record CriticalNotificationView(
    Guid Id,
    Guid RequestId,
    long FacilityId,
    Guid ReportVersionId,
    Guid RaisedBy,
    DateTimeOffset RaisedAt,
    DateTimeOffset EscalateAt,
    DateTimeOffset? EscalatedAt,
    Guid? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgementNote,
    bool Open)
{
    internal static CriticalNotificationView Of(CriticalNotification n, Report r) => new(
        n.Id, r.RequestId, r.FacilityId, n.ReportVersionId, n.RaisedBy, n.RaisedAt, n.EscalateAt, n.EscalatedAt, n.AcknowledgedBy,
        n.AcknowledgedAt, n.AcknowledgementNote, n.IsOpen);
}

/// <summary>A report as the caller may see it.</summary>
public sealed record ReportView(
    Guid Id,
    Guid RequestId,
    IReadOnlyList<ReportVersionView> Versions,
    IReadOnlyList<QaDecision> QaDecisions,
    IReadOnlyList<CriticalNotificationView> CriticalNotifications,
    IReadOnlyList<Guid> DesignatedReaders,
    IReadOnlyList<ReadReceipt> ReadReceipts);

/// <summary>Starts a draft of a claimed step.</summary>
/// <param name="Step">The step the caller has claimed.</param>
/// <param name="TemplateCode">A template to start from.</param>
/// <param name="Content">Content to start with (wins over the template).</param>
public sealed record StartDraftBody(ReadingStep Step, string? TemplateCode, ReportContent? Content);

/// <summary>Signs a draft; discrepancies are for a reconciliation.</summary>
/// <param name="Discrepancies">Disagreements between blind readings.</param>
public sealed record SignBody(IReadOnlyList<Discrepancy>? Discrepancies);

/// <summary>A QA decision.</summary>
/// <param name="Approve">Approve (true) or return to the reader (false).</param>
/// <param name="Comment">Required when returning.</param>
public sealed record QaBody(bool Approve, string? Comment);

/// <summary>An addendum.</summary>
/// <param name="Text">What it adds.</param>
/// <param name="Critical">Whether it reports a critical finding.</param>
public sealed record AddendumBody(string Text, bool Critical);

/// <summary>A person whose reading counts as the report being read.</summary>
/// <param name="UserId">The person.</param>
public sealed record DesignateBody(Guid UserId);

/// <summary>Settings of reporting.</summary>
public sealed class ReportingOptions
{
    /// <summary>How long a critical finding may stay unacknowledged before it goes to the coordinators.</summary>
    public TimeSpan CriticalEscalation { get; set; } = TimeSpan.FromMinutes(30);
}
