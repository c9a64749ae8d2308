using static Dokuei.Dicom.Tests.CharacterSets.Bytes;

namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>Multi-byte sets beyond the Annex examples, cross-checked with pydicom's character set files and test suite.</summary>
public class MultiByteCharacterSetTests
{
    [Fact]
    public void Japanese_multi_valued_name_with_padding_decodes_each_value_from_the_initial_state()
    {
        // chrJapMulti.dcm, (0010,1001).
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");
        var bytes = Hex("1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42 5c" +
            " 1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42 20");

        Assert.Equal("やまだ^たろう\\やまだ^たろう ", set.Decode(bytes, DicomVR.PN));
        Assert.Equal(ToHex(bytes[..^1]), ToHex(set.Encode("やまだ^たろう\\やまだ^たろう", DicomVR.PN)));
    }

    [Fact]
    public void Explicit_iso_2022_ir_6_as_value_1_is_the_default_repertoire()
    {
        // chrJapMultiExplicitIR6.dcm.
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 6\\ISO 2022 IR 87");

        Assert.Empty(set.Warnings);
        Assert.Equal("たろう", set.Decode(Hex("1b 24 42 24 3f 24 6d 24 26 1b 28 42"), DicomVR.LT));
    }

    [Fact]
    public void Korean_value_ending_with_a_redundant_return_to_ascii_decodes()
    {
        // chrKoreanMulti.dcm, (0010,0010).
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149")
            .DecodeWithDiagnostics(Hex("1b 24 29 43 b1 e8 c8 f1 c1 df 1b 28 42 20"), DicomVR.PN);

        Assert.Equal("김희중 ", decoded.Text);
        Assert.Empty(decoded.Warnings);
    }

    [Fact]
    public void Supplementary_kanji_of_jis_x_0212_are_designated_only_where_needed()
    {
        // pydicom test_charset.py: 鷗 is in JIS X 0212 only; 外 switches back to JIS X 0208.
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159");
        const string Text = "Mori^Ogai=森^鷗外=もり^おうがい";
        var bytes = Hex("4d 6f 72 69 5e 4f 67 61 69 3d 1b 24 42 3f 39 1b 28 42 5e 1b 24 28 44 6c 3f 1b 24 42" +
            " 33 30 1b 28 42 3d 1b 24 42 24 62 24 6a 1b 28 42 5e 1b 24 42 24 2a 24 26 24 2c 24 24 1b 28 42");

        Assert.Equal(ToHex(bytes), ToHex(set.Encode(Text, DicomVR.PN)));
        Assert.Equal(Text, set.Decode(bytes, DicomVR.PN));
    }

    [Fact]
    public void Hiragana_ascii_katakana_and_supplementary_kanji_mix_in_one_value()
    {
        // pydicom test_charset.py test_japanese_multi_byte_encoding (its encoder re-designates katakana; ours keeps the initial G1).
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87\\ISO 2022 IR 159");
        var pydicomBytes = Hex("1b 24 42 24 22 1b 28 4a 61 1b 29 49 b1 1b 24 42 25 22 1b 24 28 44 6d 4e 1b 28 4a");

        Assert.Equal("あaｱア齩", set.Decode(pydicomBytes, DicomVR.LO));
        Assert.Equal(
            "1B244224221B284A61B11B244225221B2428446D4E1B284A",
            ToHex(set.Encode("あaｱア齩", DicomVR.LO)));
    }

    [Fact]
    public void Two_byte_codes_containing_delimiter_bytes_are_not_split()
    {
        // ぼ is JIS X 0208 0x245C: its second byte is the backslash.
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");
        var encoded = set.Encode("ぼ\\ぼ", DicomVR.LO);

        Assert.Equal("1B2442245C1B28425C1B2442245C1B2842", ToHex(encoded));
        Assert.Equal(["ぼ", "ぼ"], set.Decode(encoded, DicomVR.LO).Split('\\'));
    }

    [Fact]
    public void Windows_variants_of_jis_characters_encode_to_the_jis_code()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");

