using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Dokuei.Server.Storage;

/// <summary>
/// Blobs as files under a root directory. Durability follows the usual recipe: write a temporary file in the same file
/// system, fsync it, rename it into place, fsync the directory (and the parent of a new directory); a reader never sees a
/// half-written blob under its key.
/// </summary>
internal sealed partial class FileBlobStore : IBlobStore
{
    private const int CopyBufferSize = 256 * 1024;
    private const string CommitRecordSuffix = ".commit";
    private readonly string _root;
    private readonly string _temporary;

    public FileBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        _temporary = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(_temporary);
    }

    public async Task<StagedBlob> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_temporary, Guid.NewGuid().ToString("N") + ".part");
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            // The rented buffer is filled from the stream (network reads can be small) and written whole with one system
            // call: no FileStream buffer, which at this size was a large-object allocation per instance and kept the
            // background GC busy. Written synchronously: a write into the page cache is a memory copy, while an
            // asynchronous file write on Unix is a thread-pool hop. The flush to disk happens in CommitAsync.
            using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                int filled;
                do
                {
                    filled = 0;
                    int read;
                    while (filled < CopyBufferSize && (read = await content.ReadAsync(buffer.AsMemory(filled, CopyBufferSize - filled), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        filled += read;
                    }

                    hash.AppendData(buffer, 0, filled);
                    RandomAccess.Write(file, buffer.AsSpan(0, filled), length);
                    length += filled;
                }
                while (filled == CopyBufferSize);
            }

            return new StagedBlob(path, Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<BlobCommit> CommitAsync(IReadOnlyList<(StagedBlob Blob, string Key)> blobs, CancellationToken cancellationToken)
    {
        var keys = blobs.Select(b => b.Key).ToList();
        var targets = keys.Select(FullPath).ToList(); // refuses a bad key before anything is written

        var record = Path.Combine(_temporary, Guid.NewGuid().ToString("N") + CommitRecordSuffix);
        File.WriteAllLines(record, keys); // a few hundred bytes: synchronously, not a thread-pool hop

        // fsync the batch's files (and the commit record) concurrently: the file system commits its journal once for many.
        await Parallel.ForEachAsync(blobs.Select(b => b.Blob.TemporaryPath).Append(record), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, (path, _) =>
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.FlushToDisk(handle);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        var directories = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < blobs.Count; i++)
        {
            var (blob, target) = (blobs[i].Blob, targets[i]);
            var directory = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                for (var parent = Path.GetDirectoryName(directory); parent != null && parent.Length >= _root.Length; parent = Path.GetDirectoryName(parent))
                {
                    directories.Add(parent);
                }
            }

            try
            {
                File.Move(blob.TemporaryPath, target, overwrite: false);
                directories.Add(directory);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Same key, same content (keys are derived from the hash): the blob is there already.
                File.Delete(blob.TemporaryPath);
            }
        }

        // Blob directories are spread by hash, so a batch touches several: their flushes run side by side too. The record
        // was flushed before any rename; its directory entry was created before the renames, so the journal that these
        // flushes commit holds it too (a separate flush of .tmp per batch cost measurable CPU for nothing more).
        // (Never the blocking Parallel.ForEach here: it waits on a thread for work queued to the same small thread pool.)
        await Parallel.ForEachAsync(directories, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, (directory, _) =>
        {
            SyncDirectory(directory);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return new BlobCommit(record, keys);
    }

    public void Discard(StagedBlob blob) => File.Delete(blob.TemporaryPath);

    public void Settle(BlobCommit commit) => File.Delete(commit.RecordPath);

    public IReadOnlyList<BlobCommit> PendingCommits() =>
        [.. Directory.EnumerateFiles(_temporary, "*" + CommitRecordSuffix)
            .Select(path => new BlobCommit(path, [.. File.ReadAllLines(path).Where(line => line.Length > 0)]))];

    public Stream OpenRead(string key) =>
        new FileStream(FullPath(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public string? LocalPath(string key) => FullPath(key);

    public void Delete(string key)
    {
        try
        {
            File.Delete(FullPath(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Absent, and so is its directory (a key whose blob never got that far): nothing to delete.
        }
    }

    public int CleanTemporary()
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(_temporary, "*.part"))
        {
            File.Delete(file);
            count++;
        }

        return count;
    }

    private string FullPath(string key)
    {
        if (key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key))
        {
            throw new ArgumentException($"invalid blob key {key}", nameof(key));
        }

        return Path.Combine(_root, key);
    }

    /// <summary>fsync on the directory makes the rename itself durable (POSIX); .NET has no API for it.</summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Close(int fd);
}
