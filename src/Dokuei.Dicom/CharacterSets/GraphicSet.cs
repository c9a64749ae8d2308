using System.Collections.Frozen;
using System.Text;

namespace Dokuei.Dicom;

/// <summary>
/// One ISO 2022 graphic character set as DICOM uses it (PS3.3 Tables C.12-3 and C.12-4): the code element it is
/// designated to (G0 = bytes 0x21-0x7E, G1 = bytes 0xA1-0xFE), its escape sequence and its code table.
/// Codes are handled in their 7-bit form (0x20-0x7F per byte); a G1 set's bytes carry the high bit on the wire.
/// </summary>
internal sealed class GraphicSet
{
    private const char Undefined = '\uFFFF';

    private readonly Func<CodeTable>? _tableFactory;
    private CodeTable? _table;

    private GraphicSet(string name, string term, bool isG1, int bytesPerChar, byte[] escape, Func<CodeTable>? tableFactory)
    {
        Name = name;
        Term = term;
        IsG1 = isG1;
        BytesPerChar = bytesPerChar;
        Escape = escape;
        _tableFactory = tableFactory;
    }

    /// <summary>The standard the set comes from, for messages ("JIS X 0208").</summary>
    public string Name { get; }

    /// <summary>The defined term of (0008,0005) that declares this set, for messages.</summary>
    public string Term { get; }

    /// <summary>True if designated to G1 (bytes with the high bit set), false for G0.</summary>
    public bool IsG1 { get; }

    /// <summary>1 or 2.</summary>
    public int BytesPerChar { get; }

    /// <summary>The designation escape sequence, ESC included.</summary>
    public byte[] Escape { get; }

    /// <summary>True for ASCII and JIS X 0201 romaji, which both carry the delimiters of PS3.5 6.1.2.5.3.</summary>
    public bool IsAsciiLike => ReferenceEquals(this, Ascii) || ReferenceEquals(this, JisRomaji);

    // ISO-IR 6 and JIS X 0201 romaji differ only at 0x5C (yen) and 0x7E (overline). 0x5C is the DICOM value delimiter,
    // so both are read as ASCII, as other toolkits do.
    public static GraphicSet Ascii { get; } = new("ISO 646", "ISO 2022 IR 6", false, 1, [0x1B, 0x28, 0x42], null);

    public static GraphicSet JisRomaji { get; } = new("JIS X 0201 romaji", "ISO 2022 IR 13", false, 1, [0x1B, 0x28, 0x4A], null);

    public static GraphicSet JisKatakana { get; } = new("JIS X 0201 katakana", "ISO 2022 IR 13", true, 1, [0x1B, 0x29, 0x49], CodeTable.JisKatakana);

    public static GraphicSet JisX0208 { get; } = new("JIS X 0208", "ISO 2022 IR 87", false, 2, [0x1B, 0x24, 0x42], CodeTable.JisX0208);

    public static GraphicSet JisX0212 { get; } = new("JIS X 0212", "ISO 2022 IR 159", false, 2, [0x1B, 0x24, 0x28, 0x44], CodeTable.JisX0212);

    public static GraphicSet KsX1001 { get; } = new("KS X 1001", "ISO 2022 IR 149", true, 2, [0x1B, 0x24, 0x29, 0x43], CodeTable.KsX1001);

    public static GraphicSet Gb2312 { get; } = new("GB 2312", "ISO 2022 IR 58", true, 2, [0x1B, 0x24, 0x29, 0x41], CodeTable.Gb2312);

    public static GraphicSet Latin1 { get; } = Single96("ISO 8859-1", "ISO 2022 IR 100", 'A', () => CodeTable.FromSingleByte(28591));

    public static GraphicSet Latin2 { get; } = Single96("ISO 8859-2", "ISO 2022 IR 101", 'B', () => CodeTable.FromSingleByte(28592));

    public static GraphicSet Latin3 { get; } = Single96("ISO 8859-3", "ISO 2022 IR 109", 'C', () => CodeTable.FromSingleByte(28593));

    public static GraphicSet Latin4 { get; } = Single96("ISO 8859-4", "ISO 2022 IR 110", 'D', () => CodeTable.FromSingleByte(28594));

    public static GraphicSet Cyrillic { get; } = Single96("ISO 8859-5", "ISO 2022 IR 144", 'L', () => CodeTable.FromSingleByte(28595));

    public static GraphicSet Arabic { get; } = Single96("ISO 8859-6", "ISO 2022 IR 127", 'G', () => CodeTable.FromSingleByte(28596));

    public static GraphicSet Greek { get; } = Single96("ISO 8859-7", "ISO 2022 IR 126", 'F', CodeTable.Greek);

    public static GraphicSet Hebrew { get; } = Single96("ISO 8859-8", "ISO 2022 IR 138", 'H', CodeTable.Hebrew);

