namespace Dokuei.Interop.Tests;

/// <summary>The DICOM files shipped in the Debian packages the tests install: real files written by other implementations.</summary>
internal static class PackagedDicomFiles
{
    /// <summary>
    /// Documentation folders of the installed peer packages that hold example files (dicom3tools ships one, libgdcm one;
    /// dcmtk's examples are worklist dumps, not DICOM files). The package names carry versions (libgdcm3.0), so they are matched by prefix.
    /// </summary>
    private static readonly string[] ExampleFolderPatterns = ["dcmtk*", "dicom3tools", "libgdcm*"];

    /// <summary>Every DICOM file under pydicom's data folder (subfolders too) and in the peers' example folders, sorted.</summary>
    public static IReadOnlyList<string> All => field ??= Find();

    private static List<string> Find()
    {
        var folders = new List<string> { PeerTools.PydicomDataDirectory };
        foreach (var pattern in ExampleFolderPatterns)
        {
            foreach (var doc in Directory.Exists("/usr/share/doc") ? Directory.GetDirectories("/usr/share/doc", pattern) : [])
            {
                var examples = Path.Combine(doc, "examples");
                if (Directory.Exists(examples))
                {
                    folders.Add(examples);
                }
            }
        }

        return [.. folders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(IsDicomFile)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>A Part 10 file ("DICM" after the preamble), or a file named .dcm (pydicom ships bare datasets so named).</summary>
    private static bool IsDicomFile(string path)
    {
        if (path.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[132];
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head[128..].SequenceEqual("DICM"u8);
    }
}
