namespace Dokuei.Server.Features.Requests;

/// <summary>A <see cref="ReadingRequestEvent"/> as stored: the request's history, append-only.</summary>
internal sealed class StoredRequestEvent
{
    public long Id { get; set; }

    public Guid RequestId { get; set; }

    public long FacilityId { get; set; }

    public required string Name { get; set; }

    public ReadingRequestState FromState { get; set; }

    public ReadingRequestState ToState { get; set; }

    public Guid? ActorId { get; set; }

    public DateTimeOffset At { get; set; }

    public ReadingStep? Step { get; set; }

    public string? Detail { get; set; }

    public static StoredRequestEvent From(ReadingRequestEvent e, long facilityId) => new()
    {
        RequestId = e.RequestId,
        FacilityId = facilityId,
        Name = e.Name,
        FromState = e.From,
        ToState = e.To,
        ActorId = e.ActorId,
        At = e.At,
        Step = e.Step,
        Detail = e.Detail,
    };
}

/// <summary>An assignment decision as stored: who was chosen for which step, automatically or by whom, and why.</summary>
internal sealed class StoredAssignmentDecision
{
    public long Id { get; set; }

    public Guid RequestId { get; set; }

    public long FacilityId { get; set; }

    public ReadingStep Step { get; set; }

    public Guid ReaderId { get; set; }

    public Guid DecidedBy { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Whether the coordinator chose someone other than the best suggestion (or nobody was suggested).</summary>
    public bool Override { get; set; }

    /// <summary>The ranking at the time, as JSON (scores and exclusions with their explanations).</summary>
    public required string Explanation { get; set; }
}
