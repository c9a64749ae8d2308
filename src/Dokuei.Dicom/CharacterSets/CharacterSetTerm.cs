using System.Collections.Frozen;
using System.Text;

namespace Dokuei.Dicom;

/// <summary>How a defined term of Specific Character Set is used (PS3.3 C.12.1.1.2).</summary>
internal enum TermKind
{
    /// <summary>A single-byte set without code extensions (Table C.12-2): ISO_IR 100, ISO_IR 13...</summary>
    SingleByte,

    /// <summary>A single-byte set with code extensions (Table C.12-3): ISO 2022 IR 6, ISO 2022 IR 100...</summary>
    SingleByteExtension,

    /// <summary>A multi-byte set with code extensions (Table C.12-4): ISO 2022 IR 87, 159, 149, 58.</summary>
    MultiByteExtension,

    /// <summary>A multi-byte set without code extensions (Table C.12-5): ISO_IR 192, GB18030, GBK.</summary>
    MultiByte,
}

/// <summary>One defined term of Specific Character Set (0008,0005) and the sets it brings.</summary>
internal sealed class CharacterSetTerm
{
    private static readonly FrozenDictionary<string, CharacterSetTerm> s_byName;
    private static readonly FrozenDictionary<string, CharacterSetTerm> s_byCompactName;