    public static GraphicSet Latin5 { get; } = Single96("ISO 8859-9", "ISO 2022 IR 148", 'M', () => CodeTable.FromSingleByte(28599));

    public static GraphicSet Latin9 { get; } = Single96("ISO 8859-15", "ISO 2022 IR 203", 'b', () => CodeTable.FromSingleByte(28605));

    public static GraphicSet Thai { get; } = Single96("TIS 620-2533", "ISO 2022 IR 166", 'T', CodeTable.Thai);

    /// <summary>Every set, for designation by escape sequence.</summary>
    public static IReadOnlyList<GraphicSet> All { get; } =
    [
        Ascii, JisRomaji, JisKatakana, JisX0208, JisX0212, KsX1001, Gb2312,
        Latin1, Latin2, Latin3, Latin4, Cyrillic, Arabic, Greek, Hebrew, Latin5, Latin9, Thai,
    ];

    // Tables are built on first use: a server that never sees Korean data never reads the KS X 1001 table.
    private CodeTable Table => LazyInitializer.EnsureInitialized(ref _table, _tableFactory!);

    /// <summary>The character for a 7-bit code (one byte 0x20-0x7F, or two bytes high &lt;&lt; 8 | low each 0x21-0x7E); false if undefined.</summary>
    public bool TryDecode(int code, out char c)
    {
        if (_tableFactory is null)
        {
            c = (char)code;
            return code < 0x80;
        }

        c = Table.Decode(code);
        return c != Undefined;
    }

    /// <summary>The 7-bit code of a character in this set; false if the set does not contain it.</summary>
    public bool TryEncode(char c, out int code)
    {
        if (_tableFactory is null)
        {
            code = c;
            return c < 0x80;
        }

        return Table.TryEncode(c, out code);
    }

    public override string ToString() => Name;

    private static GraphicSet Single96(string name, string term, char final, Func<CodeTable> table) =>
        new(name, term, true, 1, [0x1B, 0x2D, (byte)final], table);

    /// <summary>A code table: 96 codes (0x20-0x7F) for single-byte sets, 94 x 94 (0x2121-0x7E7E) for double-byte sets.</summary>
    private sealed class CodeTable
    {
        private readonly char[] _decode;
        private readonly FrozenDictionary<char, int> _encode;
        private readonly bool _doubleByte;

        private CodeTable(char[] decode, bool doubleByte, IEnumerable<KeyValuePair<char, int>> aliases, int decodeOnlyRow = 0)
        {
            _decode = decode;
            _doubleByte = doubleByte;
            var encode = new Dictionary<char, int>();
            for (var i = 0; i < decode.Length; i++)
            {
                if (decode[i] != Undefined && !(doubleByte && IndexToCode(i) >> 8 == decodeOnlyRow))
                {
                    encode.TryAdd(decode[i], IndexToCode(i));
                }
            }

            foreach (var alias in aliases)
            {
                encode.TryAdd(alias.Key, alias.Value);
            }

            _encode = encode.ToFrozenDictionary();
        }

        public char Decode(int code)
        {
            int index;
            if (_doubleByte)
            {
                int high = code >> 8, low = code & 0xFF;
                if (high is < 0x21 or > 0x7E || low is < 0x21 or > 0x7E)
                {
                    return Undefined;
                }

                index = (high - 0x21) * 94 + (low - 0x21);
            }
            else
            {
                if (code is < 0x20 or > 0x7F)
                {
                    return Undefined;
                }

                index = code - 0x20;
            }

            return _decode[index];
        }

        public bool TryEncode(char c, out int code) => _encode.TryGetValue(c, out code);

        private int IndexToCode(int index) => _doubleByte ? (index / 94 + 0x21) << 8 | (index % 94 + 0x21) : index + 0x20;

        public static CodeTable JisKatakana()
        {
            var table = NewTable(96);
            for (var code = 0x21; code <= 0x5F; code++)
            {
                table[code - 0x20] = (char)(0xFF61 + code - 0x21);
            }

            return new CodeTable(table, false, []);
        }

        public static CodeTable FromSingleByte(int codePage) => FromSingleByte(codePage, []);

        // .NET's ISO 8859-7 is the 1987 edition; the 2003 edition adds these, and DICOM data from Greek systems uses them.
        public static CodeTable Greek() => FromSingleByte(28597, [(0x21, '\u2018'), (0x22, '\u2019'), (0x24, '\u20AC'), (0x25, '\u20AF'), (0x2A, '\u037A')]);

        // ISO 8859-8:1999: 0xAF is the macron (not the overline) and the bidi marks LRM and RLM were added.
        public static CodeTable Hebrew() => FromSingleByte(28598, [(0x2F, '\u00AF'), (0x7D, '\u200E'), (0x7E, '\u200F')]);

