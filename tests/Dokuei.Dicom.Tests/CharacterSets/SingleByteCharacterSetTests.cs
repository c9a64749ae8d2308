using static Dokuei.Dicom.Tests.CharacterSets.Bytes;

namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>
/// The single-byte sets of PS3.3 Tables C.12-2 and C.12-3. Names and bytes are those of pydicom's character set test
/// files and test suite (chrFren, chrRuss, chrGreek, chrArab, chrHbrw, chrH32...), themselves taken from the standard's examples.
/// </summary>
public class SingleByteCharacterSetTests
{
    public static TheoryData<string, string, string> Names => new()
    {
        { "100", "Buc^Jérôme", "42 75 63 5e 4a e9 72 f4 6d 65" },
        { "101", "Wałęsa", "57 61 b3 ea 73 61" },
        { "109", "antaŭnomo", "61 6e 74 61 fd 6e 6f 6d 6f" },
        { "110", "vārds", "76 e0 72 64 73" },
        { "144", "Люкceмбypг", "bb ee da 63 65 dc d1 79 70 d3" },
        { "127", "قباني^لنزار", "e2 c8 c7 e6 ea 5e e4 e6 d2 c7 d1" },
        { "126", "Διονυσιος", "c4 e9 ef ed f5 f3 e9 ef f2" },
        { "138", "שרון^דבורה", "f9 f8 e5 ef 5e e3 e1 e5 f8 e4" },
        { "148", "Çavuşoğlu", "c7 61 76 75 fe 6f f0 6c 75" },
        { "203", "Œuvre^Bœuf €", "bc 75 76 72 65 5e 42 bd 75 66 20 a4" },
        { "13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "d4 cf c0 de 5e c0 db b3" },
        { "166", "นามสกุล", "b9 d2 c1 ca a1 d8 c5" },
    };

    // pydicom's ENCODED_NAMES: each component starts with a (redundant) designation of the set.
    public static TheoryData<string, string, string> EscapedNames => new()
    {
        { "13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "1b 29 49 d4 cf c0 de 5e 1b 29 49 c0 db b3" },
        { "100", "Buc^Jérôme", "1b 2d 41 42 75 63 5e 1b 2d 41 4a e9 72 f4 6d 65" },
        { "101", "Wałęsa", "1b 2d 42 57 61 b3 ea 73 61" },
        { "109", "antaŭnomo", "1b 2d 43 61 6e 74 61 fd 6e 6f 6d 6f" },
        { "110", "vārds", "1b 2d 44 76 e0 72 64 73" },
        { "127", "قباني^لنزار", "1b 2d 47 e2 c8 c7 e6 ea 5e 1b 2d 47 e4 e6 d2 c7 d1" },
        { "126", "Διονυσιος", "1b 2d 46 c4 e9 ef ed f5 f3 e9 ef f2" },
        { "138", "שרון^דבורה", "1b 2d 48 f9 f8 e5 ef 5e 1b 2d 48 e3 e1 e5 f8 e4" },
        { "144", "Люкceмбypг", "1b 2d 4c bb ee da 63 65 dc d1 79 70 d3" },
        { "148", "Çavuşoğlu", "1b 2d 4d c7 61 76 75 fe 6f f0 6c 75" },
        { "166", "นามสกุล", "1b 2d 54 b9 d2 c1 ca a1 d8 c5" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Term_without_code_extensions_round_trips(string number, string text, string hex)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR " + number);

        var decoded = set.DecodeWithDiagnostics(Hex(hex), DicomVR.PN);

        Assert.Equal(text, decoded.Text);
        Assert.Empty(decoded.Warnings);
        Assert.Equal(ToHex(Hex(hex)), ToHex(set.Encode(text, DicomVR.PN)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Term_with_code_extensions_as_value_1_needs_no_escape(string number, string text, string hex)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR " + number);

        Assert.Equal(text, set.Decode(Hex(hex), DicomVR.PN));
        Assert.Equal(ToHex(Hex(hex)), ToHex(set.Encode(text, DicomVR.PN)));
        Assert.Empty(set.Warnings);
    }

    [Theory]
    [MemberData(nameof(EscapedNames))]
    public void Redundant_designations_before_each_component_decode(string number, string text, string hex)
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR " + number).DecodeWithDiagnostics(Hex(hex), DicomVR.PN);

        Assert.Equal(text, decoded.Text);
        Assert.Empty(decoded.Warnings);
    }

    [Theory]
    [MemberData(nameof(EscapedNames))]
    public void Term_as_value_2_is_designated_where_first_needed_and_round_trips(string number, string text, string hex)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR " + number);

        var encoded = set.Encode(text, DicomVR.PN);
        var decoded = set.DecodeWithDiagnostics(encoded, DicomVR.PN);

        Assert.Equal(text, decoded.Text);
        Assert.Empty(decoded.Warnings);
        Assert.Equal(0x1B, encoded.First(b => b >= 0x80 || b == 0x1B));
        Assert.Equal(text, set.Decode(Hex(hex), DicomVR.PN));
    }

    [Fact]
    public void Latin_Greek_and_Cyrillic_values_switch_with_escapes_and_reset_at_each_value()
    {
        // pydicom's test_charset.py, multi-valued PN under ISO 2022 IR 100\ISO 2022 IR 126\ISO 2022 IR 144.
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 144");
        const string Text = "Buc^Jérôme\\Διονυσιος\\Люкceмбypг";
        const string Hexadecimal = "42 75 63 5e 4a e9 72 f4 6d 65 5c 1b 2d 46 c4 e9 ef ed f5 f3 e9 ef f2 5c" +
            " 1b 2d 4c bb ee da 63 65 dc d1 79 70 d3";

        Assert.Equal(ToHex(Hex(Hexadecimal)), ToHex(set.Encode(Text, DicomVR.PN)));
        Assert.Equal(Text, set.Decode(Hex(Hexadecimal), DicomVR.PN));
    }

    [Fact]
    public void Greek_uses_the_2003_edition_of_iso_8859_7()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 126");

        Assert.Equal("‘€’", set.Decode(Hex("a1 a4 a2"), DicomVR.LO));
        Assert.Equal("A1A4A2", ToHex(set.Encode("‘€’", DicomVR.LO)));
    }

    [Fact]
    public void Hebrew_0xaf_is_the_macron_of_iso_8859_8_1999()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 138");

        Assert.Equal("\u00AF", set.Decode(Hex("af"), DicomVR.LO));
        Assert.Equal("AF", ToHex(set.Encode("\u00AF", DicomVR.LO)));
    }

    [Fact]
    public void Unassigned_byte_of_a_single_byte_set_becomes_a_replacement_character_with_a_warning()
    {
        // 0xA5 is unassigned in ISO 8859-3.
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 109").DecodeWithDiagnostics(Hex("41 a5 42"), DicomVR.LO);

        Assert.Equal("A\uFFFDB", decoded.Text);
        Assert.Contains(decoded.Warnings, w => w.StartsWith("invalid bytes replaced by U+FFFD", StringComparison.Ordinal));
    }
}
