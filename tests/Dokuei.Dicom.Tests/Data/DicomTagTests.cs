namespace Dokuei.Dicom.Tests.Data;

public class DicomTagTests
{
    [Theory]
    [InlineData("(0010,0010)", 0x00100010u)]
    [InlineData("0010,0010", 0x00100010u)]
    [InlineData("7FE00010", 0x7FE00010u)]
    [InlineData(" (fffe,e000) ", 0xFFFEE000u)]
    public void Parse_accepts_the_usual_forms(string text, uint expected) => Assert.Equal(expected, DicomTag.Parse(text).Value);

    [Theory]
    [InlineData("")]
    [InlineData("(0010,001)")]
    [InlineData("0010001G")]
    [InlineData("(0010,0010,0)")]
    public void TryParse_rejects_malformed_text(string text) => Assert.False(DicomTag.TryParse(text, out _));

    [Fact]
    public void Private_creator_and_its_elements_are_recognised()
    {
        var creator = new DicomTag(0x0029, 0x0010);
        var element = new DicomTag(0x0029, 0x1008);
        Assert.True(creator.IsPrivateCreator);
        Assert.False(element.IsPrivateCreator);
        Assert.Equal(creator, element.PrivateCreatorTag);
        Assert.Equal("(0029,1008)", element.ToString());
    }
}
