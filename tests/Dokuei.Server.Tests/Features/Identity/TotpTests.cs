using System.Text;
using Dokuei.Server.Features.Identity;

namespace Dokuei.Server.Tests.Features.Identity;

public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238 Appendix B, the SHA1 rows (8 digits).
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void The_rfc_6238_sha1_test_vectors_give_their_codes(long unixSeconds, string code)
    {
        var step = Totp.TimeStepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(code, Totp.ComputeCode(RfcSecret, step, digits: 8));
    }

    [Fact]
    public void Six_digit_codes_are_the_last_six_digits_of_the_eight_digit_ones()
    {
        // HOTP truncation takes the value modulo 10^digits, so the 6-digit code is the 8-digit one's tail.
        var step = Totp.TimeStepAt(DateTimeOffset.FromUnixTimeSeconds(1111111109));

        Assert.Equal("081804", Totp.ComputeCode(RfcSecret, step));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(29L, 0L)]
    [InlineData(30L, 1L)]
    [InlineData(59L, 1L)]
    [InlineData(1111111109L, 37037036L)]
    public void Time_steps_are_30_seconds_from_the_unix_epoch(long unixSeconds, long step) =>
        Assert.Equal(step, Totp.TimeStepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void The_enrolment_uri_names_the_issuer_and_account_and_carries_the_base32_secret()
    {
        var uri = Totp.EnrolmentUri("yamada@example.jp", RfcSecret);

        Assert.Equal("otpauth://totp/Dokuei:yamada%40example.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Dokuei", uri.AbsoluteUri);
    }

    [Fact]
    public void A_generated_secret_has_160_bits_and_differs_each_time()
    {
        var a = Totp.GenerateSecret();
        var b = Totp.GenerateSecret();

        Assert.Equal(20, a.Length);
        Assert.NotEqual(a, b);
    }
}
