namespace Dokuei.Server.Features.Facilities;

/// <summary>
/// A machine credential: a bearer token (kept only as its SHA-256) that acts for one facility, or for the operator
/// (no facility) who sees every facility.
/// </summary>
internal sealed class Credential
{
    public const string FacilityRole = "facility";
    public const string OperatorRole = "operator";

    public long Id { get; set; }

    public long? FacilityId { get; set; }

    public required string Role { get; set; }

    public required string Name { get; set; }

    public required byte[] TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
