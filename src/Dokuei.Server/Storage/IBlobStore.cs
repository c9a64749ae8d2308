namespace Dokuei.Server.Storage;

/// <summary>
/// Where instance files live. Writing is two-phase: <see cref="StageAsync"/> streams the content to a local temporary file
/// while hashing it and makes it durable; <see cref="CommitAsync"/> moves it under its key. A staged blob that is never
/// committed (a crash, a rejected instance) is never visible under a key and is removed by <see cref="CleanTemporary"/>.
/// </summary>
internal interface IBlobStore
{
    /// <summary>Copies <paramref name="content"/> to a temporary file, hashing it (SHA-256) and flushing it to disk.</summary>
    Task<StagedBlob> StageAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Makes a staged blob durable under <paramref name="key"/>; if the key exists already (same content), the stage is dropped.</summary>
    Task CommitAsync(StagedBlob blob, string key, CancellationToken cancellationToken);

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
