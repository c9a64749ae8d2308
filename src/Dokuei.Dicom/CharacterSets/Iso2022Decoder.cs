using System.Buffers;

namespace Dokuei.Dicom;

/// <summary>What an ISO 2022 decode met on its way; turned into warnings by <see cref="DicomCharacterSet"/>.</summary>
internal struct Iso2022DecodeReport
{
    public int InvalidBytes;
    public bool EscapeSeen;
    public bool UnknownEscape;
    public GraphicSet? ImplicitG1;
    public List<GraphicSet>? Undeclared;
}

/// <summary>
/// Decodes a value under ISO 2022 code extensions (PS3.5 6.1.2.5): escape sequences designate sets to G0 and G1, and the
/// state returns to the initial designations at the start of the value and after the delimiters of 6.1.2.5.3.
/// Single-byte sets without extensions and the default repertoire are the same machine with no escapes expected.
/// </summary>
internal static class Iso2022Decoder
{
    public const byte Esc = 0x1B;

    private const int StackLimit = 256;

    public static string Decode(ReadOnlySpan<byte> bytes, DicomVR vr, DicomCharacterSet set, ref Iso2022DecodeReport report)
    {
        // Every byte yields at most one character.
        char[]? rented = null;
        Span<char> output = bytes.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        var length = 0;
        var g0 = set.InitialG0;
        var g1 = set.InitialG1;
        var personName = vr == DicomVR.PN;
        var multiValued = !vr.IsSingleValued;

        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == Esc)
            {
                i += ReadEscape(bytes[i..], set, ref g0, ref g1, ref report);
                continue;
            }

            char c;
            if (b < 0x80)
            {
                if (g0.BytesPerChar == 2 && b is >= 0x21 and <= 0x7E)
                {
                    // In a two-byte G0 set, 0x5C, 0x5E and 0x3D are halves of characters, never delimiters.
                    var pair = i + 1 < bytes.Length && bytes[i + 1] is >= 0x21 and <= 0x7E;
                    if (pair && g0.TryDecode(b << 8 | bytes[i + 1], out c))
                    {
                        output[length++] = c;
                    }
                    else
                    {
                        output[length++] = '\uFFFD';
                        report.InvalidBytes += pair ? 2 : 1;
                    }

                    i += pair ? 2 : 1;
                    continue;
                }

                if (IsDelimiter(b, personName, multiValued))
                {
                    g0 = set.InitialG0;
                    g1 = set.InitialG1;
                }

                output[length++] = (char)b;
                i++;
                continue;
            }

            var high = g1;
            if (high is null && set.ImplicitG1 is { } guess)
            {
                high = guess;
                report.ImplicitG1 = guess;
            }

            if (high is { BytesPerChar: 2 })
            {
                var pair = i + 1 < bytes.Length && bytes[i + 1] >= 0xA1 && bytes[i + 1] <= 0xFE;
                if (pair && high.TryDecode((b & 0x7F) << 8 | (bytes[i + 1] & 0x7F), out c))
                {
                    output[length++] = c;
                }
                else
                {
                    output[length++] = '\uFFFD';
                    report.InvalidBytes += pair ? 2 : 1;
                }

                i += pair ? 2 : 1;
                continue;
            }

            if (high is not null && high.TryDecode(b & 0x7F, out c))
            {
                output[length++] = c;
            }
            else
            {
                output[length++] = '\uFFFD';
                report.InvalidBytes++;
            }

            i++;
        }

        var text = new string(output[..length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return text;
    }

    /// <summary>The delimiters after which the initial designations apply again (PS3.5 6.1.2.5.3).</summary>
    public static bool IsDelimiter(int c, bool personName, bool multiValued) => c switch
    {
        '\r' or '\n' or '\f' or '\t' => true,
        '\\' => multiValued,
        '^' or '=' => personName,
        _ => false,
    };

    private static int ReadEscape(ReadOnlySpan<byte> bytes, DicomCharacterSet set, ref GraphicSet g0, ref GraphicSet? g1, ref Iso2022DecodeReport report)
    {
        // ISO 2022 escape sequence: ESC, intermediate bytes 0x20-0x2F, one final byte 0x30-0x7E. DICOM's have at most two
        // intermediates; anything malformed drops the ESC alone, so a stray ESC cannot swallow the padding after it.
        var length = 1;
        while (length < bytes.Length && length <= 3 && bytes[length] is >= 0x20 and <= 0x2F)
        {
            length++;
        }

        if (length >= bytes.Length || bytes[length] is < 0x30 or > 0x7E)
        {
            report.UnknownEscape = true;
            return 1;
        }

        length++;
        var sequence = bytes[..length];
        report.EscapeSeen = true;
        var designated = Find(sequence);
        if (designated is null)
        {
            // ESC & @ announces the 1990 revision of JIS X 0208 before ESC $ B; it designates nothing.
            if (!sequence.SequenceEqual("\e&@"u8))
            {
                report.UnknownEscape = true;
            }

            return length;
        }

        if (designated.IsG1)
        {
            g1 = designated;
        }
        else
        {
            g0 = designated;
        }

        if (!set.IsDeclared(designated))
        {
            report.Undeclared ??= [];
            if (!report.Undeclared.Contains(designated))
            {
                report.Undeclared.Add(designated);
            }
        }

        return length;
    }

    private static GraphicSet? Find(ReadOnlySpan<byte> sequence)
    {
        foreach (var set in GraphicSet.All)
        {
            if (sequence.SequenceEqual(set.Escape))
            {
                return set;
            }
        }

        // JIS C 6226-1978 (ESC $ @) and the long form ESC $ ( B are read as JIS X 0208, as ISO-2022-JP decoders do.
        return sequence.SequenceEqual("\e$@"u8) || sequence.SequenceEqual("\e$(B"u8) ? GraphicSet.JisX0208 : null;
    }
}