        // TIS 620 maps 0xA1-0xDA and 0xDF-0xFB onto U+0E01-U+0E5B in order; Windows 874 would add characters TIS 620 lacks.
        public static CodeTable Thai()
        {
            var table = NewTable(96);
            table[0] = '\u00A0';
            for (var code = 0x21; code <= 0x7B; code++)
            {
                if (code is <= 0x5A or >= 0x5F)
                {
                    table[code - 0x20] = (char)(0x0E00 + code - 0x20);
                }
            }

            return new CodeTable(table, false, []);
        }

        // The 94 x 94 tables come from .NET's code page encodings, read once per set, and were checked code by code against
        // the JIS, KS and GB mappings of glibc and Python (whose codecs pydicom uses); the patches fix where .NET differs.
        // EUC-JP (20932) carries JIS X 0208 as two high bytes and JIS X 0212 as a high byte and a low byte.
        // Its row 13 holds the NEC special characters (circled numbers...), common in Japanese data but not JIS X 0208:
        // decoded, never written.
        public static CodeTable JisX0208() => FromDoubleByte(20932, true, [], MicrosoftJisVariants(), decodeOnlyRow: 0x2D);

        // .NET leaves the tilde and the numero sign of JIS X 0212 undefined; glibc's mapping fills them.
        public static CodeTable JisX0212() => FromDoubleByte(20932, false, [(0x2237, '\uFF5E'), (0x2271, '\u2116')], []);

        // .NET reads KS X 1001 0xB4D3 as U+B2D6, a syllable KS X 1001 does not have; the standard's is U+B2D2.
        public static CodeTable KsX1001() => FromDoubleByte(51949, true, [(0x3453, '\uB2D2')], []);

        // GB 2312 0x2124 and 0x212A are U+30FB and U+2015 in the original mapping, U+00B7 and U+2014 in GBK and GB18030;
        // decode as GB18030 does (the middle dot of transliterated names) and accept both when encoding.
        public static CodeTable Gb2312() => FromDoubleByte(936, true, [], [new('\u30FB', 0x2124), new('\u2015', 0x212A)]);

        // Windows input methods produce these code points for JIS X 0208 characters (the CP932 mapping); accept them when encoding.
        private static KeyValuePair<char, int>[] MicrosoftJisVariants() =>
        [
            new('\uFF5E', 0x2141), new('\u2225', 0x2142), new('\uFF0D', 0x215D), new('\uFFE0', 0x2171), new('\uFFE1', 0x2172), new('\uFFE2', 0x224C),
        ];

        private static CodeTable FromSingleByte(int codePage, (int Code, char Char)[] patches)
        {
            var encoding = GetEncoding(codePage);
            var table = NewTable(96);
            Span<byte> one = stackalloc byte[1];
            Span<char> chars = stackalloc char[4];
            for (var code = 0x20; code <= 0x7F; code++)
            {
                one[0] = (byte)(code | 0x80);
                if (encoding.GetChars(one, chars) == 1 && IsAssigned(chars[0]))
                {
                    table[code - 0x20] = chars[0];
                }
            }

            foreach (var (code, c) in patches)
            {
                table[code - 0x20] = c;
            }

            return new CodeTable(table, false, []);
        }

        private static CodeTable FromDoubleByte(
            int codePage, bool secondByteHigh, (int Code, char Char)[] patches, KeyValuePair<char, int>[] aliases, int decodeOnlyRow = 0)
        {
            var encoding = GetEncoding(codePage);
            var table = NewTable(94 * 94);
            Span<byte> two = stackalloc byte[2];
            Span<char> chars = stackalloc char[4];
            for (var high = 0x21; high <= 0x7E; high++)
            {
                for (var low = 0x21; low <= 0x7E; low++)
                {
                    two[0] = (byte)(high | 0x80);
                    two[1] = (byte)(secondByteHigh ? low | 0x80 : low);
                    if (encoding.GetChars(two, chars) == 1 && IsAssigned(chars[0]))
                    {
                        table[(high - 0x21) * 94 + low - 0x21] = chars[0];
                    }
                }
            }

            foreach (var (code, c) in patches)
            {
                table[((code >> 8) - 0x21) * 94 + (code & 0xFF) - 0x21] = c;
            }

            return new CodeTable(table, true, aliases, decodeOnlyRow);
        }

        private static char[] NewTable(int size)
        {
            var table = new char[size];
            Array.Fill(table, Undefined);
            return table;
        }

        // Code pages map unassigned positions to the replacement character or to the private use area.
        private static bool IsAssigned(char c) => c != '\uFFFD' && c != '?' && !char.IsSurrogate(c) && c is < '\uE000' or > '\uF8FF';

        private static Encoding GetEncoding(int codePage) =>
            CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD"))
            ?? Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD"));
    }
}
