using System.IO.Compression;
using Dokuei.Dicom.Tests.TestSupport;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>Faults seen in files from the field: read with a warning, and still written back byte for byte.</summary>
public class FaultToleranceTests
{
    private static readonly DicomBytes E = DicomBytes.ExplicitLittle;
    private static readonly DicomBytes I = DicomBytes.ImplicitLittle;

    private static byte[] Patient => DicomBytes.Concat(
        E.Element(0x00100010, "PN", "Roe^Jane"),
        E.Element(0x00100020, "LO", "SYNTH-3 "));

    [Fact]
    public void Odd_value_length_is_read_with_a_warning()
    {
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(E.Element(0x00100010, "PN", "Roe"), E.Element(0x00100020, "LO", "ID")));

        var file = ReadAndWriteBack(bytes, "odd value length 3");

        Assert.Equal("Roe", file.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal("ID", file.Dataset.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Implicit_VR_element_inside_explicit_VR_data_is_read_with_a_warning()
    {
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(
            E.Element(0x00080060, "CS", "OT"),
            E.ImplicitElement(0x00100010, DicomBytes.Ascii("Roe^Jane")),
            E.Element(0x00100020, "LO", "SYNTH-3 ")));

        var file = ReadAndWriteBack(bytes, "implicit VR inside explicit VR");

        Assert.Equal(DicomVR.PN, file.Dataset[DicomTag.PatientName]!.VR);
        Assert.Equal("Roe^Jane", file.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal("SYNTH-3", file.Dataset.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Undefined_length_UN_holding_an_implicit_VR_sequence_is_read_as_a_sequence()
    {
        var items = I.Item(false, I.Element(0x00080100, "SH", "C1"), I.Element(0x00080104, "LO", "Code 1"));
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(
            E.Element(0x00080060, "CS", "OT"),
            E.Sequence(0x0040A043, "UN", false, items),
            Patient));

        var file = ReadAndWriteBack(bytes, null);

        var sequence = file.Dataset.GetSequence(DicomTag.ConceptNameCodeSequence)!;
        Assert.Equal("C1", sequence.Items[0].GetString(DicomTag.CodeValue));
        Assert.Equal("Code 1", sequence.Items[0].GetString(DicomTag.CodeMeaning));
    }

    [Fact]
    public void UN_of_a_known_tag_is_converted_to_the_dictionary_VR()
    {
        var items = I.Item(true, I.Element(0x00080100, "SH", "C2"));
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(
            E.Element(0x00080060, "UN", "OT"),
            E.Element(0x00280010, "UN", [4, 0]),
            E.Element(0x0040A043, "UN", items),
            Patient));

        var file = ReadAndWriteBack(bytes, null);

        Assert.Equal(DicomVR.CS, file.Dataset[DicomTag.Modality]!.VR);
        Assert.Equal("OT", file.Dataset.GetString(DicomTag.Modality));
        Assert.True(file.Dataset.TryGetUInt16(DicomTag.Rows, out var rows) && rows == 4);
        Assert.Equal("C2", file.Dataset.GetSequence(DicomTag.ConceptNameCodeSequence)!.Items[0].GetString(DicomTag.CodeValue));
    }

    [Fact]
    public void File_with_DICM_but_no_preamble_is_read_with_a_warning()
    {
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, Patient)[128..];

        var file = ReadAndWriteBack(bytes, "no 128-byte preamble");

        Assert.Equal(DicomFilePrefix.MagicAndMeta, file.Prefix);
        Assert.Equal("Roe^Jane", file.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Meta_without_preamble_or_DICM_is_read_with_a_warning()
    {
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, Patient)[132..];

        var file = ReadAndWriteBack(bytes, "no preamble and no \"DICM\"");

        Assert.Equal(DicomFilePrefix.MetaOnly, file.Prefix);
        Assert.Equal("Roe^Jane", file.Dataset.GetString(DicomTag.PatientName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bare_dataset_without_meta_is_detected(bool explicitVR)
    {
        var encoder = explicitVR ? E : I;
        var bytes = DicomBytes.Concat(encoder.Element(0x00080060, "CS", "OT"), encoder.Element(0x00100010, "PN", "Roe^Jane"));

        var file = ReadAndWriteBack(bytes, null);

        Assert.Equal(DicomFilePrefix.None, file.Prefix);
        Assert.Equal(explicitVR, file.TransferSyntax.IsExplicitVR);
        Assert.Equal("Roe^Jane", file.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Missing_transfer_syntax_uid_is_detected_from_the_data()
    {
        var bytes = DicomBytes.Concat(new byte[128], DicomBytes.Ascii("DICM"), DicomBytes.Meta(null), I.Element(0x00080060, "CS", "OT"), I.Element(0x00100010, "PN", "Roe^Jane"));

        var file = ReadAndWriteBack(bytes, "no Transfer Syntax UID");

        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("Roe^Jane", file.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Zlib_wrapped_deflate_is_read_with_a_warning()
    {
        using var zlib = new MemoryStream();
        using (var z = new ZLibStream(zlib, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(Patient);
        }

        var bytes = DicomBytes.Concat(new byte[128], DicomBytes.Ascii("DICM"), DicomBytes.Meta(TransferSyntax.DeflatedExplicitVRLittleEndian.Uid), zlib.ToArray());
        using var temp = DicomFiles.WriteTemp(bytes);

        var file = DicomFile.Open(temp.Path);

        Assert.Contains(file.Warnings, w => w.Message.Contains("zlib", StringComparison.Ordinal));
        Assert.Equal("Roe^Jane", file.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal(bytes, DicomFiles.Write(file));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Trailing_bytes_after_the_last_element_are_kept(int count)
    {
        var bytes = DicomBytes.Concat(DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, Patient), Enumerable.Repeat((byte)0xAB, count).ToArray());

        var file = ReadAndWriteBack(bytes, $"{count} bytes after the last element");

        Assert.Equal("SYNTH-3", file.Dataset.GetString(DicomTag.PatientID));
    }

    /// <summary>Reads the bytes, checks the warning (if one is expected), and checks they are written back unchanged.</summary>
    private static DicomFile ReadAndWriteBack(byte[] bytes, string? warning)
    {
        var file = DicomFiles.Read(bytes);
        if (warning != null)
        {
            Assert.True(file.Warnings.Any(w => w.Message.Contains(warning, StringComparison.Ordinal)), $"no warning containing \"{warning}\" in: {string.Join("; ", file.Warnings)}");
        }

        Assert.Equal(bytes, DicomFiles.Write(file));
        return file;
    }
}
