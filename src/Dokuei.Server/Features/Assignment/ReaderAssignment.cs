using System.Globalization;

namespace Dokuei.Server.Features.Assignment;

/// <summary>
/// Who may read a step and who should: eligibility rules, then a score by deadline, load, continuity and the
/// facility's preference. Pure functions of their inputs; every decision carries its explanation for the coordinator
/// and the audit log.
/// </summary>
public static class ReaderAssignment
{
    /// <summary>Points for being on shift now (less the longer the wait for a shift before the due time).</summary>
    public const double DeadlinePoints = 30;

    /// <summary>Points for a free capacity, in proportion to the share of capacity still free.</summary>
    public const double LoadPoints = 40;

    /// <summary>Points for having reported the priors.</summary>
    public const double ContinuityPoints = 20;

    /// <summary>Points for being preferred by the facility.</summary>
    public const double PreferencePoints = 10;

    /// <summary>Applies every eligibility rule to <paramref name="candidate"/>.</summary>
    public static EligibilityDecision Check(AssignmentCase assignmentCase, RadiologistCandidate candidate, DateTimeOffset now)
    {
        var checks = new List<AssignmentCheck>
        {
            CheckModality(assignmentCase, candidate),
            CheckSpecialty(assignmentCase, candidate),
            CheckCertifications(assignmentCase, candidate),
            CheckConflict(assignmentCase, candidate),
            CheckOtherReaders(assignmentCase, candidate),
            CheckShift(assignmentCase, candidate, now),
            CheckCapacity(candidate),
        };
        if (assignmentCase.RequiresSeniorReader)
        {
            checks.Add(CheckSeniority(assignmentCase, candidate));
        }

        if (assignmentCase.DeclinedReaderIds.Count > 0)
        {
            checks.Add(assignmentCase.DeclinedReaderIds.Contains(candidate.UserId)
                ? new AssignmentCheck("declined", false, "declined this step")
                : new AssignmentCheck("declined", true, "has not declined this step"));
        }

        return new EligibilityDecision(candidate.UserId, checks);
    }

    /// <summary>Ranks the eligible candidates best first and explains why the others are excluded.</summary>
    public static AssignmentRanking Rank(AssignmentCase assignmentCase, IEnumerable<RadiologistCandidate> candidates, DateTimeOffset now)
    {
        var ranked = new List<(AssignmentSuggestion Suggestion, RadiologistCandidate Candidate)>();
        var excluded = new List<EligibilityDecision>();
        foreach (var candidate in candidates)
        {
            var decision = Check(assignmentCase, candidate, now);
            if (decision.IsEligible)
            {
                ranked.Add((Score(assignmentCase, candidate, now), candidate));
            }
            else
            {
                excluded.Add(decision);
            }
        }

        // Ties go to the lighter load, then to the id, so that the same facts always give the same answer.
        var ordered = ranked
            .OrderByDescending(r => r.Suggestion.Score)
            .ThenBy(r => r.Candidate.OpenTasks)
            .ThenBy(r => r.Candidate.UserId)
            .Select(r => r.Suggestion)
            .ToList();
        return new AssignmentRanking(ordered, excluded);
    }

    /// <summary>The score of an (eligible) candidate, by component.</summary>
    public static AssignmentSuggestion Score(AssignmentCase assignmentCase, RadiologistCandidate candidate, DateTimeOffset now)
    {
        var components = new List<ScoreComponent>();

        var timeToDue = assignmentCase.DueAt - now;
        var start = FirstAvailability(candidate, now, assignmentCase.DueAt);
        if (start is { } available && timeToDue > TimeSpan.Zero)
        {
            var wait = available - now;
            var points = DeadlinePoints * (1 - (wait / timeToDue));
            components.Add(new ScoreComponent("deadline", points, wait <= TimeSpan.Zero
                ? "on shift now"
                : Format($"on shift in {wait.TotalMinutes:0} min of the {timeToDue.TotalMinutes:0} min left")));
        }
        else
        {
            components.Add(new ScoreComponent("deadline", 0, "no shift before the due time"));
        }

        var free = candidate.Capacity <= 0 ? 0 : Math.Max(0, candidate.Capacity - candidate.OpenTasks) / (double)candidate.Capacity;
        components.Add(new ScoreComponent("load", LoadPoints * free, Format($"{candidate.OpenTasks} of {candidate.Capacity} tasks open")));

        var readPriors = assignmentCase.PriorReaderIds.Contains(candidate.UserId);
        components.Add(new ScoreComponent("continuity", readPriors ? ContinuityPoints : 0, readPriors ? "reported the priors" : "did not report the priors"));

        var preferred = assignmentCase.PreferredReaderIds.Contains(candidate.UserId);
        components.Add(new ScoreComponent("preference", preferred ? PreferencePoints : 0, preferred ? "preferred by the facility" : "no facility preference"));

        return new AssignmentSuggestion(candidate.UserId, components);
    }

