namespace Dokuei.Server.Features.Identity;

/// <summary>What a user does on the platform.</summary>
public enum UserRole
{
    /// <summary>依頼施設のスタッフ: sends studies, files requests, downloads reports.</summary>
    FacilityStaff,

    /// <summary>主治医: reads reports, acknowledges critical findings, asks questions.</summary>
    ReferringPhysician,

    /// <summary>Triages and assigns requests, chases deadlines.</summary>
    Coordinator,

    /// <summary>読影医: reads and reports.</summary>
    Radiologist,

    /// <summary>校正: checks reports before release.</summary>
    QaChecker,

    /// <summary>Manages facilities, contracts, users and calendars.</summary>
    Admin,

    /// <summary>Price plans and invoices.</summary>
    Billing,
}

/// <summary>Rules that follow from a role.</summary>
public static class UserRoles
{
    /// <summary>Whether the role belongs to the reading center rather than to a facility.</summary>
    public static bool IsCenterRole(this UserRole role) => role is not (UserRole.FacilityStaff or UserRole.ReferringPhysician);

    /// <summary>Whether a user with <paramref name="role"/> must sign in with TOTP: always at the center, by the facility's choice elsewhere.</summary>
    public static bool RequiresSecondFactor(this UserRole role, bool facilityRequiresSecondFactor) => role.IsCenterRole() || facilityRequiresSecondFactor;
}
