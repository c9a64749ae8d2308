using System.Security.Cryptography;
using Dokuei.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Identity;

/// <summary>A created account with what must be handed to its owner once: the password and, if needed, the TOTP enrolment.</summary>
internal sealed record CreatedAccount(User User, string Password, string? OtpauthUri, string? TotpSecret);

/// <summary>Creating accounts, shared by the admin API, <c>dokuei user add</c> and the demo.</summary>
internal static class UserAccounts
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A random password of 16 characters from 56 (about 93 bits), without look-alike characters.</summary>
    public static string GeneratePassword() => RandomNumberGenerator.GetString(Alphabet, 16);

    /// <summary>
    /// Adds a user (not saved yet). Accounts that must use TOTP get a pending enrolment whose URI is returned, so the
    /// owner can add it to an app before the first sign-in.
    /// </summary>
    /// <exception cref="DomainException">Login taken or malformed, facility unknown or not fitting the role, password too short.</exception>
    public static async Task<CreatedAccount> CreateAsync(
        DokueiDbContext db, Pbkdf2PasswordHasher hasher, TimeProvider time, string login, UserRole role, long? facilityId,
        string? displayNameJa, string? displayNameEn, string? email, string? password, CancellationToken cancellationToken)
    {
        var normalized = User.NormalizeLogin(login);
        if (await db.Users.AnyAsync(u => u.Login == normalized, cancellationToken).ConfigureAwait(false))
        {
            throw new DomainException("user.exists", $"The login \"{normalized}\" is taken.");
        }

        if (role.IsCenterRole() && facilityId != null)
        {
            throw new DomainException("user.facility_not_allowed", $"{role} is a center role; it belongs to no facility.");
        }

        var facilityRequires = false;
        if (facilityId is { } id)
        {
            var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken).ConfigureAwait(false)
                ?? throw new DomainException("facility.unknown", $"There is no facility {id}.");
            facilityRequires = facility.RequireSecondFactor;
        }

        password ??= GeneratePassword();
        if (password.Length < 12)
        {
            throw new DomainException("user.weak_password", "A password has at least 12 characters.");
        }

        var user = new User(Guid.NewGuid(), normalized, displayNameJa ?? normalized, displayNameEn ?? normalized, role, facilityId, hasher.Hash(password), time.GetUtcNow())
        {
            Email = email,
        };
        string? uri = null;
        string? secret = null;
        if (role.RequiresSecondFactor(facilityRequires))
        {
            var totp = user.BeginTotpEnrolment(Totp.GenerateSecret());
            uri = totp.EnrolmentUri(user.Login).AbsoluteUri;
            secret = totp.SecretBase32;
        }

        db.Users.Add(user);
        return new CreatedAccount(user, password, uri, secret);
    }
}
