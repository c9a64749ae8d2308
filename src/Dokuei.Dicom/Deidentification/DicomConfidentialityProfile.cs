namespace Dokuei.Dicom.Deidentification;

/// <summary>
/// PS3.15 Table E.1-1, Application Level Confidentiality Profile Attributes, as generated from the standard
/// by tools/DeidentificationProfileGenerator.
/// </summary>
public static partial class DicomConfidentialityProfile
{
    private static readonly DicomConfidentialityProfileRule[] AllRules = GeneratedRules();
    private static readonly Dictionary<uint, DicomConfidentialityProfileRule> Exact =
        AllRules.Where(r => r.Mask == 0xFFFFFFFF).ToDictionary(r => r.Tag.Value);

    private static readonly DicomConfidentialityProfileRule[] Masked = [.. AllRules.Where(r => r.Mask != 0xFFFFFFFF)];

    /// <summary>Every row of the table.</summary>
    public static IReadOnlyList<DicomConfidentialityProfileRule> Rules => AllRules;

    /// <summary>
    /// The row that covers a tag: its own row, else a masked row (curves 50xx, overlay data and comments 60xx,
    /// private attributes). False for attributes the table does not list, which the profile keeps.
    /// </summary>
    public static bool TryGetRule(DicomTag tag, out DicomConfidentialityProfileRule rule)
    {
        if (Exact.TryGetValue(tag.Value, out rule!))
        {
            return true;
        }

        foreach (var masked in Masked)
        {
            if (masked.Matches(tag))
            {
                rule = masked;
                return true;
            }
        }

        rule = null!;
        return false;
    }
}
