using Dokuei.Dicom.Imaging;
using static Dokuei.Dicom.Tests.Imaging.EncapsulatedPixelDataTests;
using static Dokuei.Dicom.Tests.Imaging.PixelDataFiles;

namespace Dokuei.Dicom.Tests.Imaging;

public class PixelDataErrorTests
{
    private static readonly TransferSyntax Native = TransferSyntax.ExplicitVRLittleEndian;

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void A_frame_index_out_of_range_is_refused(int frame)
    {
        var dataset = Image(2, 2, 3, 8);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, new byte[12]);
        var pixels = new DicomPixelData(dataset, Native);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pixels.GetFrame(frame));

        Assert.Contains("3 frame(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_pixel_data_shorter_than_its_frames_need_is_refused_for_the_missing_frames()
    {
        var dataset = Image(4, 4, 3, 16);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[80]);
        var pixels = new DicomPixelData(dataset, Native);

        Assert.Equal(32, pixels.GetFrame(1).Length);
        var error = Assert.Throws<DicomPixelDataException>(() => pixels.GetFrame(2));
        Assert.Contains("holds 80 bytes, fewer than the 96", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DicomPixelDataException>(() => pixels.CopyFrameToAsync(2, Stream.Null));
        await Assert.ThrowsAsync<DicomPixelDataException>(() => pixels.CopyToAsync(Stream.Null));
    }

    [Fact]
    public void A_dataset_without_pixel_data_is_refused()
    {
        var error = Assert.Throws<DicomPixelDataException>(() => new DicomPixelData(Image(2, 2, 1, 8), Native));

        Assert.Contains("no Pixel Data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_rows_are_named()
    {
        var dataset = Image(2, 2, 1, 8);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, new byte[4]);
        dataset.Remove(DicomTag.Rows);

        var error = Assert.Throws<DicomPixelDataException>(() => new DicomPixelData(dataset, Native));

        Assert.Contains("Rows (0028,0010) is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Packed_12_bit_native_data_is_refused()
    {
        var dataset = Image(2, 2, 1, 12);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[6]);

        var error = Assert.Throws<DicomPixelDataException>(() => new DicomPixelData(dataset, Native));

        Assert.Contains("Bits Allocated (0028,0100) is 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_basic_offset_table_with_the_wrong_number_of_entries_is_inconsistent()
    {
        byte[][] fragments = [Codestream(0xD8, 20, 0), Codestream(0xD8, 20, 1), Codestream(0xD8, 20, 2)];
        var pixels = new DicomPixelData(Encapsulated(3, Table32(ItemOffsets(fragments, 0, 1)), fragments), TransferSyntax.JpegBaseline8Bit);

        var error = Assert.Throws<DicomPixelDataException>(() => pixels.GetFrame(0));

        Assert.Contains("2 entries, for 3 frames", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_basic_offset_table_entry_inside_a_fragment_is_inconsistent()
    {
        byte[][] fragments = [Codestream(0xD8, 20, 0), Codestream(0xD8, 20, 1)];
        var pixels = new DicomPixelData(Encapsulated(2, Table32([0, 20]), fragments), TransferSyntax.JpegBaseline8Bit);

        var error = Assert.Throws<DicomPixelDataException>(() => pixels.GetFrame(1));

        Assert.Contains("Basic Offset Table entry 1 (20) does not point at the start of a fragment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extended_offset_table_without_lengths_is_inconsistent()
    {
        byte[][] fragments = [Codestream(0x4F, 20, 0), Codestream(0x4F, 20, 1)];
        var dataset = Encapsulated(2, [], fragments);
        dataset.SetBytes(DicomTag.ExtendedOffsetTable, DicomVR.OV, Table64(ItemOffsets(fragments, 0, 1)));
        var pixels = new DicomPixelData(dataset, TransferSyntax.Jpeg2000Lossless);

        var error = Assert.Throws<DicomPixelDataException>(() => pixels.GetFrame(0));

        Assert.Contains("without Extended Offset Table Lengths", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extended_offset_table_length_beyond_the_fragment_is_inconsistent()
    {
        byte[][] fragments = [Codestream(0x4F, 20, 0), Codestream(0x4F, 20, 1)];
        var dataset = Encapsulated(2, [], fragments);
        dataset.SetBytes(DicomTag.ExtendedOffsetTable, DicomVR.OV, Table64(ItemOffsets(fragments, 0, 1)));
        dataset.SetBytes(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, Table64([20, 21]));
        var pixels = new DicomPixelData(dataset, TransferSyntax.Jpeg2000Lossless);

        var error = Assert.Throws<DicomPixelDataException>(() => pixels.GetFrame(1));

        Assert.Contains("Lengths entry 1 (21) is longer than the 20 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fragments_that_markers_cannot_split_into_the_frames_are_refused()
    {
        // Four fragments, three frames, but only two fragments begin a codestream.
        byte[][] fragments = [Codestream(0xD8, 20, 0), Pattern(20, 1), Codestream(0xD8, 20, 2), Pattern(20, 3)];
        var pixels = new DicomPixelData(Encapsulated(3, [], fragments), TransferSyntax.JpegBaseline8Bit);

        var error = Assert.Throws<DicomPixelDataException>(() => pixels.GetFrame(0));

        Assert.Contains("2 fragment(s) begin with a start-of-codestream marker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_fragments_than_frames_without_an_offset_table_are_refused()
    {
        var pixels = new DicomPixelData(Encapsulated(3, [], [Codestream(0xD8, 20, 0), Codestream(0xD8, 20, 1)]), TransferSyntax.JpegBaseline8Bit);

        Assert.Throws<DicomPixelDataException>(() => pixels.GetFrameLength(2));
    }
}
