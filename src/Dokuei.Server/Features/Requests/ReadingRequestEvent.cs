namespace Dokuei.Server.Features.Requests;

/// <summary>Something that happened to a request, for the audit log and the outbox.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Name">What happened, e.g. <c>submitted</c>, <c>step_claimed</c>.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="ActorId">Who did it, when a person did.</param>
/// <param name="At">When.</param>
/// <param name="Step">The reading step concerned, if any.</param>
/// <param name="Detail">A reason, question, comment or identifier, if any.</param>
public sealed record ReadingRequestEvent(
    Guid RequestId,
    string Name,
    ReadingRequestState From,
    ReadingRequestState To,
    Guid? ActorId,
    DateTimeOffset At,
    ReadingStep? Step = null,
    string? Detail = null);
