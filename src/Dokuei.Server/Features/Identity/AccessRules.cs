using System.Globalization;
using System.Security.Claims;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Dokuei.Server.Features.Identity;

/// <summary>
/// Who may do what, in one place: the authentication schemes (cookie for people, bearer token for machines, both
/// accepted everywhere), one authorization policy per role group, and the facility scope a signed-in caller gets.
/// Radiologists get the center's scope here; <see cref="RestrictRadiologistAsync"/> narrows their DICOMweb reads to the
/// studies of their assignments and <see cref="Requests.RequestAccess"/> their requests.
/// </summary>
internal static partial class AccessRules
{
    /// <summary>The default scheme: a bearer header goes to the token handler, anything else to the cookie.</summary>
    public const string Scheme = "Dokuei";
    public const string CookieScheme = "DokueiCookie";
    public const string CookieName = "dokuei_session";

    /// <summary>Facility staff and referring physicians (people of a facility).</summary>
    public const string FacilityUser = "facility-user";
    public const string Radiologist = "radiologist";
    public const string Coordinator = "coordinator";
    public const string QaChecker = "qa-checker";

    /// <summary>Admins and the operator's credential.</summary>
    public const string Admin = "admin";
    public const string Billing = "billing";

    /// <summary>Every center role.</summary>
    public const string CenterStaff = "center-staff";

    /// <summary>Any signed-in person (not a machine).</summary>
    public const string Person = "person";

    /// <summary>Reads and stores of images: people who work on cases and machine credentials; not billing.</summary>
    public const string PatientData = "patient-data";

    /// <summary>Who may delete studies: the operator's credential and admins (kept under the archive's policy name).</summary>
    public const string DeleteStudies = TokenAuthenticationHandler.OperatorPolicy;

    private static readonly string[] FacilityRoles = [nameof(UserRole.FacilityStaff), nameof(UserRole.ReferringPhysician)];
    private static readonly string[] CenterRoles = Enum.GetValues<UserRole>().Where(r => r.IsCenterRole()).Select(r => r.ToString()).ToArray();

    /// <summary>Registers both schemes and the policy scheme that picks one per request.</summary>
    public static void AddDokueiAuthentication(this IServiceCollection services, TimeSpan sessionIdle)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                // Strict: a cookie-authenticated change cannot be triggered from another site.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = sessionIdle;
                o.SlidingExpiration = true;
                // An API answers with a status, never a redirect to a login page.
                o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
    }

    /// <summary>The policies of every role group; the default policy is "authenticated by either scheme".</summary>
    public static void AddDokueiPolicies(this IServiceCollection services)
    {
        AuthorizationPolicy Roles(params string[] roles) => new AuthorizationPolicyBuilder(Scheme).RequireRole(roles).Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(FacilityUser, Roles(FacilityRoles))
            .AddPolicy(Radiologist, Roles(nameof(UserRole.Radiologist)))
            .AddPolicy(Coordinator, Roles(nameof(UserRole.Coordinator)))
            .AddPolicy(QaChecker, Roles(nameof(UserRole.QaChecker)))
            .AddPolicy(Admin, Roles(nameof(UserRole.Admin), Credential.OperatorRole))
            .AddPolicy(Billing, Roles(nameof(UserRole.Billing)))
            .AddPolicy(CenterStaff, Roles(CenterRoles))
            .AddPolicy(Person, Roles([.. FacilityRoles, .. CenterRoles]))
            .AddPolicy(PatientData, Roles([.. FacilityRoles, nameof(UserRole.Radiologist), nameof(UserRole.Coordinator), nameof(UserRole.QaChecker), nameof(UserRole.Admin), Credential.FacilityRole, Credential.OperatorRole]))
            .AddPolicy(DeleteStudies, Roles(nameof(UserRole.Admin), Credential.OperatorRole));
    }

    /// <summary>The claims of a signed-in person (the contract other features code against).</summary>
    public static ClaimsPrincipal Principal(User user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString("D")),
            new(ClaimTypes.Name, user.Login),
            new(ClaimTypes.Role, user.Role.ToString()),
        };
        if (user.FacilityId is { } facility)
        {
            claims.Add(new Claim(TokenAuthenticationHandler.FacilityIdClaim, facility.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme));
    }

    /// <summary>
    /// Sets the request's facility scope from a signed-in person: facility roles see their facility, center roles see all.
    /// </summary>
    public static void ApplyScope(User user, FacilityScope scope)
    {
        if (user.Role.IsCenterRole())
        {
            scope.SetAll();
        }
        else
        {
            scope.SetFacility(user.FacilityId!.Value);
        }
    }

    /// <summary>The signed-in person's user id, or null for machines and anonymous callers.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.AuthenticationType == CookieScheme && Guid.TryParse(principal.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;

    /// <summary>
    /// Every request with a session cookie: the user must still exist, be enabled and have the role and facility the
    /// session was issued for (a change by an admin ends the session); then the scope is set.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<DokueiDbContext>();
        var principal = context.Principal;
        var user = principal?.UserId() is { } id ? await db.Users.FindAsync([id], context.HttpContext.RequestAborted).ConfigureAwait(false) : null;
        if (user == null || user.Disabled || principal!.FindFirst(ClaimTypes.Role)?.Value != user.Role.ToString()
            || principal.FacilityId() != user.FacilityId)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme).ConfigureAwait(false);
            return;
        }

        ApplyScope(user, services.GetRequiredService<FacilityScope>());
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
