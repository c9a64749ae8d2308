using Dokuei.Server.Data;
using Dokuei.Server.Features.Assignment;
using Dokuei.Server.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Requests;

/// <summary>
/// The radiologists assignment chooses from, with their profiles, shifts and load at the moment of deciding. Radiologist
/// profiles are another feature's tables; this is the seam between the two (and what tests may fake).
/// </summary>
internal interface IReaderCandidates
{
    /// <summary>The candidates for <paramref name="assignmentCase"/>.</summary>
    Task<IReadOnlyList<RadiologistCandidate>> ForAsync(AssignmentCase assignmentCase, CancellationToken cancellationToken);
}

/// <summary>
/// Every enabled radiologist with a profile: certifications, specialties, modalities, facility conflicts, shifts around
/// now, and the current load (open reading tasks assigned to or claimed by them, in every facility).
/// </summary>
internal sealed class ProfileReaderCandidates(DokueiDbContext db, TimeProvider time) : IReaderCandidates
{
    public async Task<IReadOnlyList<RadiologistCandidate>> ForAsync(AssignmentCase assignmentCase, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var profiles = await db.RadiologistProfiles.AsNoTracking().Include(p => p.Shifts)
            .Where(p => db.Users.Any(u => u.Id == p.UserId && u.Role == UserRole.Radiologist && !u.Disabled))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // Load counts every facility's tasks, whatever the caller's scope.
        var open = await db.ReadingRequests.IgnoreQueryFilters().AsNoTracking()
            .SelectMany(r => r.Tasks)
            .Where(t => t.State == ReadingTaskState.Scheduled || t.State == ReadingTaskState.InProgress)
            .Select(t => new { t.AssignedTo, t.ClaimedBy })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var load = open.Select(t => t.ClaimedBy ?? t.AssignedTo).OfType<Guid>().GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        return profiles.OrderBy(p => p.UserId).Select(p => p.ToCandidate(now, load.GetValueOrDefault(p.UserId))).ToList();
    }
}
