namespace Dokuei.Server.Features.Sla;

/// <summary>How a request stands against its due time.</summary>
public enum DeadlineStatus
{
    /// <summary>Less than the at-risk share of the time has been used.</summary>
    OnTrack,

    /// <summary>The at-risk share of the time is used; coordinators are warned.</summary>
    AtRisk,

    /// <summary>The due time has passed.</summary>
    Overdue,
}
