using System.Text.Json;
using Dokuei.Dicom;
using Dokuei.Dicom.Deidentification;
using Dokuei.Dicom.IO;

namespace Dokuei.Server.Tests.Hosting;

/// <summary>The <c>dokuei dicom</c> commands keep the interface operators and tests rely on.</summary>
public sealed class DicomCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dokuei-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Json_prints_one_line_per_file_in_argument_order_and_an_error_line_for_a_bad_file()
    {
        var first = WriteFile("first.dcm", "Yamada^Tarou", "1.2.3.1");
        var bad = Path.Combine(_dir, "bad.dcm");
        await File.WriteAllTextAsync(bad, "this is not DICOM");
        var second = WriteFile("second.dcm", "Suzuki^Hanako", "1.2.3.2");

        var (exit, stdout, _) = await DokueiProcess.RunAsync("dicom", "json", first, bad, second);

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.NotEqual(0, exit);
        using var a = JsonDocument.Parse(lines[0]);
        using var error = JsonDocument.Parse(lines[1]);
        using var b = JsonDocument.Parse(lines[2]);
        Assert.Equal("Yamada^Tarou", a.RootElement.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Contains("bad.dcm", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("1.2.3.2", b.RootElement.GetProperty("00080018").GetProperty("Value")[0].GetString());
        Assert.DoesNotContain(a.RootElement.EnumerateObject(), p => p.Name.StartsWith("0002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_writes_binary_values_over_the_threshold_as_bulk_data()
    {
        var path = WriteFile("bulk.dcm", "Bulk^Test", "1.2.3.3", pixelBytes: 2000);

        var (defaultExit, defaultOut, _) = await DokueiProcess.RunAsync("dicom", "json", path);
        var (raisedExit, raisedOut, _) = await DokueiProcess.RunAsync("dicom", "json", "--bulk-threshold", "4096", path);

        Assert.Equal(0, defaultExit);
        Assert.Equal(0, raisedExit);
        using var bulk = JsonDocument.Parse(defaultOut);
        using var inline = JsonDocument.Parse(raisedOut);
        var pixels = bulk.RootElement.GetProperty("7FE00010");
        Assert.Equal("OW", pixels.GetProperty("vr").GetString());
        Assert.True(pixels.TryGetProperty("BulkDataURI", out _));
        Assert.Equal(2000, Convert.FromBase64String(inline.RootElement.GetProperty("7FE00010").GetProperty("InlineBinary").GetString()!).Length);
    }

    [Fact]
    public async Task Convert_without_a_transfer_syntax_writes_the_file_back_byte_for_byte()
    {
        var path = WriteFile("in.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう", "1.2.3.4", characterSet: "\\ISO 2022 IR 87");
        var output = Path.Combine(_dir, "out.dcm");

        var (exit, _, stderr) = await DokueiProcess.RunAsync("dicom", "convert", path, output);

        Assert.True(exit == 0, stderr);
        Assert.Equal(await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(output));
    }

    [Theory]
    [InlineData("implicit-le", "1.2.840.10008.1.2")]
    [InlineData("explicit-be", "1.2.840.10008.1.2.2")]
    [InlineData("deflated", "1.2.840.10008.1.2.1.99")]
    public async Task Convert_re_encodes_in_the_transfer_syntax_asked_for(string option, string uid)
    {
        var path = WriteFile("in.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう", "1.2.3.5", characterSet: "\\ISO 2022 IR 87", pixelBytes: 512);
        var output = Path.Combine(_dir, "out.dcm");

        var (exit, _, stderr) = await DokueiProcess.RunAsync("dicom", "convert", path, output, "--transfer-syntax", option);

        Assert.True(exit == 0, stderr);
        var converted = DicomFile.Open(output);
        Assert.Equal(uid, converted.FileMetaInformation.GetString(DicomTag.TransferSyntaxUID));
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", converted.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal(((DicomValueElement)DicomFile.Open(path).Dataset[DicomTag.PixelData]!).Span.ToArray(), ((DicomValueElement)converted.Dataset[DicomTag.PixelData]!).Span.ToArray());
    }

    [Fact]
    public async Task Anonymize_a_folder_remaps_uids_consistently_and_keeps_a_map_for_re_identification()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        WriteFile(Path.Combine("in", "a.dcm"), "Yamada^Tarou", "1.2.3.10", study: "1.2.3.100");
        WriteFile(Path.Combine("in", "b.dcm"), "Yamada^Tarou", "1.2.3.11", study: "1.2.3.100");
        var output = Path.Combine(_dir, "out");
        var map = Path.Combine(_dir, "map.json");

        var (exit, _, stderr) = await DokueiProcess.RunAsync("dicom", "anonymize", input, output, "--map", map);

        Assert.True(exit == 0, stderr);
        var files = Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories).Select(f => DicomFile.Open(f)).ToList();
        Assert.Equal(2, files.Count);
        var studies = files.Select(f => f.Dataset.GetString(DicomTag.StudyInstanceUID)).Distinct().ToList();
        Assert.Single(studies);
        Assert.NotEqual("1.2.3.100", studies[0]);
        Assert.All(files, f => Assert.Equal("YES", f.Dataset.GetString(DicomTag.PatientIdentityRemoved)));
        Assert.All(files, f => Assert.NotEqual("Yamada^Tarou", f.Dataset.GetString(DicomTag.PatientName)));
        Assert.True(DicomUidMap.Load(map).TryGetOriginal(studies[0]!, out var original));
        Assert.Equal("1.2.3.100", original);
    }

    [Fact]
    public async Task Validate_accepts_a_good_file_and_names_the_offset_and_attribute_of_a_broken_one()
    {
        var good = WriteFile("good.dcm", "Good^File", "1.2.3.20", pixelBytes: 64);
        var bytes = await File.ReadAllBytesAsync(good);
        var truncated = Path.Combine(_dir, "truncated.dcm");
        await File.WriteAllBytesAsync(truncated, bytes[..^20]);

        var (goodExit, goodOut, _) = await DokueiProcess.RunAsync("dicom", "validate", good);
        var (badExit, badOut, _) = await DokueiProcess.RunAsync("dicom", "validate", truncated);

        Assert.True(goodExit == 0, goodOut);
        Assert.Contains("valid", goodOut, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains("INVALID", badOut, StringComparison.Ordinal);
        Assert.Contains("(7FE0,0010)", badOut, StringComparison.Ordinal);
        Assert.Contains("at byte", badOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_lists_one_element_a_line_with_keywords_and_indents_sequence_items()
    {
        var path = WriteFile("dump.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう", "1.2.3.30", characterSet: "\\ISO 2022 IR 87", withSequence: true);

        var (exit, stdout, _) = await DokueiProcess.RunAsync("dicom", "dump", path);

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("(0010,0010) PN [Yamada^Tarou=山田^太郎=やまだ^たろう]", StringComparison.Ordinal) && l.EndsWith("PatientName", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(0008,1140) SQ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    (0008,1155) UI [1.2.3.99]", StringComparison.Ordinal));
    }

    private string WriteFile(string name, string patientName, string sopInstanceUid, string? characterSet = null, string study = "1.2.3", int pixelBytes = 0, bool withSequence = false)
    {
        var dataset = new DicomDataset();
        if (characterSet != null)
        {
            dataset.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, characterSet);
        }

        dataset.SetString(DicomTag.SOPClassUID, DicomVR.UI, DicomUids.SecondaryCaptureImageStorage);
        dataset.SetString(DicomTag.SOPInstanceUID, DicomVR.UI, sopInstanceUid);
        dataset.SetString(DicomTag.Modality, DicomVR.CS, "OT");
        dataset.SetString(DicomTag.PatientName, DicomVR.PN, patientName);
        dataset.SetString(DicomTag.PatientID, DicomVR.LO, "PID-001");
        dataset.SetString(DicomTag.StudyInstanceUID, DicomVR.UI, study);
        dataset.SetString(DicomTag.SeriesInstanceUID, DicomVR.UI, study + ".1");
        if (withSequence)
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.ReferencedSOPClassUID, DicomVR.UI, DicomUids.SecondaryCaptureImageStorage);
            item.SetString(DicomTag.ReferencedSOPInstanceUID, DicomVR.UI, "1.2.3.99");
            dataset.SetSequence(DicomTag.ReferencedImageSequence, item);
        }

        if (pixelBytes > 0)
        {
            dataset.SetUInt16(DicomTag.Rows, 1);
            dataset.SetUInt16(DicomTag.Columns, (ushort)(pixelBytes / 2));
            dataset.SetUInt16(DicomTag.BitsAllocated, 16);
            dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, Enumerable.Range(0, pixelBytes).Select(i => (byte)i).ToArray());
        }

        var path = Path.Combine(_dir, name);
        DicomFileWriter.Write(new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian), path);
        return path;
    }
}
