namespace Dokuei.Server.Features.Requests;

/// <summary>
/// One step of a request's workflow as a work item, modelled after a DICOM UPS workitem: scheduled, claimed by one
/// user (in progress), then completed or cancelled. Only its <see cref="ReadingRequest"/> changes it.
/// </summary>
public sealed class ReadingTask
{
    private ReadingTask()
    {
    }

    internal ReadingTask(Guid id, ReadingStep step, Guid? assignedTo, DateTimeOffset scheduledAt)
    {
        Id = id;
        Step = step;
        AssignedTo = assignedTo;
        ScheduledAt = scheduledAt;
        State = ReadingTaskState.Scheduled;
    }

    /// <summary>Identity of the task (its UPS SOP Instance UID can be derived from it).</summary>
    public Guid Id { get; private set; }

    /// <summary>The step it carries out.</summary>
    public ReadingStep Step { get; private set; }

    /// <summary>Its UPS-like state.</summary>
    public ReadingTaskState State { get; private set; }

    /// <summary>The scheduled performer, if one is chosen; only they may claim it.</summary>
    public Guid? AssignedTo { get; private set; }

    /// <summary>The user working on it (in progress) or who completed it. Releasing a claim clears it, and a task
    /// taken from the pool (no <see cref="AssignedTo"/>) goes back to the pool.</summary>
    public Guid? ClaimedBy { get; private set; }

    /// <summary>When it was scheduled.</summary>
    public DateTimeOffset ScheduledAt { get; private set; }

    /// <summary>When it was last claimed.</summary>
    public DateTimeOffset? ClaimedAt { get; private set; }

    /// <summary>When it was completed or cancelled.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The report version it produced, if any.</summary>
    public Guid? ResultId { get; private set; }

    /// <summary>A comment left on completion (e.g. QA's reason for returning a report).</summary>
    public string? Comment { get; private set; }

    /// <summary>Whether the task is still to be done (scheduled or in progress).</summary>
    public bool IsOpen => State is ReadingTaskState.Scheduled or ReadingTaskState.InProgress;

    /// <summary>Whether <paramref name="userId"/> is or was this task's performer.</summary>
    public bool IsPerformedBy(Guid userId) => State != ReadingTaskState.Cancelled && (AssignedTo == userId || ClaimedBy == userId);

    internal void Assign(Guid userId)
    {
        if (State != ReadingTaskState.Scheduled)
        {
            throw new DomainException("task.not_reassignable", $"The {Step} task is {State}; only a scheduled task can be (re)assigned.");
        }

        AssignedTo = userId;
    }

    internal void Claim(Guid userId, DateTimeOffset at)
    {
        if (State == ReadingTaskState.InProgress)
        {
            throw new DomainException("task.already_claimed", $"The {Step} task is already claimed by another session or user.");
        }

        if (State != ReadingTaskState.Scheduled)
        {
            throw new DomainException("task.not_scheduled", $"The {Step} task is {State}; it cannot be claimed.");
        }

        if (AssignedTo is { } assignee && assignee != userId)
        {
            throw new DomainException("task.not_assignee", $"The {Step} task is assigned to someone else.");
        }

        ClaimedBy = userId;
        ClaimedAt = at;
        State = ReadingTaskState.InProgress;
    }

    internal void Release(Guid userId)
    {
        EnsureClaimedBy(userId);
        ClaimedBy = null;
        ClaimedAt = null;
        State = ReadingTaskState.Scheduled;
    }

    internal void Decline(Guid userId)
    {
        if (State != ReadingTaskState.Scheduled)
        {
            throw new DomainException("task.not_scheduled", $"The {Step} task is {State}; only a scheduled task can be declined (release it first).");
        }

        if (AssignedTo != userId)
        {
            throw new DomainException("task.not_assignee", $"Only the reader the {Step} task is assigned to can decline it.");
        }

        AssignedTo = null;
    }

    internal void Withdraw()
    {
        if (!IsOpen)
        {
            throw new DomainException("task.closed", $"The {Step} task is {State}; it cannot be taken back.");
        }

        AssignedTo = null;
        ClaimedBy = null;
        ClaimedAt = null;
        State = ReadingTaskState.Scheduled;
    }

    internal void Complete(Guid userId, Guid? resultId, string? comment, DateTimeOffset at)
    {
        EnsureClaimedBy(userId);
        ResultId = resultId;
        Comment = comment;
        EndedAt = at;
        State = ReadingTaskState.Completed;
    }

    internal void Cancel(DateTimeOffset at)
    {
        if (IsOpen)
        {
            EndedAt = at;
            State = ReadingTaskState.Cancelled;
        }
    }

    private void EnsureClaimedBy(Guid userId)
    {
        if (State != ReadingTaskState.InProgress)
        {
            throw new DomainException("task.not_in_progress", $"The {Step} task is {State}, not in progress.");
        }

        if (ClaimedBy != userId)
        {
            throw new DomainException("task.not_claimant", $"Only the user who claimed the {Step} task may do this.");
        }
    }
}
