namespace Dokuei.Server.Features.Archive;

/// <summary>A patient of one facility: Patient ID is namespaced by facility (the same ID at two hospitals is two patients).</summary>
internal sealed class Patient
{
    public long Id { get; set; }

    public long FacilityId { get; set; }

    public required string PatientId { get; set; }

    public string? IssuerOfPatientId { get; set; }

    public string? PatientName { get; set; }

    /// <summary>The name normalised for matching (see <see cref="PersonNameSearch"/>).</summary>
    public string? PatientNameSearch { get; set; }

    public string? PatientBirthDate { get; set; }

    public string? PatientSex { get; set; }
}

/// <summary>A study with the study-level QIDO-RS / C-FIND attributes (PS3.18 Table 10.6.1-5).</summary>
internal sealed class Study
{
    public long Id { get; set; }

    public long FacilityId { get; set; }

    public long PatientPk { get; set; }

    public Patient Patient { get; set; } = null!;

    public required string StudyInstanceUid { get; set; }

    public string? StudyDate { get; set; }

    public string? StudyTime { get; set; }

    public string? AccessionNumber { get; set; }

    public string? StudyId { get; set; }

    public string? StudyDescription { get; set; }

    public string? ReferringPhysicianName { get; set; }

    public string? ReferringPhysicianNameSearch { get; set; }

    /// <summary>Modalities of the study's series, backslash-separated and each enclosed in backslashes for matching ("\CT\SR\").</summary>
    public string? ModalitiesInStudy { get; set; }

    /// <summary>SOP classes of the study's instances, backslash-separated and enclosed as <see cref="ModalitiesInStudy"/>.</summary>
    public string? SopClassesInStudy { get; set; }

    public int NumberOfSeries { get; set; }

    public int NumberOfInstances { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A series with the series-level query attributes.</summary>
internal sealed class Series
{
    public long Id { get; set; }

    public long FacilityId { get; set; }

    public long StudyPk { get; set; }

    public Study Study { get; set; } = null!;

    public required string SeriesInstanceUid { get; set; }

    public string? Modality { get; set; }

    public int? SeriesNumber { get; set; }

    public string? SeriesDescription { get; set; }

    public string? BodyPartExamined { get; set; }

    public string? PerformedProcedureStepStartDate { get; set; }

    public string? PerformedProcedureStepStartTime { get; set; }

    /// <summary>Request Attributes Sequence as DICOM JSON (the scheduled procedure step and requested procedure IDs).</summary>
    public string? RequestAttributes { get; set; }

    public int NumberOfInstances { get; set; }
}

/// <summary>
/// A stored instance version: the blob it lives in, its hash, and its metadata precomputed as DICOM JSON (bulk data as
/// BulkDataURIs) so WADO-RS metadata never opens the files. Earlier versions stay with <see cref="IsCurrent"/> false.
/// </summary>
internal sealed class Instance
{
    public long Id { get; set; }

    public long FacilityId { get; set; }

    public long SeriesPk { get; set; }

    public Series Series { get; set; } = null!;

    public required string SopInstanceUid { get; set; }

    public string? SopClassUid { get; set; }

    public int? InstanceNumber { get; set; }

    public int? Rows { get; set; }

    public int? Columns { get; set; }

    public int? BitsAllocated { get; set; }

    public int? NumberOfFrames { get; set; }

    public required string TransferSyntaxUid { get; set; }

    public int Version { get; set; }

    public bool IsCurrent { get; set; }

    public required string Sha256 { get; set; }

    public required string BlobKey { get; set; }

    public long Size { get; set; }

    public required string MetadataJson { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
