using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dokuei.Server.Features.Identity;

/// <summary>
/// Password hashes by PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as a versioned string
/// <c>$pbkdf2-sha256$v=1$i=600000$&lt;salt base64&gt;$&lt;hash base64&gt;</c> so that the parameters can grow later.
/// </summary>
public sealed class Pbkdf2PasswordHasher
{
    /// <summary>The least number of iterations for new hashes (OWASP's figure for PBKDF2-HMAC-SHA256).</summary>
    public const int MinimumIterations = 600_000;

    private const string Prefix = "$pbkdf2-sha256$v=1$i=";
    private const int SaltLength = 16;
    private const int HashLength = 32;

    /// <summary>Creates a hasher that hashes new passwords with <paramref name="iterations"/> iterations.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="MinimumIterations"/>.</exception>
    public Pbkdf2PasswordHasher(int iterations = MinimumIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        Iterations = iterations;
    }

    /// <summary>Iterations used for new hashes.</summary>
    public int Iterations { get; }

    /// <summary>Hashes <paramref name="password"/> with a fresh salt.</summary>
    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Derive(password, salt, Iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="storedHash"/> in constant time.</summary>
    /// <exception cref="FormatException">The stored hash is not in this format (a data error, not a wrong password).</exception>
    public PasswordVerification Verify(string storedHash, string password)
    {
        var (iterations, salt, expected) = Parse(storedHash);
        var actual = Derive(password, salt, iterations);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        return iterations < Iterations ? PasswordVerification.SucceededRehashNeeded : PasswordVerification.Succeeded;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashLength);

    private static (int Iterations, byte[] Salt, byte[] Hash) Parse(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException("The stored password hash is not a version 1 PBKDF2-SHA256 hash.");
        }

        var parts = stored[Prefix.Length..].Split('$');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            throw new FormatException("The stored password hash is malformed.");
        }

        var salt = Convert.FromBase64String(parts[1]);
        var hash = Convert.FromBase64String(parts[2]);
        if (salt.Length < 8 || hash.Length != HashLength)
        {
            throw new FormatException("The stored password hash has a salt or hash of the wrong length.");
        }

        return (iterations, salt, hash);
    }
}
