using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Features.Assignment;

/// <summary>A reading step to fill, with the facts of its request that assignment decides on.</summary>
public sealed record AssignmentCase
{
    /// <summary>The request.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The ordering facility (the archive's facility id).</summary>
    public required long FacilityId { get; init; }

    /// <summary>The step to fill.</summary>
    public required ReadingStep Step { get; init; }

    /// <summary>Modality of the study, e.g. CT.</summary>
    public required string Modality { get; init; }

    /// <summary>Requested specialty, if any.</summary>
    public string? RequestedSpecialty { get; init; }

    /// <summary>Certifications the reader must hold (e.g. マンモグラフィ読影認定医 for MG).</summary>
    public IReadOnlySet<string> RequiredCertifications { get; init; } = new HashSet<string>();

    /// <summary>When the report is due.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Readers of the request's other steps, with their years of experience.</summary>
    public IReadOnlyDictionary<Guid, int> OtherReaders { get; init; } = new Dictionary<Guid, int>();

    /// <summary>Radiologists who reported the priors of this request.</summary>
    public IReadOnlySet<Guid> PriorReaderIds { get; init; } = new HashSet<Guid>();

    /// <summary>Radiologists who declined this step of this request (they are not asked again).</summary>
    public IReadOnlySet<Guid> DeclinedReaderIds { get; init; } = new HashSet<Guid>();

    /// <summary>Radiologists the facility prefers.</summary>
    public IReadOnlySet<Guid> PreferredReaderIds { get; init; } = new HashSet<Guid>();

    /// <summary>Whether the step must go to someone more senior than the other readers (second and third readings).</summary>
    public bool RequiresSeniorReader => Step is ReadingStep.Second or ReadingStep.Third;
}
