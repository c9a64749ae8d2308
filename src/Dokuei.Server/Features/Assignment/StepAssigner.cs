using System.Text.Json;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Assignment;

/// <summary>What a stored assignment decision was based on: its trigger, a coordinator's remark, the ranking at the time.</summary>
/// <param name="Trigger">Why it was decided: <c>accepted</c>, <c>coordinator</c>, <c>declined</c>, <c>shift_ended</c>.</param>
/// <param name="Remark">The coordinator's reason for their choice, if they gave one.</param>
/// <param name="Ranking">Eligible readers with their scores and the others with the rules they failed.</param>
internal sealed record AssignmentExplanation(string Trigger, string? Remark, AssignmentRanking Ranking);

/// <summary>A step taken from a reader, and who has it now (nobody when no one was eligible or assignment is manual).</summary>
internal sealed record Reassignment(Guid RequestId, ReadingStep Step, Guid From, Guid? To);

/// <summary>
/// Assignment on the stored data: builds the case of a step from its request (facility, modality, due time, the other
/// readers, who declined it, who read the patient's priors), ranks the radiologists from <see cref="IReaderCandidates"/>
/// with <see cref="ReaderAssignment"/>, changes the request and stores every decision with its reasons. The caller
/// saves (with the request, in one transaction).
/// </summary>
internal sealed class StepAssigner(DokueiDbContext db, IReaderCandidates candidates, TimeProvider time)
{
    /// <summary>The contract option that lets the system choose readers itself (on acceptance, decline and shift end).</summary>
    public const string AutomaticOption = "auto-assignment";

    /// <summary>The actor of decisions the system makes (no person).</summary>
    public static readonly Guid SystemActor = Guid.Empty;

    /// <summary>Certifications a modality requires of its readers.</summary>
    public static IReadOnlySet<string> RequiredCertifications(string? modality) => modality switch
    {
        "MG" => new HashSet<string>(StringComparer.Ordinal) { "マンモグラフィ読影認定医" },
        _ => new HashSet<string>(StringComparer.Ordinal),
    };

    /// <summary>Whether the facility's contract lets the system assign readers by itself.</summary>
    public async Task<bool> IsAutomaticAsync(long facilityId, CancellationToken cancellationToken) =>
        (await ContractAsync(facilityId, cancellationToken).ConfigureAwait(false))?.Options.Contains(AutomaticOption) == true;

    private async Task<IReadOnlySet<Guid>> PreferredReadersAsync(long facilityId, CancellationToken cancellationToken) =>
        ((await ContractAsync(facilityId, cancellationToken).ConfigureAwait(false))?.PreferredRadiologists ?? []).ToHashSet();

    private Task<FacilityContract?> ContractAsync(long facilityId, CancellationToken cancellationToken) =>
        db.FacilityContracts.AsNoTracking().FirstOrDefaultAsync(c => c.FacilityId == facilityId, cancellationToken);

    /// <summary>Every radiologist ranked for <paramref name="step"/>, with the reasons of each place and exclusion.</summary>
    public async Task<AssignmentRanking> RankAsync(ReadingRequest request, ReadingStep step, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var others = request.Tasks
            .Where(t => t.Step != step && ReadingRequest.IsReadingStep(t.Step) && t.State != ReadingTaskState.Cancelled && (t.AssignedTo ?? t.ClaimedBy) is not null)
            .Select(t => (t.AssignedTo ?? t.ClaimedBy)!.Value).Distinct().ToList();
        var assignmentCase = new AssignmentCase
        {
            RequestId = request.Id,
            FacilityId = request.FacilityId,
            Step = step,
            Modality = request.Modality ?? "OT",
            RequestedSpecialty = request.RequestedSpecialty,
            RequiredCertifications = RequiredCertifications(request.Modality),
            DueAt = request.DueAt ?? now.AddDays(1),
            OtherReaders = others.ToDictionary(r => r, _ => 0),
            PriorReaderIds = await PriorReadersAsync(request, cancellationToken).ConfigureAwait(false),
            DeclinedReaderIds = await DecliningReadersAsync(request, step, cancellationToken).ConfigureAwait(false),
            PreferredReaderIds = await PreferredReadersAsync(request.FacilityId, cancellationToken).ConfigureAwait(false),
        };
        var pool = await candidates.ForAsync(assignmentCase, cancellationToken).ConfigureAwait(false);
        // Seniority compares with the other readers' years, which only the candidates' profiles know.
        assignmentCase = assignmentCase with
        {
            OtherReaders = others.ToDictionary(r => r, r => pool.FirstOrDefault(c => c.UserId == r)?.YearsOfExperience ?? 0),
        };
        return ReaderAssignment.Rank(assignmentCase, pool, now);
    }

