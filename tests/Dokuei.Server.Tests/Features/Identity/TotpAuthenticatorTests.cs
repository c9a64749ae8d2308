using System.Text;
using Dokuei.Server.Features.Identity;

namespace Dokuei.Server.Tests.Features.Identity;

public sealed class TotpAuthenticatorTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1111111109);
    private static readonly long Step = Totp.TimeStepAt(Now);

    private static string CodeAt(long step) => Totp.ComputeCode(Secret, step);

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void A_code_of_the_current_step_or_a_neighbour_is_accepted(int offset) =>
        Assert.True(new TotpAuthenticator(Secret).Verify(CodeAt(Step + offset), Now));

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void A_code_two_steps_away_is_refused(int offset) =>
        Assert.False(new TotpAuthenticator(Secret).Verify(CodeAt(Step + offset), Now));

    [Fact]
    public void A_code_is_accepted_only_once()
    {
        var authenticator = new TotpAuthenticator(Secret);

        Assert.True(authenticator.Verify(CodeAt(Step), Now));
        Assert.False(authenticator.Verify(CodeAt(Step), Now.AddSeconds(10)));
        Assert.Equal(Step, authenticator.LastUsedStep);
    }

    [Fact]
    public void After_a_code_is_used_earlier_steps_are_refused_too()
    {
        var authenticator = new TotpAuthenticator(Secret);
        authenticator.Verify(CodeAt(Step + 1), Now);

        Assert.False(authenticator.Verify(CodeAt(Step), Now));
        Assert.True(authenticator.Verify(CodeAt(Step + 2), Now.AddSeconds(Totp.PeriodSeconds)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("０８１８０４")] // full-width digits
    public void Malformed_codes_are_refused(string code) =>
        Assert.False(new TotpAuthenticator(Secret).Verify(code, Now));

    [Fact]
    public void Enrolment_is_confirmed_by_the_first_valid_code_only()
    {
        var authenticator = new TotpAuthenticator(Secret);

        Assert.False(authenticator.Confirm(CodeAt(Step + 5), Now));
        Assert.Null(authenticator.ConfirmedAt);
        Assert.True(authenticator.Confirm(CodeAt(Step), Now));
        Assert.Equal(Now, authenticator.ConfirmedAt);
    }

    [Fact]
    public void The_secret_is_shown_in_base32_without_padding() =>
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", new TotpAuthenticator(Secret).SecretBase32);

    [Fact]
    public void A_secret_shorter_than_128_bits_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TotpAuthenticator(new byte[10]));
}
