namespace Dokuei.Server.Storage;

/// <summary>
/// Where instance files live. Writing is two-phase: <see cref="StageAsync"/> streams the content to a local temporary file
/// while hashing it; <see cref="CommitAsync"/> makes a batch of staged blobs durable and moves them under their keys
/// (batches let one flush of the disk cover many files). A staged blob that is never committed (a crash, a rejected
/// instance) is never visible under a key and is removed by <see cref="CleanTemporary"/>.
/// </summary>
internal interface IBlobStore
{
    /// <summary>Copies <paramref name="content"/> to a temporary file, hashing it (SHA-256).</summary>
    Task<StagedBlob> StageAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Flushes staged blobs to disk and moves each under its key, durably, before returning; a key that exists already
    /// (keys derive from content) keeps its blob and the stage is dropped. The keys are first written to a durable commit
    /// record, kept until <see cref="Settle"/>: if the process dies before the index commit, the record names the blobs
    /// to check at the next start (<see cref="PendingCommits"/>).
    /// </summary>
    Task<BlobCommit> CommitAsync(IReadOnlyList<(StagedBlob Blob, string Key)> blobs, CancellationToken cancellationToken);

    /// <summary>Drops the commit record once the blobs' index rows are committed (or the blobs were checked after a crash).</summary>
    void Settle(BlobCommit commit);

    /// <summary>Commit records left by a run that ended between a blob commit and its index commit.</summary>
    IReadOnlyList<BlobCommit> PendingCommits();

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

/// <summary>A committed batch of blobs: its keys, and the record that lists them until it is settled.</summary>
internal sealed record BlobCommit(string RecordPath, IReadOnlyList<string> Keys);