    private static AssignmentCheck CheckModality(AssignmentCase c, RadiologistCandidate r) =>
        r.Modalities.Contains(c.Modality)
            ? new("modality", true, $"reads {c.Modality}")
            : new("modality", false, $"does not read {c.Modality}");

    private static AssignmentCheck CheckSpecialty(AssignmentCase c, RadiologistCandidate r) => c.RequestedSpecialty switch
    {
        null => new("specialty", true, "no specialty requested"),
        var s when r.Specialties.Contains(s) => new("specialty", true, $"specialty {s}"),
        var s => new("specialty", false, $"lacks the requested specialty {s}"),
    };

    private static AssignmentCheck CheckCertifications(AssignmentCase c, RadiologistCandidate r)
    {
        var missing = c.RequiredCertifications.Where(x => !r.Certifications.Contains(x)).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? new("certification", true, c.RequiredCertifications.Count == 0 ? "no certification required" : "holds " + string.Join(", ", c.RequiredCertifications.Order(StringComparer.Ordinal)))
            : new("certification", false, "lacks " + string.Join(", ", missing));
    }

    private static AssignmentCheck CheckConflict(AssignmentCase c, RadiologistCandidate r) =>
        r.ConflictFacilityIds.Contains(c.FacilityId)
            ? new("facility_conflict", false, "has a conflict with the ordering facility")
            : new("facility_conflict", true, "no conflict with the ordering facility");

    private static AssignmentCheck CheckOtherReaders(AssignmentCase c, RadiologistCandidate r) =>
        c.OtherReaders.ContainsKey(r.UserId)
            ? new("same_reader", false, "already reads another step of this request")
            : new("same_reader", true, "reads no other step of this request");

    private static AssignmentCheck CheckShift(AssignmentCase c, RadiologistCandidate r, DateTimeOffset now) =>
        FirstAvailability(r, now, c.DueAt) is { } start
            ? new("shift", true, start <= now ? "on shift now" : Format($"on shift from {start:yyyy-MM-dd HH:mm zzz}, before the due time"))
            : new("shift", false, "no shift between now and the due time");

    private static AssignmentCheck CheckCapacity(RadiologistCandidate r) =>
        r.OpenTasks < r.Capacity
            ? new("capacity", true, Format($"{r.OpenTasks} of {r.Capacity} tasks open"))
            : new("capacity", false, Format($"at capacity: {r.OpenTasks} of {r.Capacity} tasks open"));

    private static AssignmentCheck CheckSeniority(AssignmentCase c, RadiologistCandidate r)
    {
        if (c.OtherReaders.Count == 0)
        {
            return new("seniority", true, "no earlier reader to be senior to");
        }

        var most = c.OtherReaders.Values.Max();
        return r.YearsOfExperience > most
            ? new("seniority", true, Format($"{r.YearsOfExperience} years, more than the other readers' {most}"))
            : new("seniority", false, Format($"{r.YearsOfExperience} years, not more than the other readers' {most}"));
    }

    // The first instant in [now, due) at which the candidate is on shift.
    private static DateTimeOffset? FirstAvailability(RadiologistCandidate r, DateTimeOffset now, DateTimeOffset due)
    {
        DateTimeOffset? first = null;
        foreach (var shift in r.Shifts)
        {
            if (shift.End > now && shift.Start < due)
            {
                var start = shift.Start > now ? shift.Start : now;
                if (first is null || start < first)
                {
                    first = start;
                }
            }
        }

        return first;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
