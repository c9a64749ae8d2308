namespace Dokuei.Server.Features.Reports;

/// <summary>
/// 既読: a person opened a report version. <see cref="CountsAsRead"/> is true when that person is the ordering
/// physician or someone the facility designated, so "read" never means "opened by someone at the facility".
/// </summary>
/// <param name="ReportVersionId">The version opened.</param>
/// <param name="UserId">Who opened it.</param>
/// <param name="At">When it was first opened by them.</param>
/// <param name="CountsAsRead">Whether this person's reading counts as the report being read.</param>
public sealed record ReadReceipt(Guid ReportVersionId, Guid UserId, DateTimeOffset At, bool CountsAsRead);
