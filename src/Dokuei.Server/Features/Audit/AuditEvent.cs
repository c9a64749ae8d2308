namespace Dokuei.Server.Features.Audit;

/// <summary>One audited action: who did what to which subject, and when.</summary>
internal sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public long? FacilityId { get; set; }

    public string? Subject { get; set; }

    public string? Detail { get; set; }
}
