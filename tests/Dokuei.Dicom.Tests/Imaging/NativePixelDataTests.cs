using Dokuei.Dicom.Imaging;
using static Dokuei.Dicom.Tests.Imaging.PixelDataFiles;

namespace Dokuei.Dicom.Tests.Imaging;

public sealed class NativePixelDataTests : IDisposable
{
    private readonly PixelDataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(8, "OB")]
    [InlineData(16, "OW")]
    public async Task Frames_of_a_multiframe_image_are_read_from_the_file_without_loading_the_element(int bitsAllocated, string vr)
    {
        const int Rows = 5, Columns = 7, Frames = 4;
        var frameLength = Rows * Columns * bitsAllocated / 8;
        var frames = Enumerable.Range(0, Frames).Select(f => Pattern(frameLength, f)).ToArray();
        var dataset = Image(Rows, Columns, Frames, bitsAllocated);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.Parse(vr), Padded([.. frames.SelectMany(f => f)]));

        var file = _files.WriteAndOpen(dataset, TransferSyntax.ExplicitVRLittleEndian);
        var element = Assert.IsType<DicomValueElement>(file.Dataset[DicomTag.PixelData]);
        var pixels = new DicomPixelData(file);

        Assert.False(element.Buffer.IsInMemory);
        Assert.False(pixels.IsEncapsulated);
        Assert.Equal((Rows, Columns, 1, bitsAllocated, Frames, "MONOCHROME2"), (pixels.Rows, pixels.Columns, pixels.SamplesPerPixel, pixels.BitsAllocated, pixels.FrameCount, pixels.PhotometricInterpretation));
        for (var f = 0; f < Frames; f++)
        {
            Assert.Equal(frameLength, pixels.GetFrameLength(f));
            Assert.Equal(frames[f], pixels.GetFrame(f).ToArray());
            Assert.Equal(frames[f], await CopyFrame(pixels, f));
        }

        Assert.False(element.Buffer.IsInMemory);
    }

    [Fact]
    public void Frames_of_implicit_VR_data_are_read_the_same()
    {
        var frames = Enumerable.Range(0, 3).Select(f => Pattern(4 * 4 * 2, f)).ToArray();
        var dataset = Image(4, 4, 3, 16);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, frames.SelectMany(f => f).ToArray());

        var pixels = new DicomPixelData(_files.WriteAndOpen(dataset, TransferSyntax.ImplicitVRLittleEndian));

        Assert.Equal(frames[2], pixels.GetFrame(2).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Rgb_frames_come_out_as_stored_in_either_planar_configuration(int planarConfiguration)
    {
        const int Rows = 3, Columns = 5, Frames = 3;
        var frames = Enumerable.Range(0, Frames).Select(f => Pattern(Rows * Columns * 3, f + 10)).ToArray();
        var dataset = Image(Rows, Columns, Frames, 8, samplesPerPixel: 3, photometric: "RGB", planarConfiguration: planarConfiguration);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, Padded([.. frames.SelectMany(f => f)]));

        var pixels = new DicomPixelData(_files.WriteAndOpen(dataset, TransferSyntax.ExplicitVRLittleEndian));

        Assert.Equal((3, planarConfiguration, "RGB"), (pixels.SamplesPerPixel, pixels.PlanarConfiguration, pixels.PhotometricInterpretation));
        for (var f = 0; f < Frames; f++)
        {
            Assert.Equal(Rows * Columns * 3, pixels.GetFrameLength(f));
            Assert.Equal(frames[f], pixels.GetFrame(f).ToArray());
            Assert.Equal(frames[f], await CopyFrame(pixels, f));
        }
    }

    [Fact]
    public async Task One_bit_frames_that_do_not_start_on_a_byte_boundary_are_realigned()
    {
        // 3 x 5 = 15 bits a frame: frame 1 starts at bit 7 of byte 1, frame 2 at bit 6 of byte 3 (PS3.5 section 8.1.1).
        const int Rows = 3, Columns = 5, Frames = 11;
        var random = new Random(42);
        var bits = Enumerable.Range(0, Rows * Columns * Frames).Select(_ => random.Next(2) == 1).ToArray();
        var dataset = Image(Rows, Columns, Frames, 1);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, Padded(Pack(bits)));

        var file = _files.WriteAndOpen(dataset, TransferSyntax.ExplicitVRLittleEndian);
        var pixels = new DicomPixelData(file);

        Assert.False(Assert.IsType<DicomValueElement>(file.Dataset[DicomTag.PixelData]).Buffer.IsInMemory);
        for (var f = 0; f < Frames; f++)
        {
            var expected = Pack(bits[(f * 15)..((f + 1) * 15)]);
            Assert.Equal(2, pixels.GetFrameLength(f));
            Assert.Equal(expected, pixels.GetFrame(f).ToArray());
            Assert.Equal(expected, await CopyFrame(pixels, f));
        }
    }

    [Fact]
    public void One_bit_frames_in_memory_are_realigned_too()
    {
        // 9 x 9 = 81 bits a frame, so each frame spans 11 bytes and every frame after the first starts mid-byte.
        var random = new Random(7);
        var bits = Enumerable.Range(0, 81 * 4).Select(_ => random.Next(2) == 1).ToArray();
        var dataset = Image(9, 9, 4, 1);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, Padded(Pack(bits)));

        var pixels = new DicomPixelData(dataset, TransferSyntax.ExplicitVRLittleEndian);

        for (var f = 0; f < 4; f++)
        {
            Assert.Equal(Pack(bits[(f * 81)..((f + 1) * 81)]), pixels.GetFrame(f).ToArray());
        }
    }

    [Fact]
    public async Task The_whole_pixel_data_streams_as_stored()
    {
        var bytes = Pattern(6 * 6 * 2 * 3, 3);
        var dataset = Image(6, 6, 3, 16);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, bytes);
        var pixels = new DicomPixelData(_files.WriteAndOpen(dataset, TransferSyntax.ExplicitVRLittleEndian));

        using var sink = new MemoryStream();
        await pixels.CopyToAsync(sink);

        Assert.Equal(bytes, sink.ToArray());
    }

    [Fact]
    public void Float_pixel_data_is_found_and_defaults_to_32_bits()
    {
        var bytes = Pattern(2 * 3 * 4 * 2, 5);
        var dataset = Image(2, 3, 2, 32);
        dataset.Remove(DicomTag.BitsAllocated);
        dataset.SetBytes(DicomTag.FloatPixelData, DicomVR.OF, bytes);

        var pixels = new DicomPixelData(dataset, TransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(DicomTag.FloatPixelData, pixels.Element.Tag);
        Assert.Equal(32, pixels.BitsAllocated);
        Assert.Equal(bytes[24..], pixels.GetFrame(1).ToArray());
    }

    [Fact]
    public void A_frame_is_read_into_a_caller_buffer()
    {
        var dataset = Image(2, 2, 2, 8);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var pixels = new DicomPixelData(dataset, TransferSyntax.ExplicitVRLittleEndian);
        var destination = new byte[10];

        var written = pixels.ReadFrame(1, destination);

        Assert.Equal(4, written);
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, destination[..4]);
        Assert.Throws<ArgumentException>(() => pixels.ReadFrame(1, new byte[3]));
    }

    internal static async Task<byte[]> CopyFrame(DicomPixelData pixels, int frame)
    {
        using var sink = new MemoryStream();
        await pixels.CopyFrameToAsync(frame, sink);
        return sink.ToArray();
    }

    /// <summary>Packs bits as DICOM does: the first pixel in the least significant bit of the first byte.</summary>
    private static byte[] Pack(bool[] bits)
    {
        var bytes = new byte[(bits.Length + 7) / 8];
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                bytes[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return bytes;
    }
}
