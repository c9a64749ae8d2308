using System.Globalization;
using System.Security.Cryptography;

namespace Dokuei.Server.Features.Identity;

/// <summary>
/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) as authenticator apps use them: HMAC-SHA1,
/// 30-second steps counted from the Unix epoch, 6 digits.
/// </summary>
public static class Totp
{
    /// <summary>Length of a time step in seconds.</summary>
    public const int PeriodSeconds = 30;

    /// <summary>Digits of a code.</summary>
    public const int Digits = 6;

    /// <summary>Length of a generated secret in bytes (160 bits, as RFC 4226 recommends for SHA-1).</summary>
    public const int SecretLength = 20;

    /// <summary>The issuer shown by authenticator apps.</summary>
    public const string Issuer = "Dokuei";

    /// <summary>A new random secret.</summary>
    public static byte[] GenerateSecret() => RandomNumberGenerator.GetBytes(SecretLength);

    /// <summary>The time step (T in RFC 6238) that contains <paramref name="at"/>.</summary>
    public static long TimeStepAt(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeSeconds(), PeriodSeconds, out var r) - (r < 0 ? 1 : 0);

    /// <summary>The code for <paramref name="timeStep"/>: RFC 4226 HOTP with the step as counter, zero-padded.</summary>
    public static string ComputeCode(ReadOnlySpan<byte> secret, long timeStep, int digits = Digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 9);
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; its use in HMAC is not broken.
        HMACSHA1.HashData(secret, counter, mac);
#pragma warning restore CA5350
        // Dynamic truncation (RFC 4226 section 5.3).
        var offset = mac[^1] & 0x0f;
        var binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        var modulus = (int)Math.Pow(10, digits);
        return (binary % modulus).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>
    /// The enrolment URI for authenticator apps (Key Uri Format), e.g.
    /// <c>otpauth://totp/Dokuei:yamada?secret=...&amp;issuer=Dokuei</c>; shown as a QR code.
    /// </summary>
    public static Uri EnrolmentUri(string accountName, ReadOnlySpan<byte> secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        var label = Uri.EscapeDataString(Issuer) + ":" + Uri.EscapeDataString(accountName);
        var text = $"otpauth://totp/{label}?secret={Base32.Encode(secret, padding: false)}&issuer={Uri.EscapeDataString(Issuer)}";
        return new Uri(text);
    }
}
