namespace Dokuei.Server.Features.Sla;

/// <summary>How often the deadline monitor looks and what it counts as at risk.</summary>
internal sealed record DeadlineMonitorOptions
{
    /// <summary>Time between two sweeps.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The at-risk rule (share of the time used).</summary>
    public DeadlinePolicy Policy { get; init; } = DeadlinePolicy.Default;
}
