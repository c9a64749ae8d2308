using Dokuei.Server.Features.Archive;
using Dokuei.Server.Storage;

namespace Dokuei.Server.Tests.Features.Archive;

/// <summary>Group commit: batches completing together share a commit; results and failures go back to their owners.</summary>
public sealed class IngestCommitQueueTests
{
    [Fact]
    public async Task A_batch_alone_is_committed_at_once_by_its_caller()
    {
        var queue = new IngestCommitQueue();
        var commits = new List<int>();

        var results = await queue.CommitAsync(Batch("a", 3), merged =>
        {
            commits.Add(merged.Count);
            return Task.FromResult(ResultsOf(merged));
        });

        Assert.Equal([3], commits);
        Assert.Equal(["a0", "a1", "a2"], results.Select(r => r.SopInstanceUid));
    }

    [Fact]
    public async Task Batches_waiting_while_a_commit_runs_are_merged_into_the_next_commit_and_each_gets_its_own_results()
    {
        var queue = new IngestCommitQueue();
        var firstCommitEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commits = new List<string[]>();

        async Task<IReadOnlyList<StoreResult>> Commit(IReadOnlyList<PreparedInstance> merged)
        {
            lock (commits)
            {
                commits.Add([.. merged.Select(p => p.Attributes!.SopInstanceUid)]);
            }

            if (commits.Count == 1)
            {
                firstCommitEntered.SetResult();
                await releaseFirstCommit.Task;
            }

            return ResultsOf(merged);
        }

        var first = queue.CommitAsync(Batch("a", 1), Commit);
        await firstCommitEntered.Task;
        var second = queue.CommitAsync(Batch("b", 2), Commit);
        var third = queue.CommitAsync(Batch("c", 1), Commit);
        Assert.False(second.IsCompleted);
        releaseFirstCommit.SetResult();

        Assert.Equal(["a0"], (await first).Select(r => r.SopInstanceUid));
        Assert.Equal(["b0", "b1"], (await second).Select(r => r.SopInstanceUid));
        Assert.Equal(["c0"], (await third).Select(r => r.SopInstanceUid));
        Assert.Equal(2, commits.Count);
        Assert.Equal(["b0", "b1", "c0"], commits[1]);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_batch_in_it_and_the_next_batches_are_still_committed()
    {
        var queue = new IngestCommitQueue();
        var firstCommitEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;

        async Task<IReadOnlyList<StoreResult>> Commit(IReadOnlyList<PreparedInstance> merged)
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    firstCommitEntered.SetResult();
                    await releaseFirstCommit.Task;
                    return ResultsOf(merged);
                case 2:
                    throw new IOException("disk full");
                default:
                    return ResultsOf(merged);
            }
        }

        var first = queue.CommitAsync(Batch("a", 1), Commit);
        await firstCommitEntered.Task;
        var second = queue.CommitAsync(Batch("b", 1), Commit);
        var third = queue.CommitAsync(Batch("c", 1), Commit);
        releaseFirstCommit.SetResult();
        await first;

        Assert.Equal("disk full", (await Assert.ThrowsAsync<IOException>(() => second)).Message);
        Assert.Equal("disk full", (await Assert.ThrowsAsync<IOException>(() => third)).Message);

        // The queue is free again: the next batch commits on its own.
        var fourth = await queue.CommitAsync(Batch("d", 1), m => Task.FromResult(ResultsOf(m)));
        Assert.Equal("d0", Assert.Single(fourth).SopInstanceUid);
    }

    [Fact]
    public async Task Many_concurrent_batches_all_complete_with_their_own_results_and_commits_never_overlap()
    {
        var queue = new IngestCommitQueue();
        var running = 0;
        var overlapped = false;
        var instancesCommitted = 0;

        async Task<IReadOnlyList<StoreResult>> Commit(IReadOnlyList<PreparedInstance> merged)
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                overlapped = true;
            }

            await Task.Yield();
            Assert.True(merged.Count <= IngestCommitQueue.MaxBatchInstances);
            Interlocked.Add(ref instancesCommitted, merged.Count);
            Interlocked.Decrement(ref running);
            return ResultsOf(merged);
        }

        var batches = Enumerable.Range(0, 200).Select(i => Batch($"s{i}-", 1 + (i % 7))).ToList();
        var results = await Task.WhenAll(batches.Select(b => Task.Run(() => queue.CommitAsync(b, Commit))));

        Assert.False(overlapped);
        Assert.Equal(batches.Sum(b => b.Count), instancesCommitted);
        for (var i = 0; i < batches.Count; i++)
        {
            Assert.Equal(batches[i].Select(p => p.Attributes!.SopInstanceUid), results[i].Select(r => r.SopInstanceUid));
        }
    }

    private static List<PreparedInstance> Batch(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new PreparedInstance(
            1,
            new StagedBlob($"/nonexistent/{prefix}{i}.part", new string('0', 64), 1),
            new IndexedAttributes { SopInstanceUid = $"{prefix}{i}", SopClassUid = "1.2", StudyInstanceUid = "1.3", SeriesInstanceUid = "1.4", PatientId = "P" },
            "1.2.840.10008.1.2.1",
            "{}",
            $"1/00/{prefix}{i}.dcm",
            null))];

    private static IReadOnlyList<StoreResult> ResultsOf(IReadOnlyList<PreparedInstance> merged) =>
        [.. merged.Select(p => new StoreResult(StoreOutcome.Stored, "1.2", p.Attributes!.SopInstanceUid, "1.3", "1.4", 1))];
}
