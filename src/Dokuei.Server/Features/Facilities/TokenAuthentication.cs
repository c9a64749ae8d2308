using System.Security.Claims;
using System.Text.Encodings.Web;
using Dokuei.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dokuei.Server.Features.Facilities;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> for machines (gateways, viewers, DICOMweb clients): finds the credential and sets the
/// request's <see cref="FacilityScope"/>, which the database applies to every archive query.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DokueiDbContext db,
    FacilityScope scope) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DokueiToken";
    public const string FacilityIdClaim = "dokuei:facility";
    public const string OperatorPolicy = "operator";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var credential = token.Length is > 0 and < 200 ? await AccessTokens.FindAsync(db, token, Context.RequestAborted).ConfigureAwait(false) : null;
        if (credential == null)
        {
            return AuthenticateResult.Fail("unknown or revoked token");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, credential.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, credential.Name),
            new(ClaimTypes.Role, credential.Role),
        };
        if (credential.Role == Credential.OperatorRole)
        {
            scope.SetAll();
        }
        else if (credential.FacilityId is { } facilityId)
        {
            scope.SetFacility(facilityId);
            claims.Add(new Claim(FacilityIdClaim, facilityId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}

/// <summary>Reads the caller's facility from the authenticated principal.</summary>
internal static class CallerExtensions
{
    /// <summary>The caller's facility id; null for the operator.</summary>
    public static long? FacilityId(this ClaimsPrincipal user) =>
        user.FindFirst(TokenAuthenticationHandler.FacilityIdClaim)?.Value is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(Credential.OperatorRole);

    public static string Actor(this ClaimsPrincipal user) => $"{user.FindFirst(ClaimTypes.Role)?.Value}:{user.Identity?.Name}#{user.FindFirst(ClaimTypes.NameIdentifier)?.Value}";
}
