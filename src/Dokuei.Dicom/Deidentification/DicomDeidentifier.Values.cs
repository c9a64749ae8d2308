using System.Text;

namespace Dokuei.Dicom.Deidentification;

public sealed partial class DicomDeidentifier
{
    /// <summary>The dummy written for text VRs by the D action.</summary>
    public const string DummyText = "ANONYMIZED";

    /// <summary>The dummy written for person names by the D action.</summary>
    public const string DummyPersonName = "ANONYMOUS";

    /// <summary>The dummy written for dates by the D action.</summary>
    public const string DummyDate = "19000101";

    // The VRs whose values can carry names, identifiers, places or times; codes (CS), numbers and UIDs carry none by themselves.
    private static bool IsFreeText(DicomVR vr) =>
        vr == DicomVR.AE || vr == DicomVR.AS || vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.LO || vr == DicomVR.LT
        || vr == DicomVR.PN || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.TM || vr == DicomVR.UC || vr == DicomVR.UR
        || vr == DicomVR.UT;

    // Elements read from implicit VR data have VR UN where the dictionary did not know them; ask it again.
    private static DicomVR EffectiveVR(DicomElement element) =>
        element.VR == DicomVR.UN ? DicomDictionary.GetVR(element.Tag) : element.VR;

    private DicomValueElement MakeDummy(DicomElement element)
    {
        var vr = EffectiveVR(element);
        if (vr == DicomVR.UI && element is DicomValueElement uid)
        {
            return ReplaceUids(uid);
        }

        var bytes = DummyBytes(vr);
        return new DicomValueElement(element.Tag, element.VR, bytes);
    }

    private static byte[] DummyBytes(DicomVR vr)
    {
        string? text = vr.Code switch
        {
            0x504E => DummyPersonName, // PN
            0x4441 => DummyDate, // DA
            0x4454 => DummyDate + "000000", // DT
            0x544D => "000000", // TM
            0x4153 => "000Y", // AS
            0x4453 or 0x4953 => "0", // DS, IS
            0x5552 => "urn:x-anonymized", // UR: must stay a URI
            _ => vr.IsString ? DummyText : null,
        };

        if (text != null)
        {
            var encoded = Encoding.ASCII.GetBytes(text);
            return encoded.Length % 2 == 0 ? encoded : [.. encoded, vr.PaddingByte];
        }

        // One zero value of the VR's size; for OB, UN and other byte strings, two zero bytes (values have even length).
        return new byte[vr == DicomVR.AT ? 4 : Math.Max(2, vr.ByteSwapUnit)];
    }

    private DicomValueElement ReplaceUids(DicomValueElement element)
    {
        // UIDs are plain ASCII whatever the character set; read them byte-wise so UN-encoded UIDs work too.
        var text = Encoding.ASCII.GetString(element.Span).TrimEnd('\0', ' ');
        if (text.Length == 0)
        {
            return element;
        }

        var values = text.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i].Trim('\0', ' ');
            values[i] = original.Length == 0 ? "" : UidMap.GetOrAddReplacement(original);
        }

        var bytes = Encoding.ASCII.GetBytes(string.Join('\\', values));
        return new DicomValueElement(element.Tag, element.VR, bytes.Length % 2 == 0 ? bytes : [.. bytes, 0]);
    }
}
