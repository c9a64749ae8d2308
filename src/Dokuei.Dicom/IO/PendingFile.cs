using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Dokuei.Dicom.IO;

/// <summary>
/// A new file that appears under its name only once it is complete (<see cref="Complete"/>), replacing a file of that name
/// whole; disposed before that, it leaves nothing behind. On Linux it is written unnamed (<c>O_TMPFILE</c>) and linked
/// under its name at the end: a named temporary file renamed at the end takes the folder's lock twice, and the file system
/// picks the new inode while holding it, so several writers into one folder queued there (11 % of the listener's CPU
/// samples spun on that lock with four associations, bench/dimse.md, session 16). Elsewhere, and on file systems without
/// unnamed files, it is written under a hidden temporary name in the same folder and renamed.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private const int OWriteOnly = 0x1;
    private const int OCloseOnExec = 0x80000;
    private const int OTemporaryFile = 0x410000; // __O_TMPFILE | O_DIRECTORY
    private const int ATSymlinkFollow = 0x400;
    private const int ATCurrentDirectory = -100;
    private const int EExist = 17;

    /// <summary>The flag values above are those of Linux on x64 and Arm64 (the generic ABI); elsewhere there is no unnamed file.</summary>
    private static readonly bool UnnamedSupported = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64
        && Directory.Exists("/proc/self/fd");

    private readonly string _path;
    private readonly string? _temporary; // null for an unnamed file
    private bool _completed;

    private PendingFile(string path, SafeFileHandle handle, string? temporary)
    {
        _path = path;
        Handle = handle;
        _temporary = temporary;
    }

    /// <summary>The file, open for writing (closed by <see cref="Complete"/> and <see cref="Dispose"/>).</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Starts a file that will be named <paramref name="path"/>; its folder must exist.</summary>
    public static PendingFile Create(string path) => Create(path, allowUnnamed: true);

    /// <summary>As <see cref="Create(string)"/>; without <paramref name="allowUnnamed"/> always the temporary name (tests).</summary>
    internal static PendingFile Create(string path, bool allowUnnamed)
    {
        path = Path.GetFullPath(path);
        if (allowUnnamed && UnnamedSupported)
        {
            // Permissions as .NET gives a new file (0666 less the umask).
            var fd = Open(NulTerminated(Path.GetDirectoryName(path)!), OTemporaryFile | OWriteOnly | OCloseOnExec, Convert.ToInt32("666", 8));
            if (fd >= 0)
            {
                return new PendingFile(path, new SafeFileHandle(fd, ownsHandle: true), temporary: null);
            }

            // EOPNOTSUPP, EISDIR or EINVAL where the file system has no unnamed files; any other failure (a missing folder, no
            // space) shows again, with its own message, when the named file is created.
        }

        var temporary = TemporaryName(path);
        return new PendingFile(path, File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None), temporary);
    }

    /// <summary>Closes the file and gives it its name, replacing a file of that name.</summary>
    public void Complete()
    {
        if (_temporary == null)
        {
            if (!TryLink(_path))
            {
                // The name exists: linked under a temporary name first, then renamed over it, so the name always holds a whole file.
                var temporary = TemporaryName(_path);
                if (!TryLink(temporary))
                {
                    throw new IOException($"cannot name {temporary}: it exists");
                }

                try
                {
                    File.Move(temporary, _path, overwrite: true);
                }
                catch
                {
                    // As the named way's Dispose does: the temporary name goes, and the file with its handle; the error
                    // reported stays the rename's.
                    DeleteTemporary(temporary);
                    throw;
                }
            }

            Handle.Dispose();
        }
        else
        {
            Handle.Dispose(); // before the rename, which an open file would refuse on Windows
            File.Move(_temporary, _path, overwrite: true);
        }

        _completed = true;
    }

    /// <summary>Closes the file; one never completed goes (an unnamed file with its handle, a temporary name deleted).</summary>
    public void Dispose()
    {
        Handle.Dispose();
        if (!_completed && _temporary != null)
        {
            DeleteTemporary(_temporary);
        }
    }

    /// <summary>Deletes a temporary name, best effort: a stray one is hidden and named so that nothing mistakes it for the real file.</summary>
    private static void DeleteTemporary(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // Left behind; see above.
        }
    }

    private static string TemporaryName(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".part");

    /// <summary>Links the unnamed file under <paramref name="path"/>; false when that name exists, throws on any other failure.</summary>
    private bool TryLink(string path)
    {
        var source = NulTerminated("/proc/self/fd/" + Handle.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (LinkAt(ATCurrentDirectory, source, ATCurrentDirectory, NulTerminated(path), ATSymlinkFollow) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EExist ? false : throw new IOException($"cannot name {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    private static byte[] NulTerminated(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    // Plain DllImport with byte arrays: this library has no unsafe code, which the generated LibraryImport marshalling needs.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags, int mode);

    [DllImport("libc", EntryPoint = "linkat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LinkAt(int oldDirectory, byte[] oldPath, int newDirectory, byte[] newPath, int flags);
}
