using System.Security.Cryptography;
using System.Text;
using Dokuei.Server.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Facilities;

/// <summary>
/// Bearer tokens for machines: 256 random bits, shown once, stored as their SHA-256 (a token has full entropy, so a fast
/// hash is enough: there is nothing to guess from it).
/// </summary>
internal static class AccessTokens
{
    private const string Prefix = "dk_";

    public static string NewToken() => Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Issues a token for a facility (or the operator when <paramref name="facilityId"/> is null) and returns it.</summary>
    public static string Issue(DokueiDbContext db, long? facilityId, string role, string name, TimeProvider time)
    {
        var token = NewToken();
        db.Credentials.Add(new Credential
        {
            FacilityId = facilityId,
            Role = role,
            Name = name,
            TokenHash = Hash(token),
            CreatedAt = time.GetUtcNow(),
        });
        return token;
    }

    /// <summary>The live credential the token belongs to, or null.</summary>
    public static async Task<Credential?> FindAsync(DokueiDbContext db, string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var credential = await db.Credentials.AsNoTracking()
            .FirstOrDefaultAsync(c => c.TokenHash == hash && c.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        // The index found the row by hash; compare again in constant time so the decision never depends on how many bytes matched.
        return credential != null && CryptographicOperations.FixedTimeEquals(credential.TokenHash, hash) ? credential : null;
    }

    /// <summary>
    /// Creates the operator's admin credential if there is none yet and returns its token (to be printed once);
    /// null if one exists.
    /// </summary>
    public static async Task<string?> EnsureOperatorAsync(DokueiDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Credentials.AnyAsync(c => c.Role == Credential.OperatorRole && c.RevokedAt == null, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var token = Issue(db, null, Credential.OperatorRole, "operator", time);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return token;
    }
}
