namespace Dokuei.Server.Features.Assignment;

/// <summary>One rule of eligibility applied to one radiologist, with what it found in words.</summary>
/// <param name="Rule">Stable name of the rule, e.g. <c>specialty</c>.</param>
/// <param name="Passed">Whether the radiologist meets it.</param>
/// <param name="Explanation">What was compared, for the coordinator and the audit log.</param>
public sealed record AssignmentCheck(string Rule, bool Passed, string Explanation);

/// <summary>The eligibility of one radiologist for one step: every rule's outcome, not only the first failure.</summary>
/// <param name="RadiologistId">The radiologist.</param>
/// <param name="Checks">Every rule applied.</param>
public sealed record EligibilityDecision(Guid RadiologistId, IReadOnlyList<AssignmentCheck> Checks)
{
    /// <summary>Whether every rule passed.</summary>
    public bool IsEligible => Checks.All(c => c.Passed);

    /// <summary>The rules that failed.</summary>
    public IEnumerable<AssignmentCheck> Failures => Checks.Where(c => !c.Passed);
}

/// <summary>One part of a ranking score with how it was reached.</summary>
/// <param name="Factor">Stable name of the factor, e.g. <c>load</c>.</param>
/// <param name="Points">Points given.</param>
/// <param name="Explanation">How the points follow from the facts.</param>
public sealed record ScoreComponent(string Factor, double Points, string Explanation);

/// <summary>An eligible radiologist's place in the ranking.</summary>
/// <param name="RadiologistId">The radiologist.</param>
/// <param name="Components">The parts of the score.</param>
public sealed record AssignmentSuggestion(Guid RadiologistId, IReadOnlyList<ScoreComponent> Components)
{
    /// <summary>The total score; higher ranks first.</summary>
    public double Score => Components.Sum(c => c.Points);
}

/// <summary>The outcome of ranking: eligible radiologists best first, and why each of the others was left out.</summary>
/// <param name="Ranked">Eligible radiologists, best first.</param>
/// <param name="Excluded">The others, with the rules they failed.</param>
public sealed record AssignmentRanking(IReadOnlyList<AssignmentSuggestion> Ranked, IReadOnlyList<EligibilityDecision> Excluded)
{
    /// <summary>The radiologist to assign automatically, if anyone is eligible.</summary>
    public AssignmentSuggestion? Best => Ranked.Count > 0 ? Ranked[0] : null;
}