    static CharacterSetTerm()
    {
        CharacterSetTerm[] all =
        [
            Single("ISO_IR 100", GraphicSet.Latin1),
            Single("ISO_IR 101", GraphicSet.Latin2),
            Single("ISO_IR 109", GraphicSet.Latin3),
            Single("ISO_IR 110", GraphicSet.Latin4),
            Single("ISO_IR 144", GraphicSet.Cyrillic),
            Single("ISO_IR 127", GraphicSet.Arabic),
            Single("ISO_IR 126", GraphicSet.Greek),
            Single("ISO_IR 138", GraphicSet.Hebrew),
            Single("ISO_IR 148", GraphicSet.Latin5),
            Single("ISO_IR 203", GraphicSet.Latin9),
            Single("ISO_IR 13", GraphicSet.JisKatakana, GraphicSet.JisRomaji),
            Single("ISO_IR 166", GraphicSet.Thai),
            new("ISO 2022 IR 6", TermKind.SingleByteExtension, GraphicSet.Ascii, null, null),
            Extension("ISO 2022 IR 100", GraphicSet.Latin1),
            Extension("ISO 2022 IR 101", GraphicSet.Latin2),
            Extension("ISO 2022 IR 109", GraphicSet.Latin3),
            Extension("ISO 2022 IR 110", GraphicSet.Latin4),
            Extension("ISO 2022 IR 144", GraphicSet.Cyrillic),
            Extension("ISO 2022 IR 127", GraphicSet.Arabic),
            Extension("ISO 2022 IR 126", GraphicSet.Greek),
            Extension("ISO 2022 IR 138", GraphicSet.Hebrew),
            Extension("ISO 2022 IR 148", GraphicSet.Latin5),
            Extension("ISO 2022 IR 203", GraphicSet.Latin9),
            Extension("ISO 2022 IR 13", GraphicSet.JisKatakana, GraphicSet.JisRomaji),
            Extension("ISO 2022 IR 166", GraphicSet.Thai),
            new("ISO 2022 IR 87", TermKind.MultiByteExtension, GraphicSet.JisX0208, null, null),
            new("ISO 2022 IR 159", TermKind.MultiByteExtension, GraphicSet.JisX0212, null, null),
            new("ISO 2022 IR 149", TermKind.MultiByteExtension, null, GraphicSet.KsX1001, null),
            new("ISO 2022 IR 58", TermKind.MultiByteExtension, null, GraphicSet.Gb2312, null),
            new("ISO_IR 192", TermKind.MultiByte, GraphicSet.Ascii, null, () => new UTF8Encoding(false, true)),
            new("GB18030", TermKind.MultiByte, GraphicSet.Ascii, null, () => CodePage(54936)),
            new("GBK", TermKind.MultiByte, GraphicSet.Ascii, null, () => CodePage(936)),
        ];
        s_byName = all.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

        // Misspellings seen in real data ("ISO-IR 100", "ISO_IR100", "iso_ir 192", "ISO IR 87") compare equal once
        // reduced to letters and digits. "ISOIR87" has only an ISO 2022 form, so the compact form falls back to it.
        var compact = new Dictionary<string, CharacterSetTerm>(StringComparer.Ordinal);
        foreach (var term in all)
        {
            compact[Compact(term.Name)] = term;
        }

        foreach (var term in all.Where(t => t.Name.StartsWith("ISO 2022 IR ", StringComparison.Ordinal)))
        {
            compact.TryAdd("ISOIR" + term.Name["ISO 2022 IR ".Length..], term);
        }

        compact["ISO2022IR192"] = s_byName["ISO_IR 192"];
        compact["UTF8"] = s_byName["ISO_IR 192"];
        compact["SHIFTJIS"] = s_byName["ISO_IR 13"];
        string[] latin = ["100", "101", "109", "110", "144", "127", "126", "138", "148"];
        for (var i = 0; i < latin.Length; i++)
        {
            compact["ISO8859" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = s_byName["ISO_IR " + latin[i]];
        }

        compact["ISO885915"] = s_byName["ISO_IR 203"];
        compact["TIS620"] = s_byName["ISO_IR 166"];
        s_byCompactName = compact.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private CharacterSetTerm(string name, TermKind kind, GraphicSet? g0, GraphicSet? g1, Func<Encoding>? encoding)
    {
        Name = name;
        Kind = kind;
        G0 = g0;
        G1 = g1;
        _encoding = encoding is null ? null : new Lazy<Encoding>(encoding);
    }

    private readonly Lazy<Encoding>? _encoding;

    /// <summary>The defined term as PS3.3 spells it.</summary>
    public string Name { get; }

    public TermKind Kind { get; }

    /// <summary>The G0 set the term brings (ASCII for most; JIS X 0208/0212 for IR 87/159), or null.</summary>
    public GraphicSet? G0 { get; }

    /// <summary>The G1 set the term brings (the ISO 8859 part, JIS X 0201 katakana, KS X 1001, GB 2312), or null.</summary>
    public GraphicSet? G1 { get; }

    /// <summary>For ISO_IR 192, GB18030 and GBK: the strict .NET encoding of the whole value.</summary>
    public Encoding? Encoding => _encoding?.Value;

    /// <summary>All defined terms.</summary>
    public static IEnumerable<string> Names => s_byName.Keys;

    /// <summary>The term with this exact spelling.</summary>
    public static CharacterSetTerm? Find(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>The term a misspelling most likely means, comparing letters and digits only.</summary>
    public static CharacterSetTerm? FindLenient(string name) => s_byCompactName.GetValueOrDefault(Compact(name));

    /// <summary>The term with code extensions for a single-byte term without them (ISO_IR 13 -> ISO 2022 IR 13).</summary>
    public CharacterSetTerm? WithCodeExtensions =>
        Kind == TermKind.SingleByte ? s_byName.GetValueOrDefault("ISO 2022 IR " + Name["ISO_IR ".Length..]) : null;

    public override string ToString() => Name;

    private static CharacterSetTerm Single(string name, GraphicSet g1, GraphicSet? g0 = null) =>
        new(name, TermKind.SingleByte, g0 ?? GraphicSet.Ascii, g1, null);

    private static CharacterSetTerm Extension(string name, GraphicSet g1, GraphicSet? g0 = null) =>
        new(name, TermKind.SingleByteExtension, g0 ?? GraphicSet.Ascii, g1, null);

    private static Encoding CodePage(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    private static string Compact(string name) =>
        string.Concat(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant));
}
