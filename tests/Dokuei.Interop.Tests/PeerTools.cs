using System.Diagnostics;
using System.Text;

namespace Dokuei.Interop.Tests;

/// <summary>
/// Runs the peers the interop suite measures Dokuei against (pydicom, dcmtk, dicom3tools), installed from Debian by <c>./test</c>.
/// A missing peer fails the test with a message naming the package: a comparison that silently does not run proves nothing.
/// </summary>
internal static class PeerTools
{
    /// <summary>Debian's Python, the one that has python3-pydicom (another python3 on PATH may not).</summary>
    private const string DebianPython = "/usr/bin/python3";

    /// <summary>Our script that prints pydicom's DICOM JSON of files, copied next to the test assembly.</summary>
    public static string PydicomJsonScript => Path.Combine(AppContext.BaseDirectory, "Peers", "pydicom_json.py");

    /// <summary>pydicom's data folder (test_files, charset_files, palettes), asked of pydicom itself.</summary>
    public static string PydicomDataDirectory => field ??= RunPydicomScript(["--data-dir"]).Trim();

    /// <summary>Runs the pydicom script once over many files; returns its output, one JSON line per file.</summary>
    public static string RunPydicomScript(IReadOnlyList<string> arguments)
    {
        Require(DebianPython, "python3-pydicom");
        var result = Run(DebianPython, [PydicomJsonScript, .. arguments]);
        if (result.ExitCode != 0)
        {
            var hint = result.StandardError.Contains("No module named 'pydicom'", StringComparison.Ordinal)
                ? " pydicom is missing: ./test installs python3-pydicom."
                : "";
            throw new InvalidOperationException($"pydicom_json.py exited with {result.ExitCode}.{hint}\n{result.StandardError}");
        }

        return result.StandardOutput;
    }

    /// <summary>The full path of a peer's program; fails the test if its package is not installed.</summary>
    public static string Require(string program, string debianPackage)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : throw Missing(program, debianPackage);
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw Missing(program, debianPackage);
    }

    /// <summary>Runs a program to the end and returns its exit code and both outputs (read concurrently, so neither pipe fills).</summary>
    public static ProcessResult Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within 2 minutes.");
        }

        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static InvalidOperationException Missing(string program, string debianPackage) =>
        new($"{program} not found: the Debian package {debianPackage} is missing. ./test installs it (apt-get install {debianPackage}).");
}

/// <summary>What a peer's program did.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
