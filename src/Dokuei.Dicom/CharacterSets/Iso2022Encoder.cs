using System.Buffers;

namespace Dokuei.Dicom;

/// <summary>
/// Encodes a value into ISO 2022 code extensions the way PS3.5 Annexes H, I and K show: a set is designated just before
/// the first character that needs it; before a delimiter of 6.1.2.5.3 and at the end of the value a two-byte G0 set is
/// switched back to the initial G0 set (ESC ( B, or ESC ( J after ISO 2022 IR 13), and after a delimiter every set
/// that is needed again is designated again.
/// </summary>
internal static class Iso2022Encoder
{
    /// <summary>The bytes, or null with the index of the first character no declared set contains.</summary>
    public static byte[]? Encode(string text, DicomVR vr, DicomCharacterSet set, out int failedIndex)
    {
        var output = new ArrayBufferWriter<byte>(text.Length * 2 + 8);
        var initialG0 = set.InitialG0;
        var g0 = initialG0;
        var g1 = set.InitialG1;
        var personName = vr == DicomVR.PN;
        var multiValued = !vr.IsSingleValued;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int code;
            if (c < 0x80)
            {
                if (g0 != initialG0)
                {
                    output.Write(initialG0.Escape);
                    g0 = initialG0;
                }

                if (Iso2022Decoder.IsDelimiter(c, personName, multiValued))
                {
                    g1 = set.InitialG1;
                }

                Write(output, c);
                continue;
            }

            if (g1 is not null && g1.TryEncode(c, out code))
            {
                Write(output, g1, code);
                continue;
            }

            if (g0.BytesPerChar == 2 && g0.TryEncode(c, out code))
            {
                Write(output, g0, code);
                continue;
            }

            var designated = false;
            foreach (var candidate in set.Designations)
            {
                if (candidate.TryEncode(c, out code))
                {
                    output.Write(candidate.Escape);
                    if (candidate.IsG1)
                    {
                        g1 = candidate;
                    }
                    else
                    {
                        g0 = candidate;
                    }

                    Write(output, candidate, code);
                    designated = true;
                    break;
                }
            }

            if (!designated)
            {
                failedIndex = i;
                return null;
            }
        }

        if (g0 != initialG0)
        {
            output.Write(initialG0.Escape);
        }

        failedIndex = -1;
        return output.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> output, char ascii)
    {
        output.GetSpan(1)[0] = (byte)ascii;
        output.Advance(1);
    }

    private static void Write(ArrayBufferWriter<byte> output, GraphicSet set, int code)
    {
        var high = set.IsG1 ? 0x80 : 0;
        var span = output.GetSpan(2);
        if (set.BytesPerChar == 2)
        {
            span[0] = (byte)(code >> 8 | high);
            span[1] = (byte)(code & 0xFF | high);
            output.Advance(2);
        }
        else
        {
            span[0] = (byte)(code | high);
            output.Advance(1);
        }
    }
}
