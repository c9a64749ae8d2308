using Dokuei.Server.Data;

namespace Dokuei.Server.Features.Requests;

/// <summary>The reading part of the workflow: assignment, claims, readings, reconciliation, QA and correction.</summary>
public sealed partial class ReadingRequest
{
    /// <summary>The reading steps of a mode, in the order they are done (blind A and B side by side).</summary>
    public static IReadOnlyList<ReadingStep> ReadingSteps(ReadingMode mode) => mode switch
    {
        ReadingMode.Single => [ReadingStep.First],
        ReadingMode.Double => [ReadingStep.First, ReadingStep.Second],
        ReadingMode.Triple => [ReadingStep.First, ReadingStep.Second, ReadingStep.Third],
        ReadingMode.BlindDouble => [ReadingStep.BlindA, ReadingStep.BlindB, ReadingStep.Reconciliation],
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>Whether <paramref name="step"/> is a reading (not QA or correction).</summary>
    public static bool IsReadingStep(ReadingStep step) => step is not (ReadingStep.QualityCheck or ReadingStep.Correction);

    // Reading steps in the same phase run side by side; a phase starts when every earlier one is complete.
    private static int Phase(ReadingStep step) => step switch
    {
        ReadingStep.First or ReadingStep.BlindA or ReadingStep.BlindB => 0,
        ReadingStep.Second or ReadingStep.Reconciliation => 1,
        ReadingStep.Third => 2,
        _ => 3,
    };

    /// <summary>
    /// Chooses the reader of a reading step (or another one, while that step is still scheduled). Triage → Assigned
    /// once every first-phase step has a reader.
    /// </summary>
    /// <exception cref="DomainException">
    /// <c>request.invalid_transition</c>, <c>request.step_not_in_mode</c>, <c>request.same_reader</c> (the reader has
    /// another reading step of this request), <c>task.not_reassignable</c> (the step is claimed or done).
    /// </exception>
    public void Assign(ReadingStep step, Guid readerId, Guid by, DateTimeOffset at)
    {
        EnsureState($"assign the {step} step of", ReadingRequestState.Triage, ReadingRequestState.Assigned,
            ReadingRequestState.InReading, ReadingRequestState.InSecondReading);
        if (!IsReadingStep(step))
        {
            throw new DomainException("request.step_not_in_mode", $"The {step} step is not assigned by a coordinator.");
        }

        var task = CurrentTask(step);
        EnsureDistinctReader(step, readerId);
        task.Assign(readerId);
        if (State == ReadingRequestState.Triage && FirstPhaseTasks().All(t => t.AssignedTo is not null))
        {
            Transition("assigned", ReadingRequestState.Assigned, by, at, step, readerId.ToString());
        }
        else
        {
            Record("assigned", State, by, at, step, readerId.ToString());
        }
    }

    /// <summary>
    /// Claims the open task of <paramref name="step"/> for <paramref name="userId"/> (UPS: scheduled → in progress).
    /// A claim is exclusive. The first claim of a first-phase step moves Assigned → InReading.
    /// </summary>
    /// <exception cref="DomainException">
    /// <c>request.invalid_transition</c> (not this step's turn), <c>task.not_ready</c> (an earlier step is open),
    /// <c>task.already_claimed</c>, <c>task.not_assignee</c>, <c>task.not_scheduled</c>, <c>request.same_reader</c>,
    /// <c>request.qa_by_reader</c> (a reader of the request cannot check it).
    /// </exception>
    public void ClaimStep(ReadingStep step, Guid userId, DateTimeOffset at)
    {
        EnsureState($"claim the {step} step of", StatesForStep(step));
        var task = CurrentTask(step);
        EnsureEarlierPhasesComplete(step);
        if (IsReadingStep(step))
        {
            EnsureDistinctReader(step, userId);
        }
        else if (step == ReadingStep.QualityCheck && _tasks.Exists(t => IsReadingStep(t.Step) && t.IsPerformedBy(userId)))
        {
            throw new DomainException("request.qa_by_reader", "A reader of this request cannot be its QA checker.");
        }

        task.Claim(userId, at);
        if (State == ReadingRequestState.Assigned)
        {
            Transition("step_claimed", ReadingRequestState.InReading, userId, at, step);
        }
        else
        {
            Record("step_claimed", State, userId, at, step);
        }
    }

    /// <summary>Gives a claimed task back (UPS: in progress → scheduled); InReading → Assigned when no reading has started.</summary>
    public void ReleaseStep(ReadingStep step, Guid userId, DateTimeOffset at)
    {
        EnsureState($"release the {step} step of", StatesForStep(step));
        CurrentTask(step).Release(userId);
        Settle("step_released", userId, at, step, null);
    }

    /// <summary>
    /// The assigned reader declines a step they have not started, so that it can be assigned to someone else;
    /// Assigned → Triage when a first-phase step is left without a reader.
    /// </summary>
    /// <exception cref="DomainException">
    /// <c>request.invalid_transition</c>, <c>task.not_scheduled</c> (already claimed or done), <c>task.not_assignee</c>.
    /// </exception>
    public void DeclineStep(ReadingStep step, Guid readerId, string? reason, DateTimeOffset at)
    {
        EnsureState($"decline the {step} step of", ReadingRequestState.Triage, ReadingRequestState.Assigned,
            ReadingRequestState.InReading, ReadingRequestState.InSecondReading);
        CurrentTask(step).Decline(readerId);
        Settle("step_declined", readerId, at, step, reason);
    }

    /// <summary>
    /// A coordinator takes a step back from its reader, claimed or not (the reader's shift ended, or they are
    /// unavailable), so that it can be reassigned; the request falls back to Assigned or Triage as needed.
    /// </summary>
    /// <exception cref="DomainException"><c>request.invalid_transition</c>, <c>task.closed</c> (completed or cancelled).</exception>
    public void WithdrawStep(ReadingStep step, Guid coordinatorId, string? reason, DateTimeOffset at)
    {
        EnsureState($"withdraw the {step} step of", ReadingRequestState.Triage, ReadingRequestState.Assigned,
            ReadingRequestState.InReading, ReadingRequestState.InSecondReading);
        CurrentTask(step).Withdraw();
        Settle("step_withdrawn", coordinatorId, at, step, reason);
    }

    // Before second reading, the state follows the first-phase tasks: any started → InReading; all with a reader →
    // Assigned; otherwise Triage.
    private void Settle(string name, Guid by, DateTimeOffset at, ReadingStep step, string? detail)
    {
        var target = State;
        if (State is ReadingRequestState.Triage or ReadingRequestState.Assigned or ReadingRequestState.InReading)
        {
            var firstPhase = FirstPhaseTasks().ToList();
            target = firstPhase.Exists(t => t.State is ReadingTaskState.InProgress or ReadingTaskState.Completed)
                ? ReadingRequestState.InReading
                : firstPhase.TrueForAll(t => t.AssignedTo is not null) ? ReadingRequestState.Assigned : ReadingRequestState.Triage;
        }

        if (target == State)
        {
            Record(name, State, by, at, step, detail);
        }
        else
        {
            Transition(name, target, by, at, step, detail);
        }
    }

    /// <summary>
    /// The claimant submits the reading of a first, second, third or blind step. When the last reading is in, the
    /// report counts as signed: InQa when QA is required, otherwise Final. Double and triple readings go on in
    /// InSecondReading; blind readings go to reconciliation once both are in.
    /// </summary>
    /// <exception cref="DomainException">
    /// <c>request.invalid_transition</c>, <c>request.wrong_step</c> (reconciliation, QA or correction),
    /// <c>task.not_in_progress</c>, <c>task.not_claimant</c>.
    /// </exception>
    public void CompleteReading(ReadingStep step, Guid userId, Guid resultId, DateTimeOffset at)
    {
        EnsureState($"complete the {step} step of", StatesForStep(step));
        if (!IsReadingStep(step) || step == ReadingStep.Reconciliation)
        {
            throw new DomainException("request.wrong_step", $"The {step} step is not completed as a reading.");
        }

        CurrentTask(step).Complete(userId, resultId, null, at);
        Advance(step, userId, resultId, at);
    }

    /// <summary>The designated reader reconciles two blind readings, recording every discrepancy, and signs.</summary>
    public void CompleteReconciliation(Guid userId, Guid resultId, IEnumerable<Discrepancy> discrepancies, DateTimeOffset at)
    {
        EnsureState("reconcile", StatesForStep(ReadingStep.Reconciliation));
        CurrentTask(ReadingStep.Reconciliation).Complete(userId, resultId, null, at);
        _discrepancies.AddRange(discrepancies);
        Advance(ReadingStep.Reconciliation, userId, resultId, at);
    }

    /// <summary>InQa → Final: the QA checker who claimed the check approves the report.</summary>
    public void ApproveQa(Guid userId, DateTimeOffset at)
    {
        EnsureState("approve", ReadingRequestState.InQa);
        CurrentTask(ReadingStep.QualityCheck).Complete(userId, SignedResultId, null, at);
        FinalizedAt = at;
        Transition("qa_approved", ReadingRequestState.Final, userId, at, ReadingStep.QualityCheck);
    }

    /// <summary>InQa → ReturnedForCorrection: QA sends the report back to the reader who signed it, with a comment.</summary>
    public void ReturnForCorrection(Guid userId, string comment, DateTimeOffset at)
    {
        EnsureState("return for correction", ReadingRequestState.InQa);
        EnsureText(comment, "request.comment_required", "QA returns a report with a comment for the reader.");
        CurrentTask(ReadingStep.QualityCheck).Complete(userId, SignedResultId, comment, at);
        _tasks.Add(new ReadingTask(SequentialGuid.Create(at), ReadingStep.Correction, SignedBy, at));
        Transition("returned_for_correction", ReadingRequestState.ReturnedForCorrection, userId, at, ReadingStep.QualityCheck, comment);
    }

    /// <summary>ReturnedForCorrection → InQa: the reader submits the corrected report, which goes back to QA.</summary>
    public void CompleteCorrection(Guid userId, Guid resultId, DateTimeOffset at)
    {
        EnsureState("complete the correction of", ReadingRequestState.ReturnedForCorrection);
        CurrentTask(ReadingStep.Correction).Complete(userId, resultId, null, at);
        SignedResultId = resultId;
        _tasks.Add(new ReadingTask(SequentialGuid.Create(at), ReadingStep.QualityCheck, null, at));
        Transition("corrected", ReadingRequestState.InQa, userId, at, ReadingStep.Correction);
    }

    /// <summary>
    /// Whether <paramref name="viewerId"/> may see the result of <paramref name="step"/>. In a blind double reading a
    /// blind reader cannot see the other blind reading until both are submitted.
    /// </summary>
    public bool CanSeeResultOf(ReadingStep step, Guid viewerId)
    {
        if (step is not (ReadingStep.BlindA or ReadingStep.BlindB))
        {
            return true;
        }

        var other = CurrentTask(step == ReadingStep.BlindA ? ReadingStep.BlindB : ReadingStep.BlindA);
        var bothIn = FirstPhaseTasks().All(t => t.State == ReadingTaskState.Completed);
        return bothIn || !other.IsPerformedBy(viewerId);
    }

    /// <summary>The result (report version) of <paramref name="step"/> as <paramref name="viewerId"/> may see it.</summary>
    /// <exception cref="DomainException"><c>request.blind_result_hidden</c>: the other blind reading is not yet submitted.</exception>
    public Guid? ResultOf(ReadingStep step, Guid viewerId)
    {
        if (!CanSeeResultOf(step, viewerId))
        {
            throw new DomainException("request.blind_result_hidden", "The other blind reading stays hidden until both readings are submitted.");
        }

        return CurrentTask(step).ResultId;
    }

    private void Advance(ReadingStep step, Guid userId, Guid resultId, DateTimeOffset at)
    {
        var readingTasks = _tasks.Where(t => IsReadingStep(t.Step)).ToList();
        if (readingTasks.TrueForAll(t => t.State == ReadingTaskState.Completed))
        {
            SignedBy = userId;
            SignedResultId = resultId;
            if (RequiresQa)
            {
                _tasks.Add(new ReadingTask(SequentialGuid.Create(at), ReadingStep.QualityCheck, null, at));
                Transition("signed", ReadingRequestState.InQa, userId, at, step, resultId.ToString());
            }
            else
            {
                FinalizedAt = at;
                Transition("signed", ReadingRequestState.Final, userId, at, step, resultId.ToString());
            }
        }
        else if (State == ReadingRequestState.InReading && FirstPhaseTasks().All(t => t.State == ReadingTaskState.Completed))
        {
            Transition("reading_completed", ReadingRequestState.InSecondReading, userId, at, step, resultId.ToString());
        }
        else
        {
            Record("reading_completed", State, userId, at, step, resultId.ToString());
        }
    }

    private static ReadingRequestState[] StatesForStep(ReadingStep step) => step switch
    {
        ReadingStep.QualityCheck => [ReadingRequestState.InQa],
        ReadingStep.Correction => [ReadingRequestState.ReturnedForCorrection],
        _ when Phase(step) == 0 => [ReadingRequestState.Assigned, ReadingRequestState.InReading],
        _ => [ReadingRequestState.InSecondReading],
    };

    private IEnumerable<ReadingTask> FirstPhaseTasks() => _tasks.Where(t => IsReadingStep(t.Step) && Phase(t.Step) == 0);

    private ReadingTask CurrentTask(ReadingStep step) =>
        _tasks.LastOrDefault(t => t.Step == step)
        ?? throw new DomainException("request.step_not_in_mode", $"A {Mode} request has no open {step} step.");

    private void EnsureEarlierPhasesComplete(ReadingStep step)
    {
        if (!IsReadingStep(step))
        {
            return;
        }

        var phase = Phase(step);
        if (_tasks.Exists(t => IsReadingStep(t.Step) && Phase(t.Step) < phase && t.State != ReadingTaskState.Completed))
        {
            throw new DomainException("task.not_ready", $"The {step} step starts when the earlier readings are complete.");
        }
    }

    private void EnsureDistinctReader(ReadingStep step, Guid readerId)
    {
        if (_tasks.Exists(t => t.Step != step && IsReadingStep(t.Step) && t.IsPerformedBy(readerId)))
        {
            throw new DomainException("request.same_reader", $"The reader of the {step} step must not read another step of the same request.");
        }
    }
}
