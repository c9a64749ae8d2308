using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Dokuei.Dicom.IO;

/// <summary>
/// Reads DICOM files and streams (PS3.10): preamble and file meta information if present, then the dataset in its transfer syntax
/// (implicit/explicit VR, little/big endian, deflated). Datasets without meta information are detected by their first bytes.
/// One async pump feeds <see cref="DicomReader"/>; large values stay in the file and are read on demand.
/// </summary>
public static class DicomFileReader
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Reads a file.</summary>
    public static DicomFile Read(string path, DicomReaderOptions? options = null) =>
        ReadAsync(path, options).GetAwaiter().GetResult();

    /// <summary>Reads a file asynchronously.</summary>
    public static async Task<DicomFile> ReadAsync(string path, DicomReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.None);
        await using (stream.ConfigureAwait(false))
        {
            var file = await ReadAsync(stream, options, sink: null, Path.GetFullPath(path), cancellationToken).ConfigureAwait(false);
            return file;
        }
    }

    /// <summary>
    /// Reads from a stream. If <paramref name="sourcePath"/> names the file the (seekable) stream reads, large values are left there;
    /// otherwise they go to <paramref name="sink"/> if given, or into memory within <see cref="DicomReaderOptions.MaxTotalAllocation"/>.
    /// </summary>
    public static async Task<DicomFile> ReadAsync(Stream stream, DicomReaderOptions? options = null, IDicomValueSink? sink = null, string? sourcePath = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomReaderOptions.Default;
        var input = new Input(stream, sourcePath != null && stream.CanSeek);
        try
        {
            return await ReadCoreAsync(input, options, sink, sourcePath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            input.Dispose();
        }
    }

    private static async Task<DicomFile> ReadCoreAsync(Input input, DicomReaderOptions options, IDicomValueSink? sink, string? sourcePath, CancellationToken cancellationToken)
    {
        await input.FillAsync(132, cancellationToken).ConfigureAwait(false);
        var head = input.Available;
        var warnings = new List<DicomParseWarning>();
        byte[]? preamble = null;
        DicomFilePrefix prefix;
        if (head.Length >= 132 && head.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            preamble = head[..128].ToArray();
            input.Consume(132);
            prefix = DicomFilePrefix.PreambleAndMeta;
        }
        else if (head.Length >= 4 && head[..4].SequenceEqual("DICM"u8))
        {
            input.Consume(4);
            prefix = DicomFilePrefix.MagicAndMeta;
            warnings.Add(new DicomParseWarning(0, "", "no 128-byte preamble before \"DICM\""));
        }
        else if (head.Length >= 6 && head[0] == 0x02 && head[1] == 0x00 && IsVR(head[4], head[5]))
        {
            prefix = DicomFilePrefix.MetaOnly;
            warnings.Add(new DicomParseWarning(0, "", "no preamble and no \"DICM\" before the file meta information"));
        }
        else
        {
            prefix = DicomFilePrefix.None;
            if (!LooksLikeDataset(head))
            {
                throw new DicomParseException("not DICOM data: no \"DICM\" prefix, and the data does not begin with a DICOM element", 0, "");
            }
        }

        if (input.Available.Length == 0)
        {
            throw new DicomParseException("the data is empty", input.Position, "");
        }

        var meta = new DicomDataset();
        TransferSyntax? transferSyntax = null;
        if (prefix != DicomFilePrefix.None)
        {
            var metaOptions = options with { StopAtTag = null, StopAfterFileMetaInformation = true, MaxBufferedValueLength = Math.Max(options.MaxBufferedValueLength, 64 * 1024) };
            var metaState = new DicomReaderState(explicitVR: true, bigEndian: false, input.Position, metaOptions) { Warnings = warnings };
            var metaBuilder = new DicomDatasetBuilder(meta, metaOptions, null, false, warnings, null);
            await PumpAsync(input, metaState, metaBuilder, cancellationToken).ConfigureAwait(false);
            metaBuilder.Complete();
            if (!metaBuilder.TrailingBytes.IsEmpty)
            {
                // The file ends a few bytes into the meta information: nothing to keep them with, and no dataset.
                throw new DicomParseException("the data ends inside an element header of the file meta information", input.Position - metaBuilder.TrailingBytes.Length, "");
            }
            var uid = meta.GetString(DicomTag.TransferSyntaxUidTag);
            if (!string.IsNullOrEmpty(uid))
            {
                transferSyntax = TransferSyntax.Lookup(uid);
                if (transferSyntax.IsUnknown)
                {
                    warnings.Add(new DicomParseWarning(-1, "/(0002,0010)", $"unknown transfer syntax {uid}; read as explicit VR little endian"));
                }
            }
            else
            {
                warnings.Add(new DicomParseWarning(-1, "/(0002,0010)", "no Transfer Syntax UID in the file meta information; encoding detected from the data"));
            }
        }

        await input.FillAsync(16, cancellationToken).ConfigureAwait(false);
        var detected = Detect(input.Available);
        if (transferSyntax == null)
        {
            transferSyntax = detected ?? TransferSyntax.ImplicitVRLittleEndian;
        }
        else if (detected != null && !transferSyntax.IsDeflated && detected.IsExplicitVR != transferSyntax.IsExplicitVR && input.Available.Length >= 16)
        {
            // A declared syntax the data contradicts (seen from some archives): trust the bytes, say so.
            warnings.Add(new DicomParseWarning(input.Position, "", $"the data is {(detected.IsExplicitVR ? "explicit" : "implicit")} VR although the file declares {transferSyntax.Name}; read as it is"));
            transferSyntax = detected.IsExplicitVR ? (transferSyntax.IsBigEndian ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian) : TransferSyntax.ImplicitVRLittleEndian;
        }

        var dataset = new DicomDataset();
        var file = new DicomFile(meta, dataset, transferSyntax)
        {
            Preamble = preamble,
            Prefix = prefix,
            SourcePath = sourcePath,
            SourceTransferSyntax = transferSyntax,
        };

        var datasetStart = input.Position;
        var datasetInput = input;
        var leaveInFile = sourcePath;
        if (transferSyntax.IsDeflated)
        {
            datasetInput = input.Inflate(out var zlibWrapped);
            leaveInFile = null;
            if (zlibWrapped)
            {
                warnings.Add(new DicomParseWarning(datasetStart, "", "deflated data has a zlib header (RFC 1950) instead of raw deflate (RFC 1951)"));
            }

            if (sourcePath != null)
            {
                file.OriginalDeflatedBytes = new FileDicomBuffer(sourcePath, datasetStart, new FileInfo(sourcePath).Length - datasetStart, 1);
            }
        }

        // Values to be left in the file must reach the builder as chunks (which it skips), not buffered whole.
        var readerOptions = leaveInFile != null && options.LeaveInFileThreshold <= options.MaxBufferedValueLength
            ? options with { MaxBufferedValueLength = (int)Math.Max(0, options.LeaveInFileThreshold - 1) }
            : options;
        var state = new DicomReaderState(transferSyntax.IsExplicitVR, transferSyntax.IsBigEndian, datasetInput.Position, readerOptions) { Warnings = warnings };
        var builder = new DicomDatasetBuilder(dataset, options, leaveInFile, transferSyntax.IsBigEndian, warnings, sink);
        var stopped = await PumpAsync(datasetInput, state, builder, cancellationToken).ConfigureAwait(false);
        builder.Complete();
        meta.MarkUnmodified();
        file.TrailingBytes = builder.TrailingBytes;
        file.IsPartial = stopped;
        file.Warnings = warnings;
        if (datasetInput != input)
        {
            datasetInput.Dispose();
        }

        return file;
    }

    /// <summary>Feeds the reader until the data ends or it stops at the stop tag; returns true if it stopped.</summary>
    private static async Task<bool> PumpAsync(Input input, DicomReaderState state, DicomDatasetBuilder builder, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (result, consumed) = RunReader(input, ref state, builder);
            input.Consume(consumed);
            if (result == PumpResult.Stopped)
            {
                return true;
            }

            if (result == PumpResult.Ended)
            {
                return false;
            }

            if (state.IsSkipping && input.CanSeek && input.Available.Length == 0 && state.RemainingValueBytes > 0)
            {
                // Skip a value left in the file by seeking, not reading.
                var skip = state.RemainingValueBytes;
                if (input.Position + skip > input.StreamLength)
                {
                    throw new DicomParseException($"value length runs {input.Position + skip - input.StreamLength} bytes past the end of the file", input.Position, state.PathTo(null));
                }

                input.SkipUnbuffered(skip);
                state.AdvanceSkipped(skip);
                continue;
            }

            await input.ReadMoreAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static (PumpResult Result, long Consumed) RunReader(Input input, ref DicomReaderState state, DicomDatasetBuilder builder)
    {
        var reader = new DicomReader(new ReadOnlySequence<byte>(input.AvailableMemory), input.IsEnd, state);
        var result = PumpResult.NeedMore;
        while (reader.Read())
        {
            if (reader.TokenType == DicomTokenType.Stopped)
            {
                result = PumpResult.Stopped;
                break;
            }

            builder.Handle(ref reader);
        }

        if (result == PumpResult.NeedMore && input.IsEnd && !reader.CurrentState.IsSkipping && reader.CurrentState.RemainingValueBytes == 0)
        {
            result = PumpResult.Ended;
        }

        state = reader.CurrentState;
        return (result, reader.BytesConsumed);
    }

    /// <summary>Guesses the encoding of a dataset from its first element: explicit or implicit VR, little or big endian.</summary>
    internal static TransferSyntax? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8)
        {
            return null;
        }

        var explicitVR = IsVR(head[4], head[5]) && DicomVR.FromBytes(head[4], head[5]).IsKnown;
        var groupLE = BinaryPrimitives.ReadUInt16LittleEndian(head);
        var groupBE = BinaryPrimitives.ReadUInt16BigEndian(head);
        var bigEndian = groupLE > 0x00FF && groupBE <= 0x00FF && groupBE != 0;
        if (bigEndian)
        {
            return TransferSyntax.ExplicitVRBigEndian;
        }

        return explicitVR ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
    }

    /// <summary>True if the bytes begin with a plausible first element of a bare dataset (a low even group, as every dataset starts).</summary>
    private static bool LooksLikeDataset(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8)
        {
            return false;
        }

        var groupLE = BinaryPrimitives.ReadUInt16LittleEndian(head);
        var groupBE = BinaryPrimitives.ReadUInt16BigEndian(head);
        return groupLE <= 0x0010 && groupLE % 2 == 0 || groupBE <= 0x0010 && groupBE % 2 == 0 && groupBE != 0;
    }

    private static bool IsVR(byte a, byte b) => a is >= (byte)'A' and <= (byte)'Z' && b is >= (byte)'A' and <= (byte)'Z';

    private enum PumpResult
    {
        NeedMore,
        Stopped,
        Ended,
    }

    /// <summary>A growable window over a stream; the reader sees the unconsumed bytes as one contiguous block.</summary>
    private sealed class Input(Stream stream, bool canSeek) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        private int _start;
        private int _end;

        public long Position { get; private set; }

        public bool IsEnd { get; private set; }

        public bool CanSeek => canSeek;

        public long StreamLength => canSeek ? stream.Length : long.MaxValue;

        public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

        public ReadOnlyMemory<byte> AvailableMemory => _buffer.AsMemory(_start, _end - _start);

        public void Consume(long count)
        {
            _start += (int)count;
            Position += count;
        }

        public async Task FillAsync(int count, CancellationToken cancellationToken)
        {
            while (!IsEnd && _end - _start < count)
            {
                await ReadMoreAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task ReadMoreAsync(CancellationToken cancellationToken)
        {
            if (IsEnd)
            {
                return;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                // The reader needs a whole buffered value: grow (bounded by MaxBufferedValueLength plus a header).
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            int n;
            try
            {
                // A regular file's ReadAsync on Unix is emulated on the thread pool; a page-cache read inline is several times cheaper.
                n = stream is FileStream
                    ? stream.Read(_buffer, _end, _buffer.Length - _end)
                    : await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // Only the inflating stream throws this: the deflated bytes are corrupt.
                throw new DicomParseException($"the deflated data is corrupt: {ex.Message}", Position + (_end - _start), "", ex);
            }

            if (n == 0)
            {
                IsEnd = true;
            }

            _end += n;
        }

        public void SkipUnbuffered(long count)
        {
            stream.Seek(count, SeekOrigin.Current);
            Position += count;
        }

        /// <summary>The rest of the stream inflated (RFC 1951; zlib-wrapped data tolerated).</summary>
        public Input Inflate(out bool zlibWrapped)
        {
            var rest = new ConcatStream(_buffer.AsMemory(_start, _end - _start).ToArray(), stream);
            var first = _end - _start >= 2 ? _buffer[_start] : (byte)0;
            var second = _end - _start >= 2 ? _buffer[_start + 1] : (byte)0;
            zlibWrapped = first == 0x78 && (first << 8 | second) % 31 == 0;
            Stream inflated = zlibWrapped ? new ZLibStream(rest, CompressionMode.Decompress) : new DeflateStream(rest, CompressionMode.Decompress);
            return new Input(inflated, false) { Position = 0 };
        }

        public void Dispose()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }

            if (stream is DeflateStream or ZLibStream)
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>Bytes already buffered, then the rest of a stream.</summary>
    private sealed class ConcatStream(byte[] head, Stream tail) : Stream
    {
        private int _headPosition;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_headPosition < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _headPosition);
                head.AsSpan(_headPosition, n).CopyTo(buffer);
                _headPosition += n;
                return n;
            }

            return tail.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_headPosition < head.Length)
            {
                return Read(buffer.Span);
            }

            return await tail.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
