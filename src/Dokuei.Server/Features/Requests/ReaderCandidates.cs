using Dokuei.Server.Features.Assignment;

namespace Dokuei.Server.Features.Requests;

/// <summary>
/// The radiologists assignment chooses from, with their profiles, shifts and load at the moment of deciding. Radiologist
/// profiles and contracts are another feature's tables; this is the seam between the two (and what tests fake).
/// </summary>
internal interface IReaderCandidates
{
    /// <summary>The candidates for <paramref name="assignmentCase"/>.</summary>
    Task<IReadOnlyList<RadiologistCandidate>> ForAsync(AssignmentCase assignmentCase, CancellationToken cancellationToken);
}

/// <summary>No profiles yet: no suggestions; coordinators assign by hand (recorded as overrides).</summary>
internal sealed class NoReaderCandidates : IReaderCandidates
{
    public Task<IReadOnlyList<RadiologistCandidate>> ForAsync(AssignmentCase assignmentCase, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RadiologistCandidate>>([]);
}
