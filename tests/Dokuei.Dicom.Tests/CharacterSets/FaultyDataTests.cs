using System.Text;
using static Dokuei.Dicom.Tests.CharacterSets.Bytes;

namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>Values whose bytes do not match their declared set, as found in real archives: decoded, and the guess reported.</summary>
public class FaultyDataTests
{
    // 山田^太郎 in Shift_JIS.
    private const string ShiftJisName = "8e 52 93 63 5e 91 be 98 59";

    [Theory]
    [InlineData("\\ISO 2022 IR 87")]
    [InlineData("ISO 2022 IR 13\\ISO 2022 IR 87")]
    [InlineData("ISO_IR 13")]
    [InlineData("ISO 2022 IR 13")]
    public void Shift_jis_bytes_under_a_japanese_label_are_decoded_as_shift_jis(string specificCharacterSet)
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).DecodeWithDiagnostics(Hex(ShiftJisName), DicomVR.PN);

        Assert.Equal("山田^太郎", decoded.Text);
        Assert.Equal([$"bytes under {specificCharacterSet} are Shift_JIS; decoded as Shift_JIS"], decoded.Warnings);
    }

    [Fact]
    public void Shift_jis_bytes_without_specific_character_set_are_decoded_as_shift_jis()
    {
        var decoded = DicomCharacterSet.Default.DecodeWithDiagnostics(Hex(ShiftJisName), DicomVR.PN);

        Assert.Equal("山田^太郎", decoded.Text);
        Assert.Equal(["bytes under the default repertoire are Shift_JIS; decoded as Shift_JIS"], decoded.Warnings);
    }

    [Fact]
    public void Latin1_text_without_specific_character_set_is_not_taken_for_shift_jis()
    {
        // "Müller^Jürgen": valid Shift_JIS as well (FC/FC are not lead bytes, but E4 and E9 are), yet no C1 control codes.
        var decoded = DicomCharacterSet.Default.DecodeWithDiagnostics(Encoding.Latin1.GetBytes("Müller^Jürgen"), DicomVR.PN);

        Assert.Equal("Müller^Jürgen", decoded.Text);
    }

    [Fact]
    public void Shift_jis_trail_byte_0x5c_stays_inside_its_character()
    {
        // 表 is 95 5C in Shift_JIS.
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87").DecodeWithDiagnostics(Hex("95 5c 8e a6 5c 41"), DicomVR.LO);

        Assert.Equal(["表示", "A"], decoded.Text.Split('\\'));
    }

    [Fact]
    public void Half_width_katakana_stays_katakana_under_iso_2022_ir_13()
    {
        // Valid JIS X 0201 is not second-guessed as Shift_JIS or UTF-8, although the bytes are valid in both.
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87").DecodeWithDiagnostics(Hex("c2 b1"), DicomVR.PN);

        Assert.Equal("ﾂｱ", decoded.Text);
        Assert.Empty(decoded.Warnings);
    }

    [Fact]
    public void Iso_ir_13_as_value_1_of_several_is_read_as_iso_2022_ir_13()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 13\\ISO 2022 IR 87");

        Assert.Equal(["Specific Character Set ISO_IR 13 used for a multi-valued value; read as ISO 2022 IR 13"], set.Warnings);
        Assert.Equal("ﾔﾏﾀﾞ=山田", set.Decode(Hex("d4 cf c0 de 3d 1b 24 42 3b 33 45 44 1b 28 4a"), DicomVR.PN));
        Assert.Equal("D4CFC0DE3D1B24423B3345441B284A", ToHex(set.Encode("ﾔﾏﾀﾞ=山田", DicomVR.PN)));
    }

    [Fact]
    public void Escape_sequences_under_iso_ir_13_alone_are_decoded_and_reported()
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 13")
            .DecodeWithDiagnostics(Hex("d4 cf c0 de 3d 1b 24 42 3b 33 45 44 1b 28 4a"), DicomVR.PN);

        Assert.Equal("ﾔﾏﾀﾞ=山田", decoded.Text);
        Assert.Equal(
            [
                "escape sequences under ISO_IR 13, which has no code extensions; read as ISO 2022 IR 13",
                "escape sequence for ISO 2022 IR 87 (JIS X 0208) not declared in Specific Character Set; decoded anyway",
            ],
            decoded.Warnings);
    }

    [Fact]
    public void Japanese_escapes_without_specific_character_set_are_decoded_and_reported()
    {
        var decoded = DicomCharacterSet.Default.DecodeWithDiagnostics(Hex("1b 24 42 24 3f 24 6d 24 26 1b 28 42"), DicomVR.PN);

        Assert.Equal("たろう", decoded.Text);
        Assert.Contains("escape sequences under the default repertoire, which has no code extensions; read as ISO 2022", decoded.Warnings);
        Assert.Contains("escape sequence for ISO 2022 IR 87 (JIS X 0208) not declared in Specific Character Set; decoded anyway", decoded.Warnings);
    }

    [Theory]
    [InlineData("ISO_IR 100")]
    [InlineData("ISO_IR 144")]
    [InlineData("ISO 2022 IR 6")]
    public void Utf8_bytes_under_a_single_byte_label_are_decoded_as_utf8(string specificCharacterSet)
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).DecodeWithDiagnostics("Buc^Jérôme"u8, DicomVR.PN);

        Assert.Equal("Buc^Jérôme", decoded.Text);
        Assert.Equal([$"bytes under {specificCharacterSet} are UTF-8; decoded as ISO_IR 192"], decoded.Warnings);
    }

    [Fact]
    public void Utf8_bytes_without_specific_character_set_are_decoded_as_utf8()
    {
        var decoded = DicomCharacterSet.Default.DecodeWithDiagnostics("山田^太郎"u8, DicomVR.PN);

        Assert.Equal("山田^太郎", decoded.Text);
        Assert.Equal(["bytes under the default repertoire are UTF-8; decoded as ISO_IR 192"], decoded.Warnings);
    }

    [Fact]
    public void Utf8_japanese_under_iso_2022_ir_87_is_decoded_as_utf8()
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87").DecodeWithDiagnostics("やまだ^たろう"u8, DicomVR.PN);

        Assert.Equal("やまだ^たろう", decoded.Text);
        Assert.Single(decoded.Warnings);
    }

    [Fact]
    public void Latin1_bytes_without_specific_character_set_are_decoded_as_latin1()
    {
        var decoded = DicomCharacterSet.Default.DecodeWithDiagnostics(Hex("42 75 63 5e 4a e9 72 f4 6d 65"), DicomVR.PN);

        Assert.Equal("Buc^Jérôme", decoded.Text);
        Assert.Equal(["bytes above 0x7F under the default repertoire without an escape sequence; read as ISO 2022 IR 100 (ISO 8859-1)"], decoded.Warnings);
    }

    [Fact]
    public void Korean_bytes_without_their_escape_sequence_are_read_as_the_declared_g1_set()
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149").DecodeWithDiagnostics(Hex("b1 e8 c8 f1 c1 df"), DicomVR.PN);

        Assert.Equal("김희중", decoded.Text);
        Assert.Equal(["bytes above 0x7F under \\ISO 2022 IR 149 without an escape sequence; read as ISO 2022 IR 149 (KS X 1001)"], decoded.Warnings);
    }

    [Fact]
    public void Gbk_characters_under_iso_2022_ir_58_are_decoded_as_gb18030()
    {
        // 堃 is in GBK and GB18030 but not in GB 2312.
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes("张堃");

        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 58").DecodeWithDiagnostics(bytes, DicomVR.PN);

        Assert.Equal("张堃", decoded.Text);
        Assert.Equal(["bytes under \\ISO 2022 IR 58 are GB18030 beyond GB 2312; decoded as GB18030"], decoded.Warnings);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_reported()
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 192").DecodeWithDiagnostics(Hex("42 75 63 5e 4a e9 72"), DicomVR.PN);

        Assert.Equal("Buc^J\uFFFDr", decoded.Text);
        Assert.Equal(["invalid bytes replaced by U+FFFD (not UTF-8 under ISO_IR 192)"], decoded.Warnings);
    }

    [Fact]
    public void Undefined_jis_code_is_replaced_and_reported()
    {
        // Row 9 of JIS X 0208 is unassigned.
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87").DecodeWithDiagnostics(Hex("1b 24 42 29 40 1b 28 42"), DicomVR.LO);

        Assert.Equal("\uFFFD", decoded.Text);
        Assert.Equal(["invalid bytes replaced by U+FFFD (2 under \\ISO 2022 IR 87)"], decoded.Warnings);
    }

    [Fact]
    public void Unknown_escape_sequence_is_skipped_and_reported()
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87").DecodeWithDiagnostics(Hex("41 1b 24 29 5a 42 1b"), DicomVR.LO);

        Assert.Equal("AB", decoded.Text);
        Assert.Equal(["unknown or truncated escape sequence; ignored"], decoded.Warnings);
    }

    [Fact]
    public void Stray_escape_does_not_swallow_the_padding_after_it()
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87").DecodeWithDiagnostics(Hex("41 1b 20 20"), DicomVR.LO);

        Assert.Equal("A  ", decoded.Text);
        Assert.Equal(["unknown or truncated escape sequence; ignored"], decoded.Warnings);
    }

    [Fact]
    public void Escape_for_a_set_not_declared_is_decoded_and_reported()
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149").DecodeWithDiagnostics(Hex("1b 24 42 3b 33 1b 28 42"), DicomVR.PN);

        Assert.Equal("山", decoded.Text);
        Assert.Equal(["escape sequence for ISO 2022 IR 87 (JIS X 0208) not declared in Specific Character Set; decoded anyway"], decoded.Warnings);
    }

    [Fact]
    public void Value_of_a_vr_without_character_set_is_read_in_the_default_repertoire()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");

        var decoded = set.DecodeWithDiagnostics(Hex("c4 52 49 47"), DicomVR.CS);

        Assert.Equal("ÄRIG", decoded.Text);
        Assert.Equal(["bytes above 0x7F in a CS value, which allows the default repertoire only; read as ISO 8859-1"], decoded.Warnings);
    }
}
