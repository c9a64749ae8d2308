namespace Dokuei.Server.Features.Reports;

/// <summary>
/// A critical finding reported to the referring physician and the facility: open until a person acknowledges it,
/// escalated to the coordinators when nobody has by <see cref="EscalateAt"/>. The whole loop is kept.
/// </summary>
public sealed class CriticalNotification
{
    private CriticalNotification()
    {
    }

    internal CriticalNotification(Guid id, Guid reportVersionId, Guid raisedBy, DateTimeOffset raisedAt, DateTimeOffset escalateAt)
    {
        Id = id;
        ReportVersionId = reportVersionId;
        RaisedBy = raisedBy;
        RaisedAt = raisedAt;
        EscalateAt = escalateAt;
    }

    /// <summary>Identity of the notification.</summary>
    public Guid Id { get; private set; }

    /// <summary>The signed version that carries the critical finding.</summary>
    public Guid ReportVersionId { get; private set; }

    /// <summary>The radiologist who signed it.</summary>
    public Guid RaisedBy { get; private set; }

    /// <summary>When it was raised (the signature).</summary>
    public DateTimeOffset RaisedAt { get; private set; }

    /// <summary>When it goes to the coordinators if still open.</summary>
    public DateTimeOffset EscalateAt { get; private set; }

    /// <summary>When it was escalated, if it was.</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }

    /// <summary>The person who acknowledged it.</summary>
    public Guid? AcknowledgedBy { get; private set; }

    /// <summary>When it was acknowledged.</summary>
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>The acknowledging person's note (e.g. what was done).</summary>
    public string? AcknowledgementNote { get; private set; }

    /// <summary>Whether nobody has acknowledged it yet.</summary>
    public bool IsOpen => AcknowledgedAt is null;

    /// <summary>Whether it is open past its escalation time at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => IsOpen && now >= EscalateAt;

    internal void Acknowledge(Guid userId, string? note, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            throw new DomainException("critical.already_acknowledged", "This critical finding was already acknowledged.");
        }

        AcknowledgedBy = userId;
        AcknowledgedAt = at;
        AcknowledgementNote = note;
    }

    internal bool Escalate(DateTimeOffset now)
    {
        if (!IsOverdue(now) || EscalatedAt is not null)
        {
            return false;
        }

        EscalatedAt = now;
        return true;
    }
}
