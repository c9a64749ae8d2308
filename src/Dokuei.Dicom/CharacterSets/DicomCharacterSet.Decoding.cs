using System.Text;
using System.Text.Unicode;

namespace Dokuei.Dicom;

public sealed partial class DicomCharacterSet
{
    private static readonly Encoding s_utf8Lenient = new UTF8Encoding(false, false);
    private static readonly Lazy<Encoding> s_shiftJis = new(() => CodePage(932, DecoderFallback.ExceptionFallback));
    private static readonly Lazy<Encoding> s_gb18030 = new(() => CodePage(54936, DecoderFallback.ExceptionFallback));

    /// <summary>
    /// Decodes a whole value of a string VR (padding and backslash-separated values included; callers trim and split).
    /// VRs that are not character-set sensitive (AE, AS, CS, DA, DS, DT, IS, TM, UI, UR) always use the default repertoire.
    /// </summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (IsPlainAscii(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        List<string>? warnings = null;
        return DecodeNonAscii(bytes, vr, ref warnings);
    }

    /// <summary>
    /// Decodes like <see cref="Decode"/> and reports what had to be guessed: Shift_JIS or UTF-8 bytes under another label,
    /// escape sequences without code extensions, sets used but not declared, invalid bytes replaced by U+FFFD.
    /// </summary>
    public DicomDecodedText DecodeWithDiagnostics(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (IsPlainAscii(bytes))
        {
            return new DicomDecodedText(Encoding.ASCII.GetString(bytes), []);
        }

        List<string>? warnings = null;
        var text = DecodeNonAscii(bytes, vr, ref warnings);
        return new DicomDecodedText(text, warnings ?? (IReadOnlyList<string>)[]);
    }

    // Most values are ASCII in every set: no state machine, no allocation but the string.
    private static bool IsPlainAscii(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes) && !bytes.Contains(Iso2022Decoder.Esc);

    private string DecodeNonAscii(ReadOnlySpan<byte> bytes, DicomVR vr, ref List<string>? warnings)
    {
        if (!vr.IsCharacterSetSensitive && this != Default)
        {
            return Default.DecodeNonAscii(bytes, vr, ref warnings);
        }

        if (_multiByte is not null)
        {
            return DecodeMultiByte(_multiByte, bytes, ref warnings);
        }

        var hasEscape = bytes.Contains(Iso2022Decoder.Esc);
        if (!hasEscape && _utf8Plausible && Utf8.IsValid(bytes))
        {
            Warn(ref warnings, $"bytes under {_label} are UTF-8; decoded as ISO_IR 192");
            return Encoding.UTF8.GetString(bytes);
        }

        if (!hasEscape && Array.TrueForAll(_declared, s => s.IsAsciiLike) && vr.IsCharacterSetSensitive && ContainsC1Controls(bytes)
            && TryDecodeStrict(s_shiftJis.Value, bytes, out var shiftJis))
        {
            // No set declared, and bytes that are control codes in Latin-1 but form valid Shift_JIS: Japanese modalities
            // write Shift_JIS without (0008,0005) often enough that this is the better guess.
            Warn(ref warnings, $"bytes under {_label} are Shift_JIS; decoded as Shift_JIS");
            return shiftJis;
        }

        var report = default(Iso2022DecodeReport);
        var text = Iso2022Decoder.Decode(bytes, vr, this, ref report);
        if (report.InvalidBytes > 0 && !hasEscape && TryGuessEncoding(bytes, ref warnings) is { } guessed)
        {
            return guessed;
        }

        Report(report, vr, ref warnings);
        return text;
    }

    // 0x80-0x9F: C1 controls in ISO 8859, never text; the lead bytes of most Shift_JIS kanji.
    private static bool ContainsC1Controls(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyInRange((byte)0x80, (byte)0x9F) >= 0;

    // The declared set failed on a value without escape sequences: the whole value is probably in another encoding.
    private string? TryGuessEncoding(ReadOnlySpan<byte> bytes, ref List<string>? warnings)
    {
        if (Utf8.IsValid(bytes))
        {
            Warn(ref warnings, $"bytes under {_label} are UTF-8; decoded as ISO_IR 192");
            return Encoding.UTF8.GetString(bytes);
        }

        if (_japanese && TryDecodeStrict(s_shiftJis.Value, bytes, out var text))
        {
            Warn(ref warnings, $"bytes under {_label} are Shift_JIS; decoded as Shift_JIS");
            return text;
        }

        if (_chinese && TryDecodeStrict(s_gb18030.Value, bytes, out text))
        {
            Warn(ref warnings, $"bytes under {_label} are GB18030 beyond GB 2312; decoded as GB18030");
            return text;
        }

        return null;
    }

    private void Report(in Iso2022DecodeReport report, DicomVR vr, ref List<string>? warnings)
    {
        if (report.EscapeSeen && !HasCodeExtensions)
        {
            Warn(ref warnings, _singleWithoutExtensions?.WithCodeExtensions is { } extension
                ? $"escape sequences under {_singleWithoutExtensions.Name}, which has no code extensions; read as {extension.Name}"
                : $"escape sequences under {_label}, which has no code extensions; read as ISO 2022");
        }

        foreach (var set in report.Undeclared ?? [])
        {
            Warn(ref warnings, $"escape sequence for {set.Term} ({set.Name}) not declared in Specific Character Set; decoded anyway");
        }

        if (report.ImplicitG1 is { } implicitG1)
        {
            Warn(ref warnings, vr.IsCharacterSetSensitive
                ? $"bytes above 0x7F under {_label} without an escape sequence; read as {implicitG1.Term} ({implicitG1.Name})"
                : $"bytes above 0x7F in a {vr} value, which allows the default repertoire only; read as {implicitG1.Name}");
        }

        if (report.UnknownEscape)
        {
            Warn(ref warnings, "unknown or truncated escape sequence; ignored");
        }

        if (report.InvalidBytes > 0)
        {
            Warn(ref warnings, $"invalid bytes replaced by U+FFFD ({report.InvalidBytes} under {_label})");
        }
    }

    private string DecodeMultiByte(CharacterSetTerm term, ReadOnlySpan<byte> bytes, ref List<string>? warnings)
    {
        if (term.Encoding is UTF8Encoding)
        {
            if (Utf8.IsValid(bytes))
            {
                return Encoding.UTF8.GetString(bytes);
            }

            Warn(ref warnings, $"invalid bytes replaced by U+FFFD (not UTF-8 under {term.Name})");
            return s_utf8Lenient.GetString(bytes);
        }

        if (TryDecodeStrict(term.Encoding!, bytes, out var text))
        {
            return text;
        }

        Warn(ref warnings, $"invalid bytes replaced by U+FFFD (not {term.Name})");
        return CodePage(term.Encoding!.CodePage, DecoderFallback.ReplacementFallback).GetString(bytes);
    }

    private static bool TryDecodeStrict(Encoding strict, ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = strict.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    private static Encoding CodePage(int codePage, DecoderFallback decoderFallback) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ExceptionFallback, decoderFallback)!;

    private static void Warn(ref List<string>? warnings, string message)
    {
        warnings ??= [];
        if (!warnings.Contains(message))
        {
            warnings.Add(message);
        }
    }
}
