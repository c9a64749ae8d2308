using System.Buffers.Binary;
using System.Diagnostics;
using Dokuei.Dicom.Imaging;
using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Tests.Imaging;

/// <summary>
/// Streams the frames of a 300 MB file (sparse on disk, so it costs almost no space or time to make) and checks that
/// memory stays far below the file size: the pixel data is never loaded whole.
/// </summary>
public sealed class LargePixelDataMemoryTests : IDisposable
{
    private const int Rows = 512, Columns = 512, Frames = 600, FrameLength = Rows * Columns * 2;
    private const long PixelDataLength = (long)FrameLength * Frames;

    private readonly PixelDataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Streaming_every_frame_of_a_300_MB_file_allocates_a_few_megabytes()
    {
        var path = _files.NewPath();
        var pixelDataOffset = WriteSparseFile(path);
        foreach (var frame in new[] { 0, 1, 299, Frames - 1 })
        {
            MarkFrame(path, pixelDataOffset, frame);
        }

        var file = DicomFile.Open(path);
        var pixels = new DicomPixelData(file);
        Assert.False(Assert.IsType<DicomValueElement>(file.Dataset[DicomTag.PixelData]).Buffer.IsInMemory);
        Assert.Equal(Frames, pixels.FrameCount);

        // Stream.Null completes synchronously, so the awaits stay on this thread and its allocation count is the whole story.
        // The resident set's growth over the same span catches a mapped file read whole, which allocates nothing (the
        // process's lifetime peak would also count whatever the tests running in parallel did before).
        using var process = Process.GetCurrentProcess();
        var residentBefore = process.WorkingSet64;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var frame = 0; frame < Frames; frame++)
        {
            await pixels.CopyFrameToAsync(frame, Stream.Null);
        }

        await pixels.CopyToAsync(Stream.Null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 8 << 20, $"streaming {PixelDataLength} bytes allocated {allocated} bytes");
        process.Refresh();
        var residentGrowth = process.WorkingSet64 - residentBefore;
        Assert.True(residentGrowth < PixelDataLength / 2, $"the resident set grew by {residentGrowth} bytes for a {PixelDataLength}-byte file");
        foreach (var frame in new[] { 0, 1, 299, Frames - 1 })
        {
            var bytes = pixels.GetFrame(frame).Span;
            Assert.Equal(frame, BinaryPrimitives.ReadInt32LittleEndian(bytes));
            Assert.Equal(~frame, BinaryPrimitives.ReadInt32LittleEndian(bytes[^4..]));
        }
    }

    /// <summary>Writes the header, then the Pixel Data element header, and extends the file over the value without writing it; returns the value's offset.</summary>
    private static long WriteSparseFile(string path)
    {
        var dataset = PixelDataFiles.Image(Rows, Columns, Frames, 16);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        DicomFileWriter.Write(new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian), stream);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 0x0010);
        "OW"u8.CopyTo(header[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)PixelDataLength);
        stream.Write(header);
        var offset = stream.Position;
        stream.SetLength(offset + PixelDataLength);
        return offset;
    }

    /// <summary>Writes the frame number at the start of the frame and its complement at the end.</summary>
    private static void MarkFrame(string path, long pixelDataOffset, int frame)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(value, frame);
        RandomAccess.Write(handle, value, pixelDataOffset + (long)frame * FrameLength);
        BinaryPrimitives.WriteInt32LittleEndian(value, ~frame);
        RandomAccess.Write(handle, value, pixelDataOffset + (long)(frame + 1) * FrameLength - 4);
    }
}
