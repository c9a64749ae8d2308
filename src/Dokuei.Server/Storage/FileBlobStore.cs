using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Dokuei.Server.Storage;

/// <summary>
/// Blobs as files under a root directory. A blob is written to a temporary file in the same file system, renamed to a
/// pending name that carries its key, and flushed with its directory; only then is it linked under its key (a hard link,
/// so a reader never sees a half-written blob there). The pending name goes once the caller's index commit and the link's
/// directory flush are done; until then it is the record from which a restart rolls the commit forward or back.
/// </summary>
internal sealed partial class FileBlobStore : IBlobStore
{
    private const int CopyBufferSize = 256 * 1024;
    private const string PendingSuffix = ".pending";
    private const string KeySeparator = "~";
    private const int EExist = 17; // the same on Linux and macOS
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

                StartWriteback(file);
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
        var targets = blobs.Select(b => FullPath(b.Key)).ToList(); // refuses a bad key before anything is renamed

        // Each staged file takes a pending name that carries its key: that name is the commit record. A separate record
        // file, created and deleted per batch, made the file system look for a free inode past every recently deleted
        // one (ext4 without a journal does not reuse them for a while), which was a sixth of the server's CPU.
        var pending = new string[blobs.Count];
        for (var i = 0; i < blobs.Count; i++)
        {
            var staged = blobs[i].Blob.TemporaryPath;
            pending[i] = Path.Combine(_temporary, Path.GetFileNameWithoutExtension(staged) + KeySeparator + Uri.EscapeDataString(blobs[i].Key) + PendingSuffix);
            File.Move(staged, pending[i]);
        }

        // The contents and the pending names are made durable together; the file system commits its journal once for many.
        await Parallel.ForEachAsync(pending.Append(_temporary), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, (path, _) =>
        {
            if (path == _temporary)
            {
                SyncDirectory(path);
            }
            else
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
                RandomAccess.FlushToDisk(handle);
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        // Under its key, each blob is a second link to the durable pending file: readers find it there from now on. A key
        // that exists already (keys derive from content) was linked the same way, from a file as durable, and stays.
        var directories = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < blobs.Count; i++)
        {
            var directory = Path.GetDirectoryName(targets[i])!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                for (var parent = Path.GetDirectoryName(directory); parent != null && parent.Length >= _root.Length; parent = Path.GetDirectoryName(parent))
                {
                    directories.Add(parent);
                }
            }

            if (Link(pending[i], targets[i]))
            {
                directories.Add(directory);
            }
        }

        // The links' directories are flushed while the caller commits its index; the pending names stay until both are
        // done (SettleAsync), so a crash in between rolls forward or back from them (Recover).
        // (Never the blocking Parallel.ForEach here: it waits on a thread for work queued to the same small thread pool.)
        var linksDurable = Parallel.ForEachAsync(directories, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (directory, _) =>
        {
            SyncDirectory(directory);
            return ValueTask.CompletedTask;
        });
        return new BlobCommit(pending, linksDurable);
    }

    public async Task SettleAsync(BlobCommit commit)
    {
        await commit.LinksDurable.ConfigureAwait(false);
        foreach (var path in commit.PendingPaths)
        {
            // The blob stays under its key: this only drops the second name, so no inode is freed.
            File.Delete(path);
        }
    }

    public void Discard(StagedBlob blob) => File.Delete(blob.TemporaryPath);

    public IReadOnlyList<PendingBlob> Pending() =>
        [.. Directory.EnumerateFiles(_temporary, "*" + PendingSuffix).Select(path =>
        {
            var name = Path.GetFileName(path);
            var start = name.IndexOf(KeySeparator, StringComparison.Ordinal) + 1;
            return new PendingBlob(path, Uri.UnescapeDataString(name[start..^PendingSuffix.Length]));
        })];

    public void Recover(PendingBlob pending, bool indexed)
    {
        var target = FullPath(pending.Key);
        var directory = Path.GetDirectoryName(target)!;
        if (indexed)
        {
            // The index committed but the link under the key may not have reached the disk: made again, then kept.
            Directory.CreateDirectory(directory);
            Link(pending.Path, target);
        }
        else
        {
            Delete(pending.Key);
        }

        SyncDirectory(directory);
        SyncDirectory(Path.GetDirectoryName(directory)!);
        File.Delete(pending.Path);
    }

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

    /// <summary>
    /// A second name for <paramref name="existing"/> (link(2)); false when <paramref name="link"/> exists already. .NET has
    /// no API for hard links.
    /// </summary>
    private static bool Link(string existing, string link)
    {
        if (LinkFile(existing, link) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EExist ? false : throw new IOException($"cannot link {link}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>
    /// Starts writing the file's dirty pages to disk without waiting (Linux <c>sync_file_range</c> with
    /// <c>SYNC_FILE_RANGE_WRITE</c>). The disk works while the header is parsed and the commit waits its turn, so the
    /// flush in <see cref="CommitAsync"/>, which still decides durability, finds most of the data written. Elsewhere a
    /// no-op.
    /// </summary>
    private static void StartWriteback(SafeHandle file)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SyncFileRange(file, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */);
        }
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

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int LinkFile(string existing, string link);

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SyncFileRange(SafeHandle fd, long offset, long count, uint flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Close(int fd);
}