        // U+FF5E (Windows) and U+301C (JIS) are both JIS X 0208 0x2141; decoding gives the JIS mapping.
        Assert.Equal("1B244221411B2842", ToHex(set.Encode("\uFF5E", DicomVR.LO)));
        Assert.Equal("\u301C", set.Decode(set.Encode("\uFF5E", DicomVR.LO), DicomVR.LO));
    }

    [Fact]
    public void Backslash_in_long_text_keeps_the_g1_designation()
    {
        // LT is single-valued (PS3.5 6.1.2.5.3 lists the backslash only for multi-valued VRs).
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149");

        var encoded = set.Encode("가\\나", DicomVR.LT);

        Assert.Equal("1B242943B0A15CB3AA", ToHex(encoded));
        Assert.Equal("가\\나", set.Decode(encoded, DicomVR.LT));
    }

    [Fact]
    public void Backslash_in_a_multi_valued_korean_value_requires_a_new_designation()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149");

        var encoded = set.Encode("가\\나", DicomVR.LO);

        Assert.Equal("1B242943B0A15C1B242943B3AA", ToHex(encoded));
        Assert.Equal("가\\나", set.Decode(encoded, DicomVR.LO));
    }

    [Fact]
    public void Line_breaks_reset_the_state_in_japanese_text()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");

        var encoded = set.Encode("山\r\n田", DicomVR.LT);

        Assert.Equal("1B24423B331B28420D0A1B244245441B2842", ToHex(encoded));
        Assert.Equal("山\r\n田", set.Decode(encoded, DicomVR.LT));
    }

    [Theory]
    [InlineData("ISO_IR 192", "王^小東😀", "E78E8B5EE5B08FE69DB1F09F9880")]
    [InlineData("GB18030", "王^小东😀", "CDF55ED0A1B6AB9439FC36")]
    [InlineData("GBK", "王^小东", "CDF55ED0A1B6AB")]
    public void Unicode_and_gb_sets_encode_whole_values(string specificCharacterSet, string text, string hex)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet);

        Assert.Equal(hex, ToHex(set.Encode(text, DicomVR.PN)));
        Assert.Equal(text, set.Decode(Hex(hex), DicomVR.PN));
    }

    [Fact]
    public void Gbk_trail_byte_0x5c_is_not_a_value_delimiter()
    {
        // 乗 in GBK is 81 5C; the value is decoded whole before it is split.
        var set = DicomCharacterSet.FromSpecificCharacterSet("GBK");

        Assert.Equal(["乗", "A"], set.Decode(Hex("81 5c 5c 41"), DicomVR.LO).Split('\\'));
    }

    [Fact]
    public void Ks_x_1001_0xb4d3_is_the_syllable_of_the_ks_mapping()
    {
        // .NET's code page 51949 reads 0xB4D3 as U+B2D6; KS X 1001, glibc and Python read U+B2D2.
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149");

        Assert.Equal("\uB2D2", set.Decode(Hex("1b 24 29 43 b4 d3"), DicomVR.PN));
        Assert.Equal("1B242943B4D3", ToHex(set.Encode("\uB2D2", DicomVR.PN)));
        Assert.False(set.TryEncode("\uB2D6", DicomVR.PN, out _));
    }

    [Fact]
    public void Nec_special_characters_are_decoded_but_not_written()
    {
        // Row 13 (circled numbers...) is a Windows extension of JIS X 0208 that strict decoders reject.
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");

        Assert.Equal("①", set.Decode(Hex("1b 24 42 2d 21 1b 28 42"), DicomVR.LO));
        Assert.False(set.TryEncode("①", DicomVR.LO, out _));
    }

    [Fact]
    public void Gb_2312_middle_dot_decodes_as_gb18030_does_and_both_forms_encode()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 58");

        Assert.Equal("约翰\u00B7史密斯", set.Decode(Hex("1b 24 29 41 d4 bc ba b2 a1 a4 ca b7 c3 dc cb b9"), DicomVR.PN));
        Assert.Equal("1B242941A1A4", ToHex(set.Encode("\u30FB", DicomVR.PN)));
        Assert.Equal("1B242941A1A4", ToHex(set.Encode("\u00B7", DicomVR.PN)));
    }
}
