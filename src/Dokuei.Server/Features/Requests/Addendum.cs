namespace Dokuei.Server.Features.Requests;

/// <summary>A signed addition to a final report; a new report version, the earlier ones stay readable.</summary>
/// <param name="ReportVersionId">The report version that holds the addendum.</param>
/// <param name="AuthorId">The radiologist who signed it.</param>
/// <param name="At">When it was signed.</param>
public sealed record Addendum(Guid ReportVersionId, Guid AuthorId, DateTimeOffset At);
