namespace Dokuei.Server.Features.Facilities;

/// <summary>A hospital or clinic that sends studies (依頼施設). Every study belongs to exactly one facility.</summary>
internal sealed class Facility
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether the facility's people must sign in with a TOTP second factor (center roles always must).</summary>
    public bool RequireSecondFactor { get; set; }

    public List<FacilityAeTitle> AeTitles { get; } = [];
}

/// <summary>
/// A calling AE title whose associations store into the facility, optionally only from one address. With a host and a
/// <see cref="Port"/> it is also a C-MOVE destination of the facility (its storage SCP at that address).
/// </summary>
internal sealed class FacilityAeTitle
{
    public long Id { get; set; }

    public long FacilityId { get; set; }

    public required string AeTitle { get; set; }

    public string? Host { get; set; }

    /// <summary>The port the AE listens on as a storage SCP (C-MOVE destination at <see cref="Host"/>); null: not a destination.</summary>
    public int? Port { get; set; }
}
