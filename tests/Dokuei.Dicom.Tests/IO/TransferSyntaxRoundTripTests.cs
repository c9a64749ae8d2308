using Dokuei.Dicom.IO;
using Dokuei.Dicom.Tests.TestSupport;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>A synthetic dataset with every VR, written in each uncompressed transfer syntax, read back, written again.</summary>
public class TransferSyntaxRoundTripTests
{
    public static TheoryData<string, SyntheticPixels> Cases()
    {
        var data = new TheoryData<string, SyntheticPixels>();
        foreach (var uid in new[] { TransferSyntax.ImplicitVRLittleEndian.Uid, TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ExplicitVRBigEndian.Uid, TransferSyntax.DeflatedExplicitVRLittleEndian.Uid })
        {
            data.Add(uid, SyntheticPixels.Native);
            data.Add(uid, SyntheticPixels.Encapsulated);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_VR_reads_back_equal_and_writes_back_identical(string uid, SyntheticPixels pixels)
    {
        var syntax = TransferSyntax.Lookup(uid);
        var dataset = SyntheticDatasets.AllVRs(pixels);
        var bytes = DicomFiles.Write(SyntheticDatasets.File(dataset, syntax));

        var read = DicomFiles.Read(bytes);

        Assert.Equal(syntax, read.TransferSyntax);
        Assert.Empty(read.Warnings);
        DatasetAssert.Equal(dataset, read.Dataset, compareVR: syntax.IsExplicitVR);
        Assert.Equal(SyntheticDatasets.PersonName, read.Dataset.GetString(DicomTag.PatientName));
        var name = read.Dataset.GetPersonName(DicomTag.PatientName)!;
        Assert.Equal("山田^太郎", name.Ideographic);
        Assert.Equal("やまだ^たろう", name.Phonetic);
        Assert.True(read.Dataset.TryGetInt64(DicomTag.SelectorSVValue, out var sv) && sv == -9000000000);
        Assert.True(read.Dataset.TryGetDouble(DicomTag.SelectorFLValue, out var fl, 1) && fl == 3.25);
        Assert.True(read.Dataset.TryGetDouble(DicomTag.TimeRange, out var fd, 1) && fd == -2.25);
        Assert.Equal("00181063\\00181065", read.Dataset.GetString(DicomTag.FrameIncrementPointer));
        Assert.Equal("18000000000000000000", read.Dataset.GetString(DicomTag.FileOffsetInContainer));
        var inner = read.Dataset.GetSequence(DicomTag.ContentSequence)!.Items[0].GetSequence(DicomTag.ContentSequence)!.Items[1];
        Assert.Equal("B2", inner.GetSequence(DicomTag.ConceptCodeSequence)!.Items[0].GetString(DicomTag.CodeValue));

        Assert.Equal(bytes, DicomFiles.Write(read));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Defined_and_undefined_lengths_are_kept(string uid, SyntheticPixels pixels)
    {
        var syntax = TransferSyntax.Lookup(uid);
        var bytes = DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.AllVRs(pixels), syntax));

        var read = DicomFiles.Read(bytes);

        var outer = read.Dataset.GetSequence(DicomTag.ContentSequence)!;
        Assert.True(outer.Origin!.Value.UndefinedLength);
        Assert.True(outer.Items[0].UndefinedLengthItem);
        Assert.False(outer.Items[1].UndefinedLengthItem);
        var middle = outer.Items[0].GetSequence(DicomTag.ContentSequence)!;
        Assert.False(middle.Origin!.Value.UndefinedLength);
        Assert.False(middle.Items[0].UndefinedLengthItem);
        Assert.True(middle.Items[1].UndefinedLengthItem);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Converting_between_syntaxes_keeps_the_values(string uid, SyntheticPixels pixels)
    {
        var syntax = TransferSyntax.Lookup(uid);
        var dataset = SyntheticDatasets.AllVRs(pixels);
        var explicitFile = DicomFiles.Read(DicomFiles.Write(SyntheticDatasets.File(dataset, TransferSyntax.ExplicitVRLittleEndian)));

        var converted = DicomFiles.Read(DicomFiles.Write(explicitFile, syntax));

        Assert.Equal(syntax, converted.TransferSyntax);
        DatasetAssert.Equal(dataset, converted.Dataset, compareVR: syntax.IsExplicitVR);
    }

    [Fact]
    public void Deflated_file_read_from_disk_is_written_back_from_its_original_bytes()
    {
        var bytes = DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.AllVRs(SyntheticPixels.Native), TransferSyntax.DeflatedExplicitVRLittleEndian));
        using var temp = DicomFiles.WriteTemp(bytes);

        var file = DicomFile.Open(temp.Path, new DicomReaderOptions { LeaveInFileThreshold = 16 });

        Assert.Equal(bytes, DicomFiles.Write(file));
    }
}
