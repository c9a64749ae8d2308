namespace Dokuei.Dicom.Deidentification;

/// <summary>The codes of CID 7050 "De-identification Method" (PS3.16) for the profile and its options, coding scheme DCM.</summary>
public static class DicomDeidentificationMethod
{
    /// <summary>The coding scheme designator of the codes.</summary>
    public const string CodingSchemeDesignator = "DCM";

    /// <summary>113100, Basic Application Confidentiality Profile.</summary>
    public static (string Value, string Meaning) BasicProfile => ("113100", "Basic Application Confidentiality Profile");

    /// <summary>The code of one option (a single flag).</summary>
    public static (string Value, string Meaning) ForOption(DicomConfidentialityOptions option) => option switch
    {
        DicomConfidentialityOptions.CleanGraphics => ("113103", "Clean Graphics Option"),
        DicomConfidentialityOptions.CleanStructuredContent => ("113104", "Clean Structured Content Option"),
        DicomConfidentialityOptions.CleanDescriptors => ("113105", "Clean Descriptors Option"),
        DicomConfidentialityOptions.RetainLongitudinalTemporalInformationFullDates => ("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
        DicomConfidentialityOptions.RetainLongitudinalTemporalInformationModifiedDates => ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
        DicomConfidentialityOptions.RetainPatientCharacteristics => ("113108", "Retain Patient Characteristics Option"),
        DicomConfidentialityOptions.RetainDeviceIdentity => ("113109", "Retain Device Identity Option"),
        DicomConfidentialityOptions.RetainUids => ("113110", "Retain UIDs Option"),
        DicomConfidentialityOptions.RetainSafePrivate => ("113111", "Retain Safe Private Option"),
        DicomConfidentialityOptions.RetainInstitutionIdentity => ("113112", "Retain Institution Identity Option"),
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Expected a single option."),
    };

    /// <summary>The codes for the profile with the given options, the profile first.</summary>
    public static IReadOnlyList<(string Value, string Meaning)> For(DicomConfidentialityOptions options)
    {
        var codes = new List<(string, string)> { BasicProfile };
        foreach (var option in Enum.GetValues<DicomConfidentialityOptions>())
        {
            if (option != DicomConfidentialityOptions.None && (options & option) == option)
            {
                codes.Add(ForOption(option));
            }
        }

        return codes;
    }
}
