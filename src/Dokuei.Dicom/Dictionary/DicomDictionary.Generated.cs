// Placeholder until tools/DictionaryGenerator writes the full tables: a handful of entries so the library builds.
namespace Dokuei.Dicom;

public static partial class DicomDictionary
{
    private static DicomDictionaryEntry[] GeneratedEntries() =>
    [
        new(new DicomTag(0x00020010), 0xFFFFFFFF, "TransferSyntaxUID", "Transfer Syntax UID", DicomVR.UI, [], "1", false),
        new(new DicomTag(0x00080005), 0xFFFFFFFF, "SpecificCharacterSet", "Specific Character Set", DicomVR.CS, [], "1-n", false),
        new(new DicomTag(0x00100010), 0xFFFFFFFF, "PatientName", "Patient's Name", DicomVR.PN, [], "1", false),
        new(new DicomTag(0x00280106), 0xFFFFFFFF, "SmallestImagePixelValue", "Smallest Image Pixel Value", DicomVR.US, [DicomVR.SS], "1", false),
        new(new DicomTag(0x7FE00010), 0xFFFFFFFF, "PixelData", "Pixel Data", DicomVR.OW, [DicomVR.OB], "1", false),
    ];

    private static bool TryGetPrivateEntryCore(string creator, ushort group, byte element, out DicomDictionaryEntry entry)
    {
        entry = null!;
        return false;
    }
}
