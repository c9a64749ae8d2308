namespace Dokuei.Server.Features.Sla;

/// <summary>The deadline monitor's rule: a share of the time between receipt and due time marks a request at risk.</summary>
public sealed record DeadlinePolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="atRiskFraction">Share of the time used that marks a request at risk, in (0, 1); e.g. 0.75.</param>
    /// <exception cref="DomainException"><c>sla.invalid_deadline_policy</c>: the share is not in (0, 1).</exception>
    public DeadlinePolicy(double atRiskFraction)
    {
        if (atRiskFraction is <= 0 or >= 1 || double.IsNaN(atRiskFraction))
        {
            throw new DomainException("sla.invalid_deadline_policy", $"The at-risk share must be between 0 and 1, not {atRiskFraction}.");
        }

        AtRiskFraction = atRiskFraction;
    }

    /// <summary>Share of the time used that marks a request at risk.</summary>
    public double AtRiskFraction { get; }

    /// <summary>At risk once 75% of the time is used.</summary>
    public static DeadlinePolicy Default { get; } = new(0.75);

    /// <summary>
    /// The status at <paramref name="now"/> of a request whose clock started at <paramref name="startedAt"/> and
    /// that is due at <paramref name="dueAt"/>. Time is wall-clock time, also for menus that count only reception hours.
    /// </summary>
    public DeadlineStatus Evaluate(DateTimeOffset startedAt, DateTimeOffset dueAt, DateTimeOffset now)
    {
        if (now >= dueAt)
        {
            return DeadlineStatus.Overdue;
        }

        var total = dueAt - startedAt;
        return now - startedAt >= total * AtRiskFraction ? DeadlineStatus.AtRisk : DeadlineStatus.OnTrack;
    }
}
