using System.Globalization;
using System.Security.Claims;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Dokuei.Server.Features.Requests;

/// <summary>The signed-in person as the request API sees them: user id, role and, for facility users, the facility.</summary>
/// <param name="UserId">The user's id (claim NameIdentifier).</param>
/// <param name="Role">The user's role (claim Role).</param>
/// <param name="FacilityId">The facility of a facility user (claim <c>dokuei:facility</c>).</param>
internal sealed record Caller(Guid UserId, UserRole Role, long? FacilityId)
{
    public const string FacilityClaim = "dokuei:facility";

    /// <summary>Whether the caller works at a facility (not at the reading center).</summary>
    public bool IsFacilityUser => Role is UserRole.FacilityStaff or UserRole.ReferringPhysician;

    /// <summary>The caller from the principal, or null when its claims are not those of a person with a role.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            || !Enum.TryParse<UserRole>(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return null;
        }

        long? facility = long.TryParse(user.FindFirstValue(FacilityClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : null;
        return new Caller(id, role, facility);
    }
}

/// <summary>
/// Who may see and do what with reading requests and their reports, in one place. Facility users see their facility's
/// requests (the DbContext's facility filter, set here from the caller); radiologists see only requests with a step
/// assigned to or claimed by them; coordinators, QA checkers and admins see the center's work. What is not visible is
/// 404; an action outside the caller's role is 403 (the policies below).
/// </summary>
internal static class RequestAccess
{
    /// <summary>Facility users: file requests, read reports, acknowledge critical findings.</summary>
    public const string FacilityPolicy = "requests.facility";

    /// <summary>Coordinators and admins: triage, accept, assign.</summary>
    public const string CoordinatorPolicy = "requests.coordinator";

    /// <summary>Radiologists: claim, read, sign, add addenda.</summary>
    public const string ReaderPolicy = "requests.reader";

    /// <summary>QA checkers: approve or return.</summary>
    public const string QaPolicy = "requests.qa";

    /// <summary>Radiologists and QA checkers: claim and release steps.</summary>
    public const string WorkerPolicy = "requests.worker";

    /// <summary>Anyone who takes part in requests (not billing).</summary>
    public const string ParticipantPolicy = "requests.participant";

    public static void AddPolicies(AuthorizationBuilder builder)
    {
        builder.AddPolicy(FacilityPolicy, p => p.RequireRole(nameof(UserRole.FacilityStaff), nameof(UserRole.ReferringPhysician)).RequireClaim(Caller.FacilityClaim));
        builder.AddPolicy(CoordinatorPolicy, p => p.RequireRole(nameof(UserRole.Coordinator), nameof(UserRole.Admin)));
        builder.AddPolicy(ReaderPolicy, p => p.RequireRole(nameof(UserRole.Radiologist)));
        builder.AddPolicy(QaPolicy, p => p.RequireRole(nameof(UserRole.QaChecker)));
        builder.AddPolicy(WorkerPolicy, p => p.RequireRole(nameof(UserRole.Radiologist), nameof(UserRole.QaChecker)));
        builder.AddPolicy(ParticipantPolicy, p => p.RequireRole(
            nameof(UserRole.FacilityStaff), nameof(UserRole.ReferringPhysician), nameof(UserRole.Coordinator),
            nameof(UserRole.Radiologist), nameof(UserRole.QaChecker), nameof(UserRole.Admin)));
    }

    /// <summary>Sets the database's facility scope for the caller: their facility, or the whole center.</summary>
    public static void ApplyScope(Caller caller, FacilityScope scope)
    {
        if (caller.IsFacilityUser)
        {
            // A facility user without a facility sees nothing (the policy refuses them anyway).
            scope.SetFacility(caller.FacilityId ?? -1);
        }
        else
        {
            scope.SetAll();
        }
    }

    /// <summary>The requests the caller may see (the facility filter does the facility part).</summary>
    public static IQueryable<ReadingRequest> Visible(IQueryable<ReadingRequest> requests, Caller caller) => caller.Role switch
    {
        UserRole.FacilityStaff or UserRole.ReferringPhysician or UserRole.Coordinator or UserRole.QaChecker or UserRole.Admin => requests,
        UserRole.Radiologist => requests.Where(r => r.Tasks.Any(t => t.AssignedTo == caller.UserId || t.ClaimedBy == caller.UserId)),
        _ => requests.Where(_ => false),
    };

    /// <summary>Whether the caller sees the content of report versions before the report is final (center roles).</summary>
    public static bool SeesWorkInProgress(Caller caller) => !caller.IsFacilityUser;
}
