using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Dokuei.Dicom.IO;

/// <summary>
/// A file created in a directory without a name (Linux <c>O_TMPFILE</c>) and given its name only once it is complete, so
/// that nobody sees it half-written and a crash leaves nothing behind. Creating a named temporary file and renaming it
/// takes the directory's lock twice, and the file system picks the new inode while holding it; with several writers into
/// one folder they queued there (11 % of the listener's CPU samples spun on that lock with four associations, bench/dimse.md, session 16). An unnamed
/// file gets its inode without the directory's lock and takes the lock once, to be linked.
/// </summary>
public static class UnnamedFile
{
    private const int OWriteOnly = 0x1;
    private const int OCloseOnExec = 0x80000;
    private const int OTemporaryFile = 0x410000; // __O_TMPFILE | O_DIRECTORY
    private const int ATSymlinkFollow = 0x400;
    private const int ATCurrentDirectory = -100;
    private const int EExist = 17;

    /// <summary>The flag values above are those of Linux on x64 and Arm64 (the generic ABI); elsewhere there is no unnamed file.</summary>
    private static readonly bool Supported = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64
        && Directory.Exists("/proc/self/fd");

    /// <summary>
    /// Opens a new unnamed file for writing in <paramref name="directory"/>; null where the platform or the file system has
    /// none (the caller then writes a named temporary file and renames it).
    /// </summary>
    public static SafeFileHandle? TryCreate(string directory)
    {
        if (!Supported)
        {
            return null;
        }

        // Permissions as .NET gives a new file (0666 less the umask).
        var fd = Open(NulTerminated(directory), OTemporaryFile | OWriteOnly | OCloseOnExec, Convert.ToInt32("666", 8));
        if (fd < 0)
        {
            // EOPNOTSUPP, EISDIR or EINVAL where the file system has no unnamed files; any other failure (a missing folder, no
            // space) shows again, with its own message, when the caller creates the named file.
            return null;
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Gives the unnamed file <paramref name="file"/> the name <paramref name="path"/>, which must be in the directory it was
    /// created in. Returns false, leaving the file unnamed, when that name exists already; throws on any other failure.
    /// </summary>
    public static bool TryLink(SafeFileHandle file, string path)
    {
        var source = NulTerminated("/proc/self/fd/" + file.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (LinkAt(ATCurrentDirectory, source, ATCurrentDirectory, NulTerminated(path), ATSymlinkFollow) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EExist ? false : throw new IOException($"cannot name {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>
    /// Gives the unnamed file <paramref name="file"/> the name <paramref name="path"/>, replacing a file of that name (linked
    /// under a temporary name first, then renamed over it, so the name always holds a whole file).
    /// </summary>
    public static void Link(SafeFileHandle file, string path)
    {
        if (TryLink(file, path))
        {
            return;
        }

        var temporary = Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".part");
        if (!TryLink(file, temporary))
        {
            throw new IOException($"cannot name {temporary}: it exists");
        }

        File.Move(temporary, path, overwrite: true);
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
