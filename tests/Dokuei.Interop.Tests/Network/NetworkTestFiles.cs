using System.Diagnostics;
using Dokuei.Dicom.Network;

namespace Dokuei.Interop.Tests.Network;

/// <summary>The packaged files that can travel by C-STORE (Part 10, a storage SOP class, one file per SOP instance), and ways to compare them.</summary>
internal static class NetworkTestFiles
{
    public static IReadOnlyList<DicomStoreSource> Sendable => field ??= Find();

    /// <summary>The sendable files dcmtk reads without an error (a few packaged files are deliberately broken, and dcmtk refuses them).</summary>
    public static IReadOnlyList<DicomStoreSource> DcmtkReadable => field ??= [.. Sendable.Where(f =>
    {
        var result = PeerTools.Run(PeerTools.Require("dcmdump", "dcmtk"), ["-q", f.Path]);
        return result.ExitCode == 0 && !result.StandardError.Contains("E: ", StringComparison.Ordinal);
    })];

    private static List<DicomStoreSource> Find()
    {
        var sources = new List<DicomStoreSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in PackagedDicomFiles.All)
        {
            DicomStoreSource source;
            try
            {
                source = DicomStoreSource.FromFileAsync(path).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is Dokuei.Dicom.DicomParseException or IOException or ArgumentException)
            {
                continue;
            }

            var head = Dokuei.Dicom.DicomFile.Open(path, Dokuei.Dicom.IO.DicomReaderOptions.Default with { StopAtTag = new Dokuei.Dicom.DicomTag(0x00080019) });
            var datasetHasUids = head.Dataset.Contains(Dokuei.Dicom.DicomTag.SOPClassUID) && head.Dataset.Contains(Dokuei.Dicom.DicomTag.SOPInstanceUID);
            if (datasetHasUids && source.DatasetOffset > 0 && source.SopClassUid.StartsWith("1.2.840.10008.5.1.4.1.1.", StringComparison.Ordinal)
                && !source.TransferSyntax.IsUnknown && seen.Add(source.SopInstanceUid) && source.SopInstanceUid.All(c => c is >= '0' and <= '9' or '.'))
            {
                sources.Add(source);
            }
        }

        return sources;
    }

    /// <summary>
    /// The dataset part of dcmdump's listing (after the file meta information), without what dcmtk re-encodes when it sends or stores:
    /// group lengths (recomputed), defined versus undefined lengths of sequences and items (delimiters), dataset trailing padding
    /// (dropped), the length comments.
    /// </summary>
    public static string DumpDataset(string path, bool withTransferSyntax = true)
    {
        var start = new ProcessStartInfo(PeerTools.Require("dcmdump", "dcmtk")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var index = output.IndexOf("# Dicom-Data-Set", StringComparison.Ordinal);
        var lines = (index < 0 ? output : output[index..]).Split('\n')
            .Where(l => withTransferSyntax || !l.StartsWith("# Used TransferSyntax", StringComparison.Ordinal))
            .Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*\([0-9a-f]{4},0000\)") && !l.Contains("for re-encoding", StringComparison.Ordinal)
                && !l.Contains("(fffe,e00d)", StringComparison.Ordinal) && !l.Contains("(fffe,e0dd)", StringComparison.Ordinal) && !l.Contains("(fffc,fffc)", StringComparison.Ordinal))
            .Select(l => (l.IndexOf(" #", StringComparison.Ordinal) is var cut and > 0 ? l[..cut] : l)
                .Replace("explicit length", "length", StringComparison.Ordinal).Replace("undefined length", "length", StringComparison.Ordinal).TrimEnd());
        return string.Join('\n', lines);
    }

    /// <summary>The bytes of a Part 10 file after its meta information.</summary>
    public static byte[] DatasetBytes(string path)
    {
        var source = DicomStoreSource.FromFileAsync(path).GetAwaiter().GetResult();
        return File.ReadAllBytes(path)[(int)source.DatasetOffset..];
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dokuei-net-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
