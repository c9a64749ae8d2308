namespace Dokuei.Dicom.Tests.Data;

public class DicomUidValidatorTests
{
    [Theory]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("2.25.329800735698586629295641978511506172918")]
    [InlineData("1.2.3.0.4")]
    [InlineData("0")]
    [InlineData("1.2.345678901234567890123456789012345678901234567890123456789012")]
    public void Accepts_well_formed_uids(string uid) => Assert.True(DicomUidValidator.IsValid(uid));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1..2", "empty component")]
    [InlineData(".1.2", "starts with a dot")]
    [InlineData("1.2.", "ends with a dot")]
    [InlineData("1.02.3", "leading zero")]
    [InlineData("1.2.3a", "not a digit")]
    [InlineData("1.2.3 ", "not a digit")]
    [InlineData("1.2.34567890123456789012345678901234567890123456789012345678901234", "at most 64")]
    public void Rejects_malformed_uids_and_says_why(string uid, string expectedReason)
    {
        Assert.False(DicomUidValidator.IsValid(uid, out var reason));
        Assert.Contains(expectedReason, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_null() => Assert.False(DicomUidValidator.IsValid(null));
}
