namespace Dokuei.Server.Features.Reports;

/// <summary>What a report version says: findings, impression, recommendation, the critical flag and key images.</summary>
public sealed record ReportContent
{
    /// <summary>Findings (所見).</summary>
    public string Findings { get; init; } = string.Empty;

    /// <summary>Impression (診断).</summary>
    public string Impression { get; init; } = string.Empty;

    /// <summary>Recommendation (推奨), if any.</summary>
    public string Recommendation { get; init; } = string.Empty;

    /// <summary>Whether the report contains a critical finding that the referring physician must acknowledge.</summary>
    public bool Critical { get; init; }

    /// <summary>Key images: SOP Instance UIDs of the study's instances.</summary>
    public IReadOnlyList<string> KeyImages { get; init; } = [];

    /// <summary>Language of the text, <c>ja</c> or <c>en</c>.</summary>
    public string Language { get; init; } = "ja";

    /// <summary>Code of the template it was started from, if any.</summary>
    public string? TemplateCode { get; init; }

    /// <summary>The free text of the report, for the checks.</summary>
    public string Text => string.Join('\n', Findings, Impression, Recommendation);
}
