namespace Dokuei.Dicom.Deidentification;

/// <summary>How a <see cref="DicomDeidentifier"/> de-identifies.</summary>
public sealed record DicomDeidentificationSettings
{
    /// <summary>
    /// The options used with the Basic Profile. Supported: <see cref="DicomConfidentialityOptions.RetainLongitudinalTemporalInformationFullDates"/>,
    /// <see cref="DicomConfidentialityOptions.RetainPatientCharacteristics"/>, <see cref="DicomConfidentialityOptions.RetainDeviceIdentity"/>,
    /// <see cref="DicomConfidentialityOptions.RetainInstitutionIdentity"/> and <see cref="DicomConfidentialityOptions.RetainUids"/>.
    /// </summary>
    public DicomConfidentialityOptions Options { get; init; }

    /// <summary>
    /// For X/Z, X/D, X/Z/D and X/Z/U* attributes: false (the default) keeps them as zero length, dummy or remapped values,
    /// which keeps Type 1 and Type 2 attributes present whatever the IOD; true removes them, which is smaller but may
    /// leave an instance that violates its IOD.
    /// </summary>
    public bool RemoveWhereAllowed { get; init; }

    /// <summary>
    /// True to keep the original Patient ID, Patient's Name, Issuer of Patient ID, Accession Number and Study ID in the
    /// <see cref="DicomUidMap"/> so that the map can restore them; false (the default) keeps only UIDs there.
    /// </summary>
    public bool RecordOriginalIdentity { get; init; }
}

/// <summary>The identity a de-identified patient gets, chosen by the caller (a teleradiology center assigns pseudonyms).</summary>
/// <param name="PatientId">The new Patient ID; null for one made by the map, the same for every instance of the original patient.</param>
/// <param name="PatientName">The new Patient's Name; null leaves it zero length, as the Basic Profile does.</param>
public sealed record DicomPseudonym(string? PatientId, string? PatientName);
