using Dokuei.Dicom.Tests.TestSupport;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>Every DICOM file Debian ships in pydicom, dcmtk and dicom3tools: read, then written back byte for byte.</summary>
public class DebianFileRoundTripTests
{
    /// <summary>Files of pydicom's test data that are broken on purpose, and why; reading them must fail with a parse error.</summary>
    private static readonly Dictionary<string, string> KnownBroken = new(StringComparer.Ordinal)
    {
        ["test_files/rtplan_truncated.dcm"] = "truncated inside a sequence",
        ["test_files/MR_truncated.dcm"] = "truncated inside the pixel data",
        ["test_files/no_meta.dcm"] = "CT_small.dcm without its meta information but with a stray byte (0x20) before the first element; dcmtk cannot read it either",
    };

    [Fact]
    public void Pydicom_files_are_written_back_byte_for_byte()
    {
        var files = DebianDicomFiles.PydicomFiles();
        Assert.True(files.Count > 100, $"only {files.Count} files found under {DebianDicomFiles.PydicomDataFolder}");
        var failures = new List<string>();
        foreach (var path in files)
        {
            var name = Path.GetRelativePath(DebianDicomFiles.PydicomDataFolder, path).Replace('\\', '/');
            if (KnownBroken.TryGetValue(name, out var reason))
            {
                try
                {
                    DicomFile.Open(path);
                    failures.Add($"{name}: read without error although it is {reason}");
                }
                catch (DicomParseException)
                {
                }

                continue;
            }

            if (name == "test_files/dicomdirtests/DICOMDIR-nooffset")
            {
                // Its sequence length is too short and its last item's delimiter missing: read with warnings, like dcmtk and
                // pydicom do, and written back with correct lengths rather than as it was.
                var repaired = DicomFile.Open(path);
                if (repaired.Warnings.Count == 0 || repaired.Dataset.GetSequence(DicomTag.DirectoryRecordSequence) is not { Items.Count: > 1 })
                {
                    failures.Add($"{name}: expected to be read with warnings and its directory records");
                }

                continue;
            }

            if (RoundTrip(path) is { } failure)
            {
                failures.Add($"{name}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Dcmtk_and_dicom3tools_examples_are_written_back_byte_for_byte()
    {
        var failures = DebianDicomFiles.PackageExamples().Select(p => RoundTrip(p) is { } f ? $"{p}: {f}" : null).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Known_broken_files_report_where_they_break()
    {
        var truncated = Assert.Throws<DicomParseException>(() => DicomFile.Open(DebianDicomFiles.Pydicom("test_files/rtplan_truncated.dcm")));
        Assert.InRange(truncated.Offset, 0, new FileInfo(DebianDicomFiles.Pydicom("test_files/rtplan_truncated.dcm")).Length);
        Assert.StartsWith("/(", truncated.AttributePath, StringComparison.Ordinal);
    }

    private static string? RoundTrip(string path)
    {
        var original = File.ReadAllBytes(path);
        DicomFile file;
        try
        {
            file = DicomFile.Open(path);
        }
        catch (DicomParseException ex)
        {
            return "does not parse: " + ex.Message;
        }

        byte[] written;
        try
        {
            written = DicomFiles.Write(file);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or OverflowException or IOException)
        {
            return "cannot be written: " + ex.Message;
        }

        if (written.AsSpan().SequenceEqual(original))
        {
            return null;
        }

        var at = written.AsSpan().CommonPrefixLength(original);
        return $"written back differently ({written.Length} bytes instead of {original.Length}, first difference at byte {at})";
    }
}
