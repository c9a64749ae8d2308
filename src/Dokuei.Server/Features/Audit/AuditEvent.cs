using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Dokuei.Server.Features.Audit;

/// <summary>
/// One entry of the append-only audit log: who (user or credential, name, role), did what (action) to which subject
/// (type, id, facility), when, from where (remote address, user agent), with which outcome. Each entry carries the
/// hash of the one before it and its own SHA-256 over a canonical form of every field, so any change is detectable.
/// </summary>
internal sealed class AuditEvent
{
    /// <summary>The previous hash of the first event.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>Position in the chain: 1, 2, 3... without gaps.</summary>
    public long Id { get; set; }

    /// <summary>UTC, ISO 8601 with microseconds (<see cref="FormatTime"/>), as stored and hashed.</summary>
    public required string OccurredAt { get; set; }

    /// <summary>User id (a GUID) or machine credential id (<c>credential:N</c>); null when unknown (failed sign-in).</summary>
    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    public string? ActorRole { get; set; }

    /// <summary>Dotted action name, e.g. <c>signin.success</c>, <c>dicomweb.qido</c>, <c>study.delete</c>.</summary>
    public required string Action { get; set; }

    public string? SubjectType { get; set; }

    public string? SubjectId { get; set; }

    public long? FacilityId { get; set; }

    public string? RemoteAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary><see cref="Success"/> or <see cref="Failure"/>.</summary>
    public required string Outcome { get; set; }

    /// <summary>Why it failed (or other short qualification).</summary>
    public string? Reason { get; set; }

    public string? Detail { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    /// <summary>The stored form of a time: UTC, microseconds (what PostgreSQL and SQLite both keep exactly).</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses <see cref="OccurredAt"/>.</summary>
    public DateTimeOffset OccurredAtTime => DateTimeOffset.Parse(OccurredAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>
    /// SHA-256 (lower-case hex) over the canonical form: a JSON array of every field but the hash itself, in a fixed order,
    /// nulls as JSON null. Unambiguous (JSON escapes the separators) and independent of the provider.
    /// </summary>
    public string ComputeHash()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(Id);
            json.WriteStringValue(OccurredAt);
            Write(json, ActorId);
            Write(json, ActorName);
            Write(json, ActorRole);
            json.WriteStringValue(Action);
            Write(json, SubjectType);
            Write(json, SubjectId);
            if (FacilityId is { } facility)
            {
                json.WriteNumberValue(facility);
            }
            else
            {
                json.WriteNullValue();
            }

            Write(json, RemoteAddress);
            Write(json, UserAgent);
            json.WriteStringValue(Outcome);
            Write(json, Reason);
            Write(json, Detail);
            json.WriteStringValue(PreviousHash);
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter json, string? value)
    {
        if (value == null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}

/// <summary>What a caller records; the log adds the position, the time and the hashes.</summary>
internal sealed record AuditRecord
{
    public required string Action { get; init; }

    public string Outcome { get; init; } = AuditEvent.Success;

    public string? Reason { get; init; }

    public string? ActorId { get; init; }

    public string? ActorName { get; init; }

    public string? ActorRole { get; init; }

    public string? SubjectType { get; init; }

    public string? SubjectId { get; init; }

    public long? FacilityId { get; init; }

    public string? RemoteAddress { get; init; }

    public string? UserAgent { get; init; }

    public string? Detail { get; init; }

    /// <summary>A record about a request: the signed-in person or machine and where the request came from.</summary>
    public static AuditRecord For(HttpContext context, string action, string? subjectType = null, string? subjectId = null, long? facilityId = null)
    {
        var user = context.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var id = authenticated ? user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value : null;
        var role = authenticated ? user.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value : null;
        if (id != null && !Guid.TryParse(id, out _))
        {
            // Machine credentials have numeric ids; people have GUIDs. Keep them apart in the log.
            id = "credential:" + id;
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        return new AuditRecord
        {
            Action = action,
            ActorId = id,
            ActorName = authenticated ? user.Identity?.Name : null,
            ActorRole = role,
            SubjectType = subjectType,
            SubjectId = subjectId,
            FacilityId = facilityId ?? (authenticated ? Facilities.CallerExtensions.FacilityId(user) : null),
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = agent.Length == 0 ? null : agent.Length > 512 ? agent[..512] : agent,
        };
    }
}
