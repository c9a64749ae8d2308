namespace Dokuei.Server.Features.Requests;

/// <summary>What a facility orders when it writes a new reading request.</summary>
public sealed record ReadingRequestOrder
{
    /// <summary>The ordering facility (依頼施設).</summary>
    public required long FacilityId { get; init; }

    /// <summary>The user who writes the request.</summary>
    public required Guid OrderedBy { get; init; }

    /// <summary>Normal reading, second opinion or re-reading.</summary>
    public ReadingRequestType Type { get; init; } = ReadingRequestType.Normal;

    /// <summary>For a second opinion or a re-reading: the request it is about.</summary>
    public Guid? OriginalRequestId { get; init; }

    /// <summary>Single, double, triple or blind double reading.</summary>
    public required ReadingMode Mode { get; init; }

    /// <summary>The service menu ordered (it sets the due time).</summary>
    public required Guid ServiceMenuId { get; init; }

    /// <summary>Whether the signed report goes through a QA check before it is final.</summary>
    public bool RequiresQa { get; init; }

    /// <summary>Study Instance UID of the study, when known.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Accession Number of the expected study, to match images that arrive later.</summary>
    public string? AccessionNumber { get; init; }

    /// <summary>Modality, e.g. CT.</summary>
    public string? Modality { get; init; }

    /// <summary>Requested specialty, e.g. neuro.</summary>
    public string? RequestedSpecialty { get; init; }

    /// <summary>Clinical information (臨床情報).</summary>
    public string ClinicalInformation { get; init; } = string.Empty;

    /// <summary>Purpose of the examination (検査目的).</summary>
    public string ExamPurpose { get; init; } = string.Empty;

    /// <summary>The question to the radiologist (依頼内容).</summary>
    public string Question { get; init; } = string.Empty;

    /// <summary>Body parts examined, e.g. 頭部, chest.</summary>
    public IReadOnlyList<string> BodyParts { get; init; } = [];

    /// <summary>Earlier studies to compare with.</summary>
    public IReadOnlyList<PriorStudy> Priors { get; init; } = [];
}
