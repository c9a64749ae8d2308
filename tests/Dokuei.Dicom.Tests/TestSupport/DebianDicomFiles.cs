using System.Diagnostics;

namespace Dokuei.Dicom.Tests.TestSupport;

/// <summary>
/// DICOM files shipped by Debian packages the test script installs (python3-pydicom, dcmtk, dicom3tools):
/// synthetic or anonymised test data published for exactly this use.
/// </summary>
internal static class DebianDicomFiles
{
    private static readonly HashSet<string> NotDicomExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".py", ".pyc", ".json", ".txt", ".md", ".dump", ".gz", ".zip", ".bz2", ".xz",
    };

    private static readonly Lazy<string> PydicomFolder = new(FindPydicomData);

    /// <summary>pydicom's data folder (test_files, charset_files, palettes); fails the test if pydicom is not installed.</summary>
    public static string PydicomDataFolder => PydicomFolder.Value;

    /// <summary>Every DICOM file in pydicom's data folder and its subfolders.</summary>
    public static IReadOnlyList<string> PydicomFiles() =>
        [.. Directory.EnumerateFiles(PydicomDataFolder, "*", SearchOption.AllDirectories).Where(IsDicomCandidate).Order(StringComparer.Ordinal)];

    /// <summary>The example .dcm files of dcmtk and dicom3tools, if those packages are installed.</summary>
    public static IReadOnlyList<string> PackageExamples()
    {
        var (code, output) = Run("dpkg", "-L dcmtk dicom3tools");
        if (code < 0)
        {
            return [];
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => p.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) && File.Exists(p)).Order(StringComparer.Ordinal)];
    }

    public static string Pydicom(string relativePath) => Path.Combine(PydicomDataFolder, relativePath);

    private static bool IsDicomCandidate(string path)
    {
        var name = Path.GetFileName(path);
        return !path.Contains("__pycache__", StringComparison.Ordinal) && !name.StartsWith("README", StringComparison.OrdinalIgnoreCase)
            && !NotDicomExtensions.Contains(Path.GetExtension(path));
    }

    private static string FindPydicomData()
    {
        var (code, output) = Run("/usr/bin/python3", "-c \"import pydicom.data,os;print(os.path.dirname(pydicom.data.__file__))\"");
        var folder = output.Trim();
        Assert.True(code == 0 && Directory.Exists(folder),
            "pydicom's test files are needed: install the Debian package python3-pydicom (./test does this). " +
            $"/usr/bin/python3 exited with {code}: {output.Trim()}");
        return folder;
    }

    private static (int Code, string Output) Run(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
