using System.Text;
using Dokuei.Server.Features.Identity;

namespace Dokuei.Server.Tests.Features.Identity;

public sealed class Base32Tests
{
    // RFC 4648 section 10.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY======")]
    [InlineData("fo", "MZXQ====")]
    [InlineData("foo", "MZXW6===")]
    [InlineData("foob", "MZXW6YQ=")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI======")]
    public void The_rfc_4648_test_vectors_encode_and_decode(string text, string base32)
    {
        var bytes = Encoding.ASCII.GetBytes(text);

        Assert.Equal(base32, Base32.Encode(bytes));
        Assert.Equal(bytes, Base32.Decode(base32));
        Assert.Equal(bytes, Base32.Decode(base32.TrimEnd('=').ToLowerInvariant()));
    }

    [Fact]
    public void Without_padding_the_encoding_stops_at_the_last_data_character() =>
        Assert.Equal("MZXW6YTBOI", Base32.Encode("foobar"u8, padding: false));

    [Theory]
    [InlineData("MZXW6YT1")] // 1 is not in the alphabet
    [InlineData("M")] // one character cannot hold a byte
    [InlineData("MZX")]
    public void Text_that_is_not_base_32_is_refused(string text) =>
        Assert.Throws<FormatException>(() => Base32.Decode(text));
}
