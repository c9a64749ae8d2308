namespace Dokuei.Server.Features.Requests;

/// <summary>How much two blind readings disagree on one finding.</summary>
public enum DiscrepancySeverity
{
    /// <summary>Wording or detail without clinical consequence.</summary>
    Minor,

    /// <summary>Changes the report's conclusion.</summary>
    Major,

    /// <summary>Changes patient management at once.</summary>
    Critical,
}

/// <summary>A disagreement between the two blind readings, recorded at reconciliation.</summary>
/// <param name="Description">What the readings disagree on.</param>
/// <param name="Severity">How much it matters.</param>
public sealed record Discrepancy(string Description, DiscrepancySeverity Severity);
