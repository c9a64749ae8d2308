namespace Dokuei.Dicom.Deidentification;

/// <summary>The options of the Basic Application Level Confidentiality Profile (PS3.15 E.3): the option columns of Table E.1-1.</summary>
[Flags]
public enum DicomConfidentialityOptions
{
    /// <summary>The Basic Profile alone.</summary>
    None = 0,

    /// <summary>Retain Safe Private Option (E.3.10).</summary>
    RetainSafePrivate = 1 << 0,

    /// <summary>Retain UIDs Option (E.3.9).</summary>
    RetainUids = 1 << 1,

    /// <summary>Retain Device Identity Option (E.3.7).</summary>
    RetainDeviceIdentity = 1 << 2,

    /// <summary>Retain Institution Identity Option (E.3.11).</summary>
    RetainInstitutionIdentity = 1 << 3,

    /// <summary>Retain Patient Characteristics Option (E.3.8): sex, age, size, weight, ethnic group and the like.</summary>
    RetainPatientCharacteristics = 1 << 4,

    /// <summary>Retain Longitudinal Temporal Information With Full Dates Option (E.3.6): dates and times are kept.</summary>
    RetainLongitudinalTemporalInformationFullDates = 1 << 5,

    /// <summary>Retain Longitudinal Temporal Information With Modified Dates Option (E.3.6).</summary>
    RetainLongitudinalTemporalInformationModifiedDates = 1 << 6,

    /// <summary>Clean Descriptors Option (E.3.5).</summary>
    CleanDescriptors = 1 << 7,

    /// <summary>Clean Structured Content Option (E.3.4).</summary>
    CleanStructuredContent = 1 << 8,

    /// <summary>Clean Graphics Option (E.3.3).</summary>
    CleanGraphics = 1 << 9,
}
