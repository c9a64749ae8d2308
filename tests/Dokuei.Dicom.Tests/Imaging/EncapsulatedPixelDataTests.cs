using System.Buffers.Binary;
using Dokuei.Dicom.Imaging;
using static Dokuei.Dicom.Tests.Imaging.NativePixelDataTests;
using static Dokuei.Dicom.Tests.Imaging.PixelDataFiles;

namespace Dokuei.Dicom.Tests.Imaging;

public sealed class EncapsulatedPixelDataTests : IDisposable
{
    private readonly PixelDataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Frames_are_found_through_the_basic_offset_table_even_when_one_spans_fragments()
    {
        // Frame 1 is split in two fragments; the second does not begin with a marker.
        var frame0 = Codestream(0xD8, 40, 0);
        var frame1 = Codestream(0xD8, 60, 1);
        var frame2 = Codestream(0xD8, 30, 2);
        byte[][] fragments = [frame0, frame1[..20], frame1[20..], frame2];
        var dataset = Encapsulated(3, Table32(ItemOffsets(fragments, 0, 1, 3)), fragments);

        var file = _files.WriteAndOpenWithFragmentsInFile(dataset, TransferSyntax.JpegBaseline8Bit);
        var pixels = new DicomPixelData(file);

        Assert.True(pixels.IsEncapsulated);
        Assert.All(Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTag.PixelData]).Fragments, f => Assert.False(f.IsInMemory));
        Assert.Equal(60, pixels.GetFrameLength(1));
        Assert.Equal(frame0, pixels.GetFrame(0).ToArray());
        Assert.Equal(frame1, pixels.GetFrame(1).ToArray());
        Assert.Equal(frame2, await CopyFrame(pixels, 2));
        Assert.Equal(frame1, await CopyFrame(pixels, 1));
    }

    [Fact]
    public void Fragments_left_in_the_file_by_the_reader_are_read_as_frames()
    {
        byte[][] fragments = [Codestream(0xD8, 300_000, 0), Codestream(0xD8, 300_000, 1)];
        var path = _files.NewPath();
        Dokuei.Dicom.IO.DicomFileWriter.Write(new DicomFile(Encapsulated(2, [], fragments), TransferSyntax.JpegBaseline8Bit), path);

        var file = DicomFile.Open(path);
        var pixels = new DicomPixelData(file);

        Assert.All(((DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!).Fragments, f => Assert.False(f.IsInMemory));
        Assert.Equal(fragments[1], pixels.GetFrame(1).ToArray());
    }

    [Fact]
    public async Task Frames_are_found_through_the_extended_offset_table_with_lengths_that_leave_out_padding()
    {
        byte[][] frames = [Codestream(0x4F, 33, 0), Codestream(0x4F, 51, 1), Codestream(0x4F, 20, 2)];
        var fragments = frames.Select(Padded).ToArray();
        var dataset = Encapsulated(3, [], fragments);
        dataset.SetBytes(DicomTag.ExtendedOffsetTable, DicomVR.OV, Table64(ItemOffsets(fragments, 0, 1, 2)));
        dataset.SetBytes(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, Table64(frames.Select(f => (long)f.Length)));

        var pixels = new DicomPixelData(_files.WriteAndOpenWithFragmentsInFile(dataset, TransferSyntax.Jpeg2000Lossless));

        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(frames[f].Length, pixels.GetFrameLength(f));
            Assert.Equal(frames[f], pixels.GetFrame(f).ToArray());
            Assert.Equal(frames[f], await CopyFrame(pixels, f));
        }
    }

    [Fact]
    public void Without_an_offset_table_each_fragment_is_a_frame_when_there_are_as_many()
    {
        // RLE data carries no marker; the count alone tells the frames apart.
        byte[][] fragments = [Pattern(64, 0), Pattern(80, 1), Pattern(72, 2)];

        var pixels = new DicomPixelData(_files.WriteAndOpenWithFragmentsInFile(Encapsulated(3, [], fragments), TransferSyntax.RleLossless));

        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(fragments[f], pixels.GetFrame(f).ToArray());
        }
    }

    [Theory]
    [InlineData(0xD8, "1.2.840.10008.1.2.4.50")]
    [InlineData(0xD8, "1.2.840.10008.1.2.4.80")]
    [InlineData(0x4F, "1.2.840.10008.1.2.4.201")]
    public void Without_an_offset_table_frames_spanning_fragments_are_found_by_their_start_markers(byte marker, string transferSyntaxUid)
    {
        var frames = Enumerable.Range(0, 3).Select(f => Codestream(marker, 50 + 10 * f, f)).ToArray();
        byte[][] fragments = [frames[0][..30], frames[0][30..], frames[1], frames[2][..10], frames[2][10..40], frames[2][40..]];

        var pixels = new DicomPixelData(_files.WriteAndOpenWithFragmentsInFile(Encapsulated(3, [], fragments), TransferSyntax.Lookup(transferSyntaxUid)));

        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(frames[f], pixels.GetFrame(f).ToArray());
        }
    }

    [Fact]
    public async Task A_single_frame_is_all_fragments_concatenated()
    {
        var frame = Codestream(0xD8, 90, 4);
        byte[][] fragments = [frame[..30], frame[30..60], frame[60..]];

        var pixels = new DicomPixelData(_files.WriteAndOpenWithFragmentsInFile(Encapsulated(1, [], fragments), TransferSyntax.JpegBaseline8Bit));

        Assert.Equal(1, pixels.FrameCount);
        Assert.Equal(frame, pixels.GetFrame(0).ToArray());
        Assert.Equal(frame, await CopyFrame(pixels, 0));
    }

    [Fact]
    public async Task The_whole_pixel_data_streams_as_the_fragments_one_after_another()
    {
        byte[][] fragments = [Codestream(0xD8, 40, 0), Codestream(0xD8, 42, 1)];
        var pixels = new DicomPixelData(_files.WriteAndOpenWithFragmentsInFile(Encapsulated(2, [], fragments), TransferSyntax.JpegBaseline8Bit));

        using var sink = new MemoryStream();
        await pixels.CopyToAsync(sink);

        Assert.Equal(fragments.SelectMany(f => f).ToArray(), sink.ToArray());
    }

    [Fact]
    public async Task Video_streams_are_copied_whole_but_not_split_into_frames()
    {
        byte[][] fragments = [Pattern(100, 0), Pattern(100, 1)];
        var pixels = new DicomPixelData(Encapsulated(30, [], fragments), TransferSyntax.Mpeg4Avc);

        using var sink = new MemoryStream();
        await pixels.CopyToAsync(sink);

        Assert.True(pixels.IsVideo);
        Assert.Equal(200, sink.Length);
        Assert.Contains("video", Assert.Throws<DicomPixelDataException>(() => pixels.GetFrame(0)).Message, StringComparison.Ordinal);
    }

    internal static long[] ItemOffsets(byte[][] fragments, params int[] firstFragments)
    {
        var starts = new long[fragments.Length];
        for (var i = 1; i < fragments.Length; i++)
        {
            starts[i] = starts[i - 1] + 8 + fragments[i - 1].Length;
        }

        return [.. firstFragments.Select(i => starts[i])];
    }

    internal static byte[] Table32(IEnumerable<long> values)
    {
        var list = values.ToArray();
        var bytes = new byte[list.Length * 4];
        for (var i = 0; i < list.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), (uint)list[i]);
        }

        return bytes;
    }

    internal static byte[] Table64(IEnumerable<long> values)
    {
        var list = values.ToArray();
        var bytes = new byte[list.Length * 8];
        for (var i = 0; i < list.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), (ulong)list[i]);
        }

        return bytes;
    }
}
