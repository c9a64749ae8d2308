namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>Characters that the declared character set cannot hold.</summary>
public class EncodingTests
{
    [Fact]
    public void Character_outside_the_declared_set_throws_naming_the_code_point_not_the_value()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 100");

        var exception = Assert.Throws<DicomCharacterSetException>(() => set.Encode("Yamada^Tarou=山田^太郎", DicomVR.PN));

        Assert.Contains("U+5C71", exception.Message, StringComparison.Ordinal);
        Assert.Contains("position 13", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'ISO_IR 100'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Yamada", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Try_encode_reports_failure_without_throwing()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");

        Assert.False(set.TryEncode("Jérôme", DicomVR.PN, out var bytes));
        Assert.Null(bytes);
        Assert.True(set.TryEncode("山田", DicomVR.PN, out bytes));
    }

    [Fact]
    public void Default_repertoire_holds_ascii_only()
    {
        var exception = Assert.Throws<DicomCharacterSetException>(() => DicomCharacterSet.Default.Encode("Jérôme", DicomVR.PN));

        Assert.Contains("default repertoire", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vr_without_character_set_holds_ascii_only_even_under_utf8()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 192");

        Assert.Throws<DicomCharacterSetException>(() => set.Encode("É", DicomVR.CS));
        Assert.Equal("ORGAN"u8.ToArray(), set.Encode("ORGAN", DicomVR.CS));
    }

    [Theory]
    [InlineData("\\ISO 2022 IR 87", "U+1F600")]
    [InlineData("GBK", "U+1F600")]
    public void Character_beyond_the_basic_plane_is_named_by_its_code_point(string specificCharacterSet, string codePoint)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet);

        var exception = Assert.Throws<DicomCharacterSetException>(() => set.Encode("A😀", DicomVR.LO));

        Assert.Contains(codePoint, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_byte_set_without_code_extensions_does_not_switch_sets()
    {
        // ISO_IR 100 alone cannot carry Greek, although ISO 2022 IR 126 exists.
        Assert.Throws<DicomCharacterSetException>(() => DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 100").Encode("Δ", DicomVR.LO));
        Assert.Equal([0x1B, 0x2D, 0x46, 0xC4], DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 100\\ISO 2022 IR 126").Encode("Δ", DicomVR.LO));
    }

    [Theory]
    [InlineData("ISO_IR 192")]
    [InlineData("\\ISO 2022 IR 87")]
    public void Escape_character_in_a_string_is_refused(string specificCharacterSet) =>
        Assert.Throws<DicomCharacterSetException>(() => DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).Encode("A\u001B$B", DicomVR.LO));
}
