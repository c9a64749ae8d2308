namespace Dokuei.Server.Features.Archive;

/// <summary>
/// Group commit for ingest: batches that complete at the same moment (C-STOREs on several associations, several STOW-RS
/// requests) share one round of disk flushes and one index transaction, instead of paying each for its own. The first
/// caller to find no commit running leads: it commits everything waiting (up to <see cref="MaxBatchInstances"/>) and,
/// if more arrived meanwhile, hands the lead to the next waiter, so nobody commits for others after its own batch is done.
/// Commits in this process also never run side by side, which is what SQLite, with its one writer, needs anyway.
/// </summary>
internal sealed class IngestCommitQueue
{
    /// <summary>At most this many instances per merged commit (a waiter's batch is never split).</summary>
    public const int MaxBatchInstances = 256;

    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiting = new();
    private bool _leading;

    /// <summary>
    /// Commits <paramref name="batch"/>, alone or merged with others, and returns its results in its order. The
    /// <paramref name="commit"/> delegate of whoever leads does the work, for everybody's instances; it must not depend on
    /// the caller (ingest writes name each instance's facility explicitly).
    /// </summary>
    public async Task<IReadOnlyList<StoreResult>> CommitAsync(IReadOnlyList<PreparedInstance> batch, Func<IReadOnlyList<PreparedInstance>, Task<IReadOnlyList<StoreResult>>> commit)
    {
        var waiter = new Waiter(batch);
        bool lead;
        lock (_lock)
        {
            _waiting.Enqueue(waiter);
            lead = !_leading;
            _leading = true;
        }

        if (!lead && await waiter.Outcome.Task.ConfigureAwait(false) is { } results)
        {
            return results;
        }

        // Leading: this waiter is at the head of the queue (a new leader is always the head).
        var taken = new List<Waiter>();
        try
        {
            lock (_lock)
            {
                var count = 0;
                while (_waiting.TryPeek(out var next) && (taken.Count == 0 || count + next.Batch.Count <= MaxBatchInstances))
                {
                    taken.Add(_waiting.Dequeue());
                    count += next.Batch.Count;
                }
            }

            IReadOnlyList<StoreResult> merged;
            try
            {
                merged = await commit([.. taken.SelectMany(w => w.Batch)]).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                foreach (var other in taken.Where(w => w != waiter))
                {
                    other.Outcome.TrySetException(ex);
                }

                throw;
            }

            IReadOnlyList<StoreResult> own = [];
            var offset = 0;
            foreach (var member in taken)
            {
                var slice = merged.Skip(offset).Take(member.Batch.Count).ToArray();
                offset += member.Batch.Count;
                if (member == waiter)
                {
                    own = slice;
                }
                else
                {
                    member.Outcome.TrySetResult(slice);
                }
            }

            return own;
        }
        finally
        {
            lock (_lock)
            {
                if (_waiting.TryPeek(out var next))
                {
                    next.Outcome.TrySetResult(null); // your turn to lead
                }
                else
                {
                    _leading = false;
                }
            }
        }
    }

    /// <summary>A batch waiting: its outcome is its results, null when it is handed the lead, or the commit's exception.</summary>
    private sealed class Waiter(IReadOnlyList<PreparedInstance> batch)
    {
        public IReadOnlyList<PreparedInstance> Batch { get; } = batch;

        public TaskCompletionSource<IReadOnlyList<StoreResult>?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
