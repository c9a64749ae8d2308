using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dokuei.Dicom;
using Xunit.Abstractions;

namespace Dokuei.Interop.Tests.IO;

/// <summary>Files written by <see cref="Dokuei.Dicom.IO.DicomFileWriter"/> in each native transfer syntax, read by dcmdump and pydicom.</summary>
public sealed class DicomFileWriterPeerTests(RewrittenFiles rewritten, ITestOutputHelper output) : IClassFixture<RewrittenFiles>
{
    [Fact]
    public void Dcmdump_reads_every_file_we_write_without_errors_or_new_warnings()
    {
        var dcmdump = PeerTools.Require("dcmdump", "dcmtk");
        var originals = rewritten.Files.Select(f => f.Original).Distinct().ToList();
        var results = new ConcurrentDictionary<string, ProcessResult>();
        Parallel.ForEach(originals.Concat(rewritten.Files.Select(f => f.Output)), new ParallelOptions { MaxDegreeOfParallelism = 2 },
            path => results[path] = PeerTools.Run(dcmdump, [path]));

        var failures = new List<string>();
        foreach (var file in rewritten.Files)
        {
            var result = results[file.Output];
            // Warnings dcmdump also gives for the original are the original's faults, which a faithful writer keeps.
            var originalWarnings = Messages(results[file.Original].StandardError);
            var newMessages = Messages(result.StandardError).Where(m => m.StartsWith("E:", StringComparison.Ordinal) || !originalWarnings.Contains(m)).ToList();
            if (result.ExitCode != 0 || newMessages.Count > 0)
            {
                failures.Add($"{file}: dcmdump exit {result.ExitCode}\n    {string.Join("\n    ", newMessages)}");
            }
        }

        output.WriteLine($"dcmdump read {rewritten.Files.Count} files we wrote");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Pydicom_reads_every_file_we_write_with_the_values_of_the_original()
    {
        var differences = new List<DicomJsonDifference>();
        foreach (var file in rewritten.Files)
        {
            var original = rewritten.Pydicom[file.Original];
            var ours = rewritten.Pydicom[file.Output];
            Assert.True(original.Json != null, $"pydicom cannot read the original {file.Name}: {original.Error}");
            if (ours.Json == null)
            {
                differences.Add(new DicomJsonDifference(file.ToString(), "/", $"pydicom cannot read it: {ours.Error}", "reads the original"));
                continue;
            }

            var source = DicomFile.Open(file.Original);
            DicomJsonComparison.Compare(file.ToString(), ours.Json, original.Json, (path, a, b) => Explained(file, source, path, a, b), differences);
        }

        output.WriteLine($"pydicom read {rewritten.Files.Count} files we wrote, {differences.Count} differences");
        Assert.True(differences.Count == 0, $"{differences.Count} values differ (\"ours\" is pydicom's reading of our file):\n" + string.Join("\n", differences));
    }

    [Fact]
    public void Japanese_name_we_write_under_ISO_2022_IR_87_reads_in_pydicom_with_all_three_groups()
    {
        foreach (var file in rewritten.Files.Where(f => f.Name == RewrittenFiles.SyntheticCtName))
        {
            var json = rewritten.Pydicom[file.Output].Json;
            Assert.True(json != null, $"{file}: {rewritten.Pydicom[file.Output].Error}");
            var name = json["00100010"]!["Value"]![0]!;
            Assert.Equal("Yamada^Tarou", (string?)name["Alphabetic"]);
            Assert.Equal("山田^太郎", (string?)name["Ideographic"]);
            Assert.Equal("やまだ^たろう", (string?)name["Phonetic"]);
            Assert.Equal("胸部 CT", (string?)json["00081030"]!["Value"]![0]);
        }
    }

    /// <summary>
    /// The differences that come from the encodings, not from our writer:
    /// <list type="bullet">
    /// <item>pydicom keeps OW/OF/OL/OD/OV values in the file's byte order (allow-listed in the JSON comparison too);</item>
    /// <item>implicit VR carries no VR: Pixel Data is OW there (PS3.5 A.1), and private elements pydicom's dictionary does
    /// not know become UN (their bytes unchanged, as dcmdump shows);</item>
    /// <item>a value the source holds as explicit UN is opaque bytes, written unchanged into big endian (dcmtk does the same);
    /// pydicom gives it its private dictionary's VR (US) and so reads those little endian bytes as big endian numbers.</item>
    /// </list>
    /// </summary>
    private static bool Explained(RewrittenFile file, DicomFile source, string path, JsonNode? ours, JsonNode? theirs)
    {
        if (source.TransferSyntax.IsBigEndian != file.TransferSyntax.IsBigEndian && WordsSwappedByPydicom(ours, theirs))
        {
            return true;
        }

        var tag = path.Length == 12 ? new DicomTag(Convert.ToUInt32(path[2..6] + path[7..11], 16)) : (DicomTag?)null;
        if (!file.TransferSyntax.IsExplicitVR)
        {
            if (path == "/(7FE0,0010)" && (string?)ours?["vr"] == "OW" && (string?)theirs?["vr"] == "OB")
            {
                return JsonNode.DeepEquals(ours["InlineBinary"], theirs["InlineBinary"]);
            }

            return tag is { IsPrivate: true } && (string?)ours?["vr"] == "UN";
        }

        return file.TransferSyntax.IsBigEndian && tag is { } t && source.Dataset[t]?.VR == DicomVR.UN
            && (string?)ours?["vr"] == (string?)theirs?["vr"] && (string?)ours?["vr"] is "US" or "SS" or "UL" or "SL";
    }

    /// <summary>
    /// pydicom keeps OB/OW/OF/OL/OD/OV values in the byte order of the file (the fault allow-listed in the JSON comparison):
    /// between a big endian and a little endian file the same values are its bytes swapped per the VR's word size.
    /// </summary>
    private static bool WordsSwappedByPydicom(JsonNode? a, JsonNode? b)
    {
        var vr = (string?)a?["vr"];
        var size = vr switch { "OW" => 2, "OF" or "OL" => 4, "OD" or "OV" => 8, _ => 0 };
        if (size == 0 || (string?)b?["vr"] != vr || a!["InlineBinary"] is not { } x || b!["InlineBinary"] is not { } y)
        {
            return false;
        }

        var bytes = Convert.FromBase64String((string)x!);
        for (var i = 0; i + size <= bytes.Length; i += size)
        {
            bytes.AsSpan(i, size).Reverse();
        }

        return bytes.AsSpan().SequenceEqual(Convert.FromBase64String((string)y!));
    }

    private static HashSet<string> Messages(string stderr) =>
        [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
