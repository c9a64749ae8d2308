using Dokuei.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Audit;

/// <summary>What <see cref="AuditChain.VerifyAsync"/> found.</summary>
/// <param name="Events">Events read.</param>
/// <param name="FirstBrokenId">The first event that is missing, changed or out of chain; null when the chain is intact.</param>
/// <param name="Problem">What is wrong, for people; null when intact.</param>
internal sealed record AuditVerification(long Events, long? FirstBrokenId, string? Problem)
{
    public bool Intact => Problem == null;
}

/// <summary>
/// Checks the audit log: ids run 1, 2, 3... without gaps, each event's hash matches its content, each names its
/// predecessor's hash, and the head (<c>audit_checkpoint</c>) names the last event, so a deleted tail is noticed too.
/// </summary>
internal static class AuditChain
{
    public static async Task<AuditVerification> VerifyAsync(DokueiDbContext db, CancellationToken cancellationToken)
    {
        var expectedId = 1L;
        var previous = AuditEvent.GenesisHash;
        long count = 0;
        await foreach (var entry in db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            if (entry.Id != expectedId)
            {
                return new(count, expectedId, $"event {expectedId} is missing (the next event is {entry.Id}): events were deleted");
            }

            if (entry.PreviousHash != previous)
            {
                return new(count, entry.Id, $"event {entry.Id} does not follow event {entry.Id - 1}: its previous hash is {entry.PreviousHash}, event {entry.Id - 1} hashes to {previous}");
            }

            if (entry.ComputeHash() != entry.Hash)
            {
                return new(count, entry.Id, $"event {entry.Id} ({entry.Action} at {entry.OccurredAt}) was changed: its content does not match its hash");
            }

            previous = entry.Hash;
            expectedId++;
        }

        var lastId = expectedId - 1;
        var head = await db.AuditCheckpoints.AsNoTracking().SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (head == null)
        {
            return new(count, lastId + 1, "the head of the chain (audit_checkpoint) is missing");
        }

        if (head.LastId > lastId)
        {
            return new(count, lastId + 1, $"the log is truncated: events {lastId + 1} to {head.LastId} are missing from the end");
        }

        if (head.LastId < lastId || head.LastHash != previous)
        {
            return new(count, head.LastId < lastId ? head.LastId + 1 : lastId, $"the head of the chain names event {head.LastId} with hash {head.LastHash}, but the log ends at event {lastId} with hash {previous}");
        }

        return new(count, null, null);
    }
}

/// <summary>The head of the chain: the last event's id and hash (one row).</summary>
internal sealed class AuditCheckpoint
{
    public int Id { get; set; }

    public long LastId { get; set; }

    public required string LastHash { get; set; }
}
