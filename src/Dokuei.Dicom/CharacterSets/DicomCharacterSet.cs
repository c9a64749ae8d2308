using System.Text;

namespace Dokuei.Dicom;

/// <summary>
/// The character repertoire of a dataset, from Specific Character Set (0008,0005): decodes string values to .NET strings
/// and encodes them back into the declared set (PS3.5 section 6.1).
/// </summary>
public sealed partial class DicomCharacterSet
{
    private readonly Encoding _encoding;

    private DicomCharacterSet(IReadOnlyList<string> terms, Encoding encoding)
    {
        Terms = terms;
        _encoding = encoding;
    }

    /// <summary>The default repertoire (ISO_IR 6, ASCII). Bytes above 0x7F are decoded as Latin-1, as other toolkits do.</summary>
    public static DicomCharacterSet Default { get; } = new([], Encoding.Latin1);

    /// <summary>The defined terms of (0008,0005), in order; empty for the default repertoire.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The character set for a Specific Character Set value (backslash-separated defined terms).</summary>
    public static DicomCharacterSet FromSpecificCharacterSet(string value)
    {
        var terms = value.Split('\\').Select(t => t.Trim(' ', '\0')).ToArray();
        if (terms.Length == 0 || terms.All(t => t.Length == 0))
        {
            return Default;
        }

        return terms[0] == "ISO_IR 192" ? new DicomCharacterSet(terms, new UTF8Encoding(false)) : new DicomCharacterSet(terms, Encoding.Latin1);
    }

    /// <summary>Decodes a value of a string VR (padding included; callers trim).</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr) => vr.IsCharacterSetSensitive ? _encoding.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    /// <summary>Encodes a string value into this character set (without padding).</summary>
    public byte[] Encode(string text, DicomVR vr) => vr.IsCharacterSetSensitive ? _encoding.GetBytes(text) : Encoding.Latin1.GetBytes(text);
}
