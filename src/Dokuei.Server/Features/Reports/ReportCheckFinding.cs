namespace Dokuei.Server.Features.Reports;

/// <summary>How much a check finding matters.</summary>
public enum ReportCheckSeverity
{
    /// <summary>The reader should look again; signing is allowed.</summary>
    Warning,

    /// <summary>The report cannot be signed like this.</summary>
    Error,
}

/// <summary>One automatic check that found something, with a stable code and a message in Japanese and English.</summary>
/// <param name="Code">Stable code, e.g. <c>report.laterality_mismatch</c>.</param>
/// <param name="Severity">Warning or error.</param>
/// <param name="MessageJa">The message in Japanese.</param>
/// <param name="MessageEn">The message in English.</param>
public sealed record ReportCheckFinding(string Code, ReportCheckSeverity Severity, string MessageJa, string MessageEn);

/// <summary>What the checks compare a report with: the facts of its request.</summary>
public sealed record ReportCheckFacts
{
    /// <summary>The question to the radiologist.</summary>
    public string Question { get; init; } = string.Empty;

    /// <summary>Clinical information and purpose of the examination.</summary>
    public string ClinicalInformation { get; init; } = string.Empty;

    /// <summary>Body parts examined, as the request names them.</summary>
    public IReadOnlyList<string> BodyParts { get; init; } = [];

    /// <summary>Whether priors were attached for comparison.</summary>
    public bool HasPriors { get; init; }
}
