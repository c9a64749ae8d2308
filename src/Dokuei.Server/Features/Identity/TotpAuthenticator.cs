using System.Security.Cryptography;
using System.Text;

namespace Dokuei.Server.Features.Identity;

/// <summary>
/// A user's TOTP second factor: the shared secret and the last time step used, so that a code is accepted once
/// (RFC 6238 section 5.2). Codes of the step before and after the current one are accepted for clock drift.
/// </summary>
public sealed class TotpAuthenticator
{
    private TotpAuthenticator()
    {
        Secret = [];
    }

    /// <summary>Enrols a secret; it takes effect once <see cref="Confirm"/> has seen a valid code from the user's app.</summary>
    public TotpAuthenticator(byte[] secret)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(secret.Length, 16);
        Secret = secret;
    }

    /// <summary>The shared secret.</summary>
    public byte[] Secret { get; private set; }

    /// <summary>When the user proved their app holds the secret; null while enrolment is pending.</summary>
    public DateTimeOffset? ConfirmedAt { get; private set; }

    /// <summary>The last time step whose code was accepted; codes of this step and earlier ones are refused.</summary>
    public long? LastUsedStep { get; private set; }

    /// <summary>The secret in base 32, as typed into an app by hand.</summary>
    public string SecretBase32 => Base32.Encode(Secret, padding: false);

    /// <summary>The enrolment URI for <paramref name="accountName"/>.</summary>
    public Uri EnrolmentUri(string accountName) => Totp.EnrolmentUri(accountName, Secret);

    /// <summary>Confirms enrolment with a first valid code.</summary>
    /// <returns>Whether the code was valid (and enrolment is now confirmed).</returns>
    public bool Confirm(string code, DateTimeOffset at)
    {
        if (!Verify(code, at))
        {
            return false;
        }

        ConfirmedAt ??= at;
        return true;
    }

    /// <summary>
    /// Checks <paramref name="code"/> against the steps around <paramref name="at"/>; on success the step is used up.
    /// </summary>
    public bool Verify(string code, DateTimeOffset at)
    {
        if (code.Length != Totp.Digits || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var now = Totp.TimeStepAt(at);
        var given = Encoding.ASCII.GetBytes(code);
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (step <= LastUsedStep)
            {
                continue;
            }

            var expected = Encoding.ASCII.GetBytes(Totp.ComputeCode(Secret, step));
            if (CryptographicOperations.FixedTimeEquals(expected, given))
            {
                LastUsedStep = step;
                return true;
            }
        }

        return false;
    }
}
