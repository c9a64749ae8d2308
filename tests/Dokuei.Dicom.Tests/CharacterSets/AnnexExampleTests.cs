using static Dokuei.Dicom.Tests.CharacterSets.Bytes;

namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>The examples of PS3.5 Annexes H (Japanese), I (Korean), J (Chinese, Unicode and GB18030) and K (Chinese, GB 2312).</summary>
public class AnnexExampleTests
{
    public static TheoryData<string, string, string, string> Examples => new()
    {
        {
            "H.3.1", "\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう",
            "59 61 6d 61 64 61 5e 54 61 72 6f 75 3d 1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42 3d" +
            " 1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42"
        },
        {
            "H.3.2", "ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
            "d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d" +
            " 1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a"
        },
        {
            "I.2", "\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동",
            "48 6f 6e 67 5e 47 69 6c 64 6f 6e 67 3d 1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7 3d" +
            " 1b 24 29 43 c8 ab 5e 1b 24 29 43 b1 e6 b5 bf"
        },
        {
            "J.1", "ISO_IR 192", "Wang^XiaoDong=王^小東=",
            "57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d e7 8e 8b 5e e5 b0 8f e6 9d b1 3d"
        },
        {
            "J.3", "GB18030", "Wang^XiaoDong=王^小东=",
            "57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d cd f5 5e d0 a1 b6 ab 3d"
        },
        {
            "K.2", "\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东=",
            "5A 68 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D 1B 24 29 41 D5 C5 5E 1B 24 29 41 D0 A1 B6 AB 3D"
        },
    };

    public static TheoryData<string, string, string, string> TextExamples => new()
    {
        {
            "J.2", "ISO_IR 192", "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n",
            "54 68 65 20 66 69 72 73 74 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 e4 b8 ad e6 96 87 2e 0d 0a" +
            " 54 68 65 20 73 65 63 6f 6e 64 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 e4 b8 ad e6 96 87 2c 20 74 6f 6f 2e 0d 0a" +
            " 54 68 65 20 74 68 69 72 64 20 6c 69 6e 65 2e 0d 0a"
        },
        {
            "J.4", "GB18030", "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n",
            "54 68 65 20 66 69 72 73 74 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 d6 d0 ce c4 2e 0d 0a" +
            " 54 68 65 20 73 65 63 6f 6e 64 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 d6 d0 ce c4 2c 20 74 6f 6f 2e 0d 0a" +
            " 54 68 65 20 74 68 69 72 64 20 6c 69 6e 65 2e 0d 0a"
        },
        {
            "K.3", "\\ISO 2022 IR 58", "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n",
            "31 2e 1B 24 29 41 B5 DA D2 BB D0 D0 CE C4 D7 D6 A1 A3 0D 0A" +
            " 32 2e 1B 24 29 41 B5 DA B6 FE D0 D0 CE C4 D7 D6 A1 A3 0D 0A" +
            " 33 2e 1B 24 29 41 B5 DA C8 FD D0 D0 CE C4 D7 D6 A1 A3 0D 0A"
        },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Person_name_example_decodes_to_the_annex_text(string example, string specificCharacterSet, string text, string hex)
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).DecodeWithDiagnostics(Hex(hex), DicomVR.PN);

        Assert.Equal(text, decoded.Text);
        Assert.True(decoded.Warnings.Count == 0, $"{example}: {string.Join("; ", decoded.Warnings)}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Person_name_example_encodes_to_the_annex_bytes(string example, string specificCharacterSet, string text, string hex)
    {
        var encoded = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).Encode(text, DicomVR.PN);

        Assert.True(ToHex(Hex(hex)) == ToHex(encoded), $"{example}: expected {ToHex(Hex(hex))}, got {ToHex(encoded)}");
    }

    [Theory]
    [MemberData(nameof(TextExamples))]
    public void Long_text_example_decodes_to_the_annex_text(string example, string specificCharacterSet, string text, string hex)
    {
        var decoded = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).DecodeWithDiagnostics(Hex(hex), DicomVR.LT);

        Assert.Equal(text, decoded.Text);
        Assert.True(decoded.Warnings.Count == 0, $"{example}: {string.Join("; ", decoded.Warnings)}");
    }

    [Theory]
    [MemberData(nameof(TextExamples))]
    public void Long_text_example_encodes_to_the_annex_bytes(string example, string specificCharacterSet, string text, string hex)
    {
        var encoded = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).Encode(text, DicomVR.LT);

        Assert.True(ToHex(Hex(hex)) == ToHex(encoded), $"{example}: expected {ToHex(Hex(hex))}, got {ToHex(encoded)}");
    }

    [Fact]
    public void Korean_long_text_with_the_escape_at_the_head_of_each_line_decodes()
    {
        // The shape of Example I.3-1: ESC $ ) C starts the line, then ASCII and KS X 1001 mix without further escapes.
        var bytes = Hex(
            "1b 24 29 43 54 68 65 20 66 69 72 73 74 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 20 c7 d1 b1 db 2e 0d 0a" +
            " 1b 24 29 43 54 68 65 20 73 65 63 6f 6e 64 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 20 c7 d1 b1 db 2c 20 74 6f 6f 2e 0d 0a" +
            " 54 68 65 20 74 68 69 72 64 20 6c 69 6e 65");
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149");

        var decoded = set.DecodeWithDiagnostics(bytes, DicomVR.LT);

        const string Text = "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line";
        Assert.Equal(Text, decoded.Text);
        Assert.Empty(decoded.Warnings);
        Assert.Equal(Text, set.Decode(set.Encode(Text, DicomVR.LT), DicomVR.LT));
    }

    [Fact]
    public void Japanese_person_name_splits_into_its_three_component_groups()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87");
        var text = set.Decode(Hex(
            "d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d" +
            " 1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a"), DicomVR.PN);

        var name = DicomPersonName.Parse(text);

        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ", name.Alphabetic);
        Assert.Equal("山田^太郎", name.Ideographic);
        Assert.Equal("やまだ^たろう", name.Phonetic);
        Assert.Equal("ﾔﾏﾀﾞ", name.FamilyName);
    }
}
