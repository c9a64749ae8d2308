using System.Text.Json.Nodes;
using Dokuei.Dicom;
using Xunit.Abstractions;

namespace Dokuei.Interop.Tests.Web;

/// <summary>Our DICOM JSON (PS3.18 Annex F) against pydicom's <c>Dataset.to_json_dict</c>, over every DICOM file the peer packages ship.</summary>
public sealed class DicomJsonPydicomTests(ITestOutputHelper output)
{
    /// <summary>Everything inline, so values are compared byte for byte as InlineBinary rather than as URIs.</summary>
    private static readonly DicomWebWriterOptions Inline = new() { BulkDataThreshold = long.MaxValue };

    /// <summary>
    /// Differences where pydicom is wrong or chooses otherwise than PS3.18 and dcmtk, each with the files and attributes it
    /// covers, the reason, and a check that the difference is the one explained (so an entry cannot hide another fault).
    /// </summary>
    private static readonly PydicomDifference[] PydicomDifferences =
    [
        // The files encode these elements explicitly as UN; pydicom replaces UN by the VR its dictionaries give
        // (config.replace_un_with_known_vr, private dictionary included). dcmdump keeps UN, as we do: the VR is the file's.
        new(
            ["charset_files/chrJapMulti.dcm", "charset_files/chrJapMultiExplicitIR6.dcm", "charset_files/chrKoreanMulti.dcm"],
            ["/(0019,1010)", "/(0019,1013)", "/(0019,1015)", "/(0019,1060)", "/(0019,1062)", "/(0019,1065)", "/(0019,1070)", "/(0019,1082)", "/(0019,1093)"],
            "explicit UN that pydicom replaces with its private dictionary's VR",
            ExplicitUnReplaced),
        new(
            ["test_files/J2K_pixelrep_mismatch.dcm"],
            ["/(0009,0010)", "/(0009,0011)", "/(0019,0010)"],
            "explicit UN private creators that pydicom replaces with LO",
            ExplicitUnReplaced),

        // pydicom keeps OW values of explicit VR big endian files in the file's byte order and base64-encodes those bytes;
        // DICOM JSON, like DICOMweb bulk data, holds them little endian (PS3.18 8.7.3.5.1, PS3.19 A.1.6), as we write them.
        new(
            ["test_files/MR_small_bigendian.dcm", "test_files/MR_small_expb.dcm", "test_files/rtdose_expb.dcm", "test_files/rtdose_expb_1frame.dcm"],
            ["/(7FE0,0010)"],
            "pydicom's InlineBinary of big endian OW is not byte-swapped to little endian",
            BigEndianWordsNotSwapped),
    ];

    /// <summary>
    /// Files pydicom (with force=True) reads and we refuse with the offset and attribute path of the fault. dcmdump refuses
    /// them too, which the test checks: a corrupt file read "successfully" would hand wrong values on.
    /// </summary>
    private static readonly (string File, string Reason)[] CorruptFilesWeRefuse =
    [
        ("test_files/MR_truncated.dcm", "Pixel Data ends 62 bytes before its length; pydicom returns the short value"),
        ("test_files/rtplan_truncated.dcm", "the file ends inside a value; pydicom returns the short value"),
        ("test_files/no_meta.dcm", "the data begins one byte into an element; pydicom reads it as one UN element (0820,0500)"),
    ];

    [Fact]
    public void Json_of_every_packaged_dicom_file_equals_pydicoms_to_json_dict()
    {
        var files = PackagedDicomFiles.All;
        Assert.True(files.Count > 100, $"Expected pydicom's test and character set files, found {files.Count} DICOM files.");

        var differences = new List<DicomJsonDifference>();
        var compared = 0;
        foreach (var line in PydicomJson.Read(files))
        {
            var name = Path.GetRelativePath(Path.GetDirectoryName(PeerTools.PydicomDataDirectory)!, line.Path);
            if (line.Error != null)
            {
                output.WriteLine($"not compared, pydicom cannot read it: {name}: {line.Error}");
                continue;
            }

            JsonObject ours;
            try
            {
                ours = JsonNode.Parse(DicomJsonWriter.Serialize(DicomFile.Open(line.Path).Dataset, Inline))!.AsObject();
            }
            catch (Exception e) when (e is DicomParseException or IOException or InvalidOperationException or NotSupportedException)
            {
                if (CorruptFilesWeRefuse.FirstOrDefault(f => name.EndsWith(f.File, StringComparison.Ordinal)).Reason is { } reason)
                {
                    var dcmdump = PeerTools.Run(PeerTools.Require("dcmdump", "dcmtk"), [line.Path]);
                    Assert.True(dcmdump.ExitCode != 0, $"dcmdump reads {name}, which we refuse ({reason}): {e.Message}");
                    output.WriteLine($"not compared, corrupt ({reason}; dcmdump refuses it too): {name}: {e.Message}");
                    continue;
                }

                differences.Add(new DicomJsonDifference(name, "/", $"cannot read it: {e.Message}", "reads it"));
                continue;
            }

            foreach (var suppressed in line.Suppressed)
            {
                output.WriteLine($"pydicom left out {name} {suppressed}");
            }

            DicomJsonComparison.Compare(name, ours, line.Json!, (path, a, b) => Allowed(name, path, a, b, line.Suppressed), differences);
            compared++;
        }

        output.WriteLine($"{compared} of {files.Count} files compared, {differences.Count} differences");
        Assert.True(differences.Count == 0, $"{differences.Count} differences from pydicom:\n" + string.Join("\n", differences));
    }

    /// <summary>
    /// pydicom leaves out an IS or DS it cannot convert ("1A"), where PS3.18 Table F.2.3-1 lets us write the text as a string;
    /// and the explicit allow-list of pydicom's faults.
    /// </summary>
    private static bool Allowed(string file, string path, JsonNode? ours, JsonNode? theirs, IReadOnlyList<string> suppressed)
    {
        var tag = path[^10..].Replace("(", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal);
        if (theirs == null && ours is JsonObject element && (string?)element["vr"] is "IS" or "DS"
            && suppressed.Any(s => s.StartsWith(tag + ":", StringComparison.Ordinal)))
        {
            return true;
        }

        return PydicomDifferences.Any(d => d.Files.Any(f => file.EndsWith(f, StringComparison.Ordinal)) && d.AttributePaths.Contains(path) && d.IsThisOne(ours, theirs));
    }

    private static bool ExplicitUnReplaced(JsonNode? ours, JsonNode? theirs) =>
        (string?)ours?["vr"] == "UN" && theirs?["vr"] is { } vr && (string?)vr != "UN";

    private static bool BigEndianWordsNotSwapped(JsonNode? ours, JsonNode? theirs)
    {
        if ((string?)ours?["vr"] != "OW" || (string?)theirs?["vr"] != "OW" || ours["InlineBinary"] is not { } a || theirs["InlineBinary"] is not { } b)
        {
            return false;
        }

        var little = Convert.FromBase64String((string)a!);
        var big = Convert.FromBase64String((string)b!);
        for (var i = 0; i + 1 < little.Length; i += 2)
        {
            (little[i], little[i + 1]) = (little[i + 1], little[i]);
        }

        return little.AsSpan().SequenceEqual(big);
    }

    /// <summary>An explained difference from pydicom: where it occurs, why, and how to recognise it.</summary>
    private sealed record PydicomDifference(string[] Files, string[] AttributePaths, string Reason, Func<JsonNode?, JsonNode?, bool> IsThisOne);
}