    /// <summary>Assigns <paramref name="step"/> to its best candidate; null (nothing changed) when nobody is eligible.</summary>
    public async Task<StoredAssignmentDecision?> AssignBestAsync(ReadingRequest request, ReadingStep step, string trigger, CancellationToken cancellationToken)
    {
        var ranking = await RankAsync(request, step, cancellationToken).ConfigureAwait(false);
        if (ranking.Best is not { } best)
        {
            return null;
        }

        request.Assign(step, best.RadiologistId, SystemActor, time.GetUtcNow());
        return Record(request, step, best.RadiologistId, SystemActor, isOverride: false, new AssignmentExplanation(trigger, null, ranking));
    }

    /// <summary>
    /// Assigns every reading step that has no reader yet to its best candidate, in the mode's order (so that a second
    /// reader is ranked against the first). Steps nobody is eligible for stay with the coordinator.
    /// </summary>
    public async Task<IReadOnlyList<StoredAssignmentDecision>> AssignOpenStepsAsync(ReadingRequest request, string trigger, CancellationToken cancellationToken)
    {
        var decisions = new List<StoredAssignmentDecision>();
        foreach (var step in ReadingRequest.ReadingSteps(request.Mode))
        {
            var task = request.Tasks.LastOrDefault(t => t.Step == step);
            if (task is { State: ReadingTaskState.Scheduled, AssignedTo: null }
                && await AssignBestAsync(request, step, trigger, cancellationToken).ConfigureAwait(false) is { } decision)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }

    /// <summary>
    /// The coordinator's choice of <paramref name="readerId"/>, stored as an override when it is not the best
    /// suggestion, with the ranking that shows what the choice passed over.
    /// </summary>
    public async Task<StoredAssignmentDecision> AssignChosenAsync(ReadingRequest request, ReadingStep step, Guid readerId, Guid coordinatorId, string? remark, CancellationToken cancellationToken)
    {
        var ranking = await RankAsync(request, step, cancellationToken).ConfigureAwait(false);
        request.Assign(step, readerId, coordinatorId, time.GetUtcNow());
        return Record(request, step, readerId, coordinatorId, ranking.Best?.RadiologistId != readerId, new AssignmentExplanation("coordinator", remark, ranking));
    }

    /// <summary>
    /// Takes scheduled (not started) reading steps back from readers who have no shift left before their request's due
    /// time, and gives each to the next candidate when the facility allows automatic assignment (otherwise it waits
    /// for the coordinator). Saves each changed request.
    /// </summary>
    public async Task<IReadOnlyList<Reassignment>> ReassignOffShiftAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var requests = await db.ReadingRequests
            .Where(r => r.State == ReadingRequestState.Triage || r.State == ReadingRequestState.Assigned
                || r.State == ReadingRequestState.InReading || r.State == ReadingRequestState.InSecondReading)
            .Where(r => r.Tasks.Any(t => t.State == ReadingTaskState.Scheduled && t.AssignedTo != null))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var assignees = requests.SelectMany(r => r.Tasks).Where(t => t.State == ReadingTaskState.Scheduled && t.AssignedTo != null).Select(t => t.AssignedTo!.Value).Distinct().ToList();
        var shifts = (await db.RadiologistShifts.AsNoTracking().Where(s => assignees.Contains(s.UserId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(s => s.UserId);
        var reassigned = new List<Reassignment>();
        foreach (var request in requests)
        {
            var due = request.DueAt ?? now.AddDays(1);
            if (due <= now)
            {
                continue;
            }

            var changed = false;
            foreach (var task in request.Tasks.Where(t => t.State == ReadingTaskState.Scheduled && t.AssignedTo != null && ReadingRequest.IsReadingStep(t.Step)).ToList())
            {
                var reader = task.AssignedTo!.Value;
                if (shifts[reader].Any(s => s.EndsAt > now && s.StartsAt < due))
                {
                    continue;
                }

                request.WithdrawStep(task.Step, SystemActor, "the reader has no shift left before the due time", now);
                var next = await IsAutomaticAsync(request.FacilityId, cancellationToken).ConfigureAwait(false)
                    ? await AssignBestAsync(request, task.Step, "shift_ended", cancellationToken).ConfigureAwait(false)
                    : null;
                reassigned.Add(new Reassignment(request.Id, task.Step, reader, next?.ReaderId));
                changed = true;
            }

            if (changed)
            {
                await ApiSupport.SaveAsync(db, request, null, cancellationToken).ConfigureAwait(false);
            }
        }

        return reassigned;
    }

    // Readers who reported this patient's earlier studies at the facility: the request's chosen priors and the patient's
    // other studies in the archive.
    private async Task<IReadOnlySet<Guid>> PriorReadersAsync(ReadingRequest request, CancellationToken cancellationToken)
    {
        var priors = request.Priors.Select(p => p.StudyInstanceUid).ToList();
        if (request.StudyInstanceUid is { } uid)
        {
            var patient = await db.Studies.IgnoreQueryFilters().Where(s => s.FacilityId == request.FacilityId && s.StudyInstanceUid == uid)
                .Select(s => (long?)s.PatientPk).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (patient is { } patientPk)
            {
                priors.AddRange(await db.Studies.IgnoreQueryFilters().Where(s => s.FacilityId == request.FacilityId && s.PatientPk == patientPk && s.StudyInstanceUid != uid)
                    .Select(s => s.StudyInstanceUid).ToListAsync(cancellationToken).ConfigureAwait(false));
            }
        }

        if (priors.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var readers = await db.ReadingRequests.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.FacilityId == request.FacilityId && r.Id != request.Id && r.StudyInstanceUid != null && priors.Contains(r.StudyInstanceUid))
            .SelectMany(r => r.Tasks)
            .Where(t => t.State == ReadingTaskState.Completed && t.ClaimedBy != null && t.Step != ReadingStep.QualityCheck)
            .Select(t => t.ClaimedBy!.Value)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return readers.ToHashSet();
    }

    // Who declined this step of this request: stored history and the decline not saved yet.
    private async Task<IReadOnlySet<Guid>> DecliningReadersAsync(ReadingRequest request, ReadingStep step, CancellationToken cancellationToken)
    {
        var stored = await db.RequestEvents.AsNoTracking()
            .Where(e => e.RequestId == request.Id && e.Name == "step_declined" && e.Step == step && e.ActorId != null)
            .Select(e => e.ActorId!.Value).ToListAsync(cancellationToken).ConfigureAwait(false);
        return stored.Concat(request.Events.Where(e => e.Name == "step_declined" && e.Step == step && e.ActorId != null).Select(e => e.ActorId!.Value)).ToHashSet();
    }

    private StoredAssignmentDecision Record(ReadingRequest request, ReadingStep step, Guid readerId, Guid decidedBy, bool isOverride, AssignmentExplanation explanation)
    {
        var decision = new StoredAssignmentDecision
        {
            RequestId = request.Id,
            FacilityId = request.FacilityId,
            Step = step,
            ReaderId = readerId,
            DecidedBy = decidedBy,
            At = time.GetUtcNow(),
            Override = isOverride,
            Explanation = JsonSerializer.Serialize(explanation, JsonSerializerOptions.Web),
        };
        db.AssignmentDecisions.Add(decision);
        return decision;
    }
}
