using Dokuei.Server.Data;
using Dokuei.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Archive;

/// <summary>
/// Blobs committed to storage whose index transaction (or attachment row) never committed (the process died between the two, or the database
/// failed): whole files that nothing refers to. Their commit records name them; at start, each named blob that no index
/// row refers to is deleted, and the record is dropped.
/// </summary>
internal static class UnindexedBlobs
{
    /// <summary>Removes the unindexed blobs of every pending commit record; returns how many blobs were deleted.</summary>
    public static async Task<int> RemoveAsync(DokueiDbContext db, IBlobStore blobs, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var commit in blobs.PendingCommits())
        {
            var keys = commit.Keys.Distinct(StringComparer.Ordinal).ToList();
            // Keys derive from content, so a key may also belong to an instance indexed earlier or later: that one stays.
            var indexed = (await db.Instances.IgnoreQueryFilters()
                .Where(i => keys.Contains(i.BlobKey))
                .Select(i => i.BlobKey)
                .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            // Request attachments live in the same store.
            indexed.UnionWith(await db.RequestAttachments.IgnoreQueryFilters()
                .Where(a => keys.Contains(a.BlobKey))
                .Select(a => a.BlobKey)
                .ToListAsync(cancellationToken).ConfigureAwait(false));
            foreach (var key in keys.Where(k => !indexed.Contains(k)))
            {
                blobs.Delete(key);
                removed++;
            }

            blobs.Settle(commit);
        }

        return removed;
    }
}
