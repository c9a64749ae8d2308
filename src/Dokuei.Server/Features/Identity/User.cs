namespace Dokuei.Server.Features.Identity;

/// <summary>
/// A person who signs in: one role, one facility for facility roles (none for center roles), a PBKDF2 password hash,
/// an optional TOTP second factor and a run of failed sign-ins that may lock the account.
/// </summary>
internal sealed class User
{
    private User()
    {
        Login = string.Empty;
        DisplayNameJa = string.Empty;
        DisplayNameEn = string.Empty;
        PasswordHash = string.Empty;
    }

    /// <summary>Creates a user; facility roles need a facility, center roles must not have one.</summary>
    /// <exception cref="DomainException">The login is not usable or the facility does not fit the role.</exception>
    public User(Guid id, string login, string displayNameJa, string displayNameEn, UserRole role, long? facilityId, string passwordHash, DateTimeOffset createdAt)
    {
        Id = id;
        Login = NormalizeLogin(login);
        DisplayNameJa = displayNameJa;
        DisplayNameEn = displayNameEn;
        PasswordHash = passwordHash;
        CreatedAt = createdAt;
        ChangeRole(role, facilityId);
    }

    public Guid Id { get; private set; }

    /// <summary>The sign-in name, lower case.</summary>
    public string Login { get; private set; }

    public string DisplayNameJa { get; set; }

    public string DisplayNameEn { get; set; }

    public string? Email { get; set; }

    public UserRole Role { get; private set; }

    /// <summary>The facility of a facility role; null at the center.</summary>
    public long? FacilityId { get; private set; }

    public string PasswordHash { get; private set; }

    /// <summary>The TOTP second factor, pending or confirmed; null when none was enrolled.</summary>
    public TotpAuthenticator? Totp { get; private set; }

    public SignInLockout Lockout { get; private set; } = new();

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Incremented by every change; edits name the version they saw (optimistic concurrency).</summary>
    public int Version { get; set; }

    /// <summary>Whether sign-in needs a confirmed TOTP code.</summary>
    public bool HasConfirmedTotp => Totp?.ConfirmedAt != null;

    /// <summary>Login names: 3-64 of a-z, 0-9, '.', '_', '-', '@'; compared in lower case.</summary>
    /// <exception cref="DomainException">Not a usable login.</exception>
    public static string NormalizeLogin(string login)
    {
        var normalized = login.Trim().ToLowerInvariant();
        if (normalized.Length is < 3 or > 64 || !normalized.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
        {
            throw new DomainException("user.invalid_login", "A login is 3-64 characters: letters, digits, '.', '_', '-', '@'.");
        }

        return normalized;
    }

    /// <summary>Gives the user another role (and facility, which facility roles need and center roles must not have).</summary>
    /// <exception cref="DomainException">The facility does not fit the role.</exception>
    public void ChangeRole(UserRole role, long? facilityId)
    {
        if (role.IsCenterRole() && facilityId != null)
        {
            throw new DomainException("user.facility_not_allowed", $"{role} is a center role; it belongs to no facility.");
        }

        if (!role.IsCenterRole() && facilityId == null)
        {
            throw new DomainException("user.facility_required", $"{role} is a facility role; name the facility.");
        }

        Role = role;
        FacilityId = facilityId;
    }

    public void SetPasswordHash(string passwordHash) => PasswordHash = passwordHash;

    /// <summary>Starts (or restarts) TOTP enrolment with a new secret; it counts once confirmed with a code.</summary>
    public TotpAuthenticator BeginTotpEnrolment(byte[] secret)
    {
        Totp = new TotpAuthenticator(secret);
        return Totp;
    }

    /// <summary>Ends a lock before its time (an admin's decision).</summary>
    public void Unlock() => Lockout = new SignInLockout();

    /// <summary>Removes the second factor (an admin's reset when a phone is lost).</summary>
    public void ResetTotp() => Totp = null;
}
