namespace Dokuei.Server.Storage;

/// <summary>
/// Where instance files live. Writing is two-phase: <see cref="StageAsync"/> streams the content to a local temporary file
/// while hashing it; <see cref="CommitAsync"/> makes a batch of staged blobs durable and readable under their keys
/// (batches let one flush of the disk cover many files), and <see cref="SettleAsync"/> closes the commit once the rows
/// that refer to them are committed. A staged blob that is never committed (a crash, a rejected
/// instance) is never visible under a key and is removed by <see cref="CleanTemporary"/>.
/// </summary>
internal interface IBlobStore
{
    /// <summary>Copies <paramref name="content"/> to a temporary file, hashing it (SHA-256).</summary>
    Task<StagedBlob> StageAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Flushes staged blobs to disk, durably under a pending name that records their keys, and makes each readable under its
    /// key before returning; a key that exists already (keys derive from content) keeps its blob. The caller then commits
    /// the rows that refer to the keys and calls <see cref="SettleAsync"/>. If it never gets there (a crash, a failed
    /// index commit), the pending names stay, and the next start settles them against the index (<see cref="Pending"/>).
    /// </summary>
    Task<BlobCommit> CommitAsync(IReadOnlyList<(StagedBlob Blob, string Key)> blobs, CancellationToken cancellationToken);

    /// <summary>
    /// After the rows that refer to a commit's keys are committed: waits until the blobs are durable under their keys, then
    /// drops their pending names.
    /// </summary>
    Task SettleAsync(BlobCommit commit);

    /// <summary>Blobs of commits that were never settled (the process died, or the index commit failed).</summary>
    IReadOnlyList<PendingBlob> Pending();

    /// <summary>
    /// Settles a blob left pending: kept under its key, durably, when <paramref name="indexed"/> (a row refers to the key),
    /// removed otherwise.
    /// </summary>
    void Recover(PendingBlob pending, bool indexed);

    /// <summary>Removes a staged blob that will not be committed.</summary>
    void Discard(StagedBlob blob);

    /// <summary>Opens a blob for reading (seekable).</summary>
    Stream OpenRead(string key);

    /// <summary>A local file path for the blob, so readers can leave large values in it; null if the store is remote.</summary>
    string? LocalPath(string key);

    /// <summary>Deletes a blob; absent blobs are not an error.</summary>
    void Delete(string key);

    /// <summary>Removes temporary files left by a crash; returns how many.</summary>
    int CleanTemporary();
}

/// <summary>Content written to a temporary local file, with its SHA-256 (lower-case hex) and length.</summary>
internal sealed record StagedBlob(string TemporaryPath, string Sha256, long Length);

/// <summary>A committed batch of blobs: their pending names, and the flush that makes their links under the keys durable.</summary>
internal sealed record BlobCommit(IReadOnlyList<string> PendingPaths, Task LinksDurable);

/// <summary>A blob whose commit was not settled: its pending file and the key it was committed under.</summary>
internal sealed record PendingBlob(string Path, string Key);
