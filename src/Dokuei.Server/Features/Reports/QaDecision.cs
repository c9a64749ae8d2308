namespace Dokuei.Server.Features.Reports;

/// <summary>A QA check's outcome on one signed report version (レポートチェック).</summary>
/// <param name="ReportVersionId">The version checked.</param>
/// <param name="CheckerId">The QA checker.</param>
/// <param name="Approved">Approved (true) or returned to the reader (false).</param>
/// <param name="Comment">The checker's comment; required when returning.</param>
/// <param name="At">When.</param>
public sealed record QaDecision(Guid ReportVersionId, Guid CheckerId, bool Approved, string? Comment, DateTimeOffset At);
