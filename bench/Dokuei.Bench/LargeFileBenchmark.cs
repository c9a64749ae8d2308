using System.Diagnostics;
using System.Globalization;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Bench;

/// <summary>
/// A multi-frame native file larger than 2 GiB, written streaming (the pixel data is generated chunk by chunk) and read back
/// with the pixel data streamed: left in the file and copied out, or pushed through an <see cref="IDicomValueSink"/> from a
/// non-seekable stream. Each read runs in a fresh process so that its peak working set is its own.
/// </summary>
internal static class LargeFileBenchmark
{
    private const long MemoryLimit = 64L * 1024 * 1024;

    public static int Write(Arguments options)
    {
        var path = options.Require("path");
        var frames = options.GetInt32("frames", 4200);
        var stopwatch = Stopwatch.StartNew();
        var study = new SyntheticStudies.StudyIds(0);
        var dataset = SyntheticStudies.CreateCtImage(study, 0, 512, 512, frames, SyntheticStudies.PixelPattern(512, 512, frames, 0));
        DicomFileWriter.Write(new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian), path);
        var length = new FileInfo(path).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"large-write: {path}: {frames} frames of 512x512x16, {length / 1e9:F2} GB in {stopwatch.Elapsed.TotalSeconds:F1} s (with fsync); peak working set {Environment.WorkingSet / 1e6:F0} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB peak"));
        return 0;
    }

    public static async Task<int> ReadAsync(Arguments options)
    {
        var path = options.Require("path");
        var mode = options.Require("mode");
        var expected = (long)options.GetInt32("frames", 4200) * 512 * 512 * 2;
        var stopwatch = Stopwatch.StartNew();
        long pixelBytes;
        string what;
        switch (mode)
        {
            case "baseline":
                what = "runtime baseline (nothing read)";
                pixelBytes = expected;
                break;
            case "file":
                {
                    what = "DicomFile.Open(path), PixelData.Buffer.CopyToAsync(sink)";
                    var file = await DicomFile.OpenAsync(path).ConfigureAwait(false);
                    var pixels = (DicomValueElement)(file.Dataset[DicomTag.PixelData] ?? throw new InvalidDataException("no pixel data"));
                    var counter = new CountingStream();
                    await pixels.Buffer.CopyToAsync(counter).ConfigureAwait(false);
                    pixelBytes = counter.Count;
                    break;
                }

            case "sink":
                {
                    what = "DicomFileReader.ReadAsync(non-seekable stream, sink)";
                    var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
                    await using (stream.ConfigureAwait(false))
                    {
                        var sink = new CountingSink();
                        var file = await DicomFileReader.ReadAsync(new NonSeekableStream(stream), sink: sink).ConfigureAwait(false);
                        pixelBytes = sink.Count;
                        if (file.Dataset[DicomTag.PixelData] is not DicomValueElement { Length: var sunk } || sunk != pixelBytes)
                        {
                            throw new InvalidDataException("the pixel data element does not carry the sunk length");
                        }
                    }

                    break;
                }

            default:
                throw new ArgumentException($"unknown mode {mode}");
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var ok = peak < MemoryLimit && pixelBytes == expected;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"large-read {mode}: {what}: {(mode == "baseline" ? "" : $"{pixelBytes / 1e9:F2} GB of pixel data in {seconds:F2} s ({pixelBytes / 1e6 / seconds:F0} MB/s); ")}peak working set {peak / 1048576.0:F1} MiB, GC heap now {GC.GetTotalMemory(false) / 1048576.0:F1} MiB -> {(ok ? "PASS" : "FAIL")} (< 64 MiB{(pixelBytes == expected ? "" : ", WRONG BYTE COUNT")})"));
        return ok ? 0 : 1;
    }

    /// <summary>Stands in for a socket: forward-only.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A write-only stream that only counts.</summary>
    private sealed class CountingStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Receives large values and keeps nothing but their length (as storage would keep a blob reference).</summary>
    private sealed class CountingSink : IDicomValueSink
    {
        public long Count { get; private set; }

        public Stream? OpenValue(string attributePath, DicomTag tag, DicomVR vr, long length) => new CountingStream();

        public DicomBuffer CloseValue(Stream stream)
        {
            var count = ((CountingStream)stream).Count;
            Count += count;
            return new SunkBuffer(count);
        }
    }

    private sealed class SunkBuffer(long length) : DicomBuffer
    {
        public override long Length => length;

        public override bool IsInMemory => false;

        public override ReadOnlyMemory<byte> Memory => throw new NotSupportedException("the value went to the sink");

        public override int Read(long offset, Span<byte> destination) => throw new NotSupportedException("the value went to the sink");
    }
}
