namespace Dokuei.Server.Features.Reports;

/// <summary>Where a report version stands; every status but <see cref="Draft"/> is signed and immutable.</summary>
public enum ReportVersionStatus
{
    /// <summary>Being written by its author; only they see and change it.</summary>
    Draft,

    /// <summary>Signed by a reader whose reading is not the last of the mode (速報, preliminary).</summary>
    Preliminary,

    /// <summary>Signed by the last reader of the mode (or its correction after QA).</summary>
    Final,

    /// <summary>A signed addition after the report was final.</summary>
    Addendum,
}
