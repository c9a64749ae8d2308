using Dokuei.Server.Data;
using Dokuei.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Archive;

/// <summary>
/// Blobs whose commit was never settled: the process died between the blob commit and the index commit (or the attachment
/// row), or after both, before the pending name was dropped; or the database failed. At start, each such blob is kept when
/// an index row refers to its key, and removed when none does.
/// </summary>
internal static class UnindexedBlobs
{
    /// <summary>Settles every pending blob against the index; returns how many were removed.</summary>
    public static async Task<int> RemoveAsync(DokueiDbContext db, IBlobStore blobs, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var chunk in blobs.Pending().Chunk(500))
        {
            var keys = chunk.Select(p => p.Key).Distinct(StringComparer.Ordinal).ToList();
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
            foreach (var pending in chunk)
            {
                var keep = indexed.Contains(pending.Key);
                blobs.Recover(pending, keep);
                removed += keep ? 0 : 1;
            }
        }

        return removed;
    }
}
