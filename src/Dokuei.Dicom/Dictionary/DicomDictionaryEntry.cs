namespace Dokuei.Dicom;

/// <summary>One data element of the data dictionary (PS3.6 section 6, PS3.7 Annex E, or a private dictionary).</summary>
/// <param name="Tag">The tag; for repeating groups (50xx, 60xx) the tag with the variable digits zero.</param>
/// <param name="Mask">Bits of <paramref name="Tag"/> that must match: 0xFFFFFFFF, or 0xFF00FFFF for repeating groups.</param>
/// <param name="Keyword">The keyword (PatientName); empty where the standard gives none.</param>
/// <param name="Name">The attribute name (Patient's Name).</param>
/// <param name="VR">The VR; for elements with several ("US or SS"), the first.</param>
/// <param name="AlternativeVRs">The other VRs an element with several may have, empty otherwise.</param>
/// <param name="VM">Value multiplicity as the standard writes it ("1", "1-n", "2-2n").</param>
/// <param name="IsRetired">True if the standard retired it.</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    uint Mask,
    string Keyword,
    string Name,
    DicomVR VR,
    IReadOnlyList<DicomVR> AlternativeVRs,
    string VM,
    bool IsRetired)
{
    /// <summary>True if the element may have more than one VR (resolved from other attributes, PS3.5 Annex A.1 c).</summary>
    public bool HasAmbiguousVR => AlternativeVRs.Count > 0;
}
