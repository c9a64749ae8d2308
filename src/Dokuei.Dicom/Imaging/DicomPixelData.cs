using System.Buffers;
using System.Globalization;

namespace Dokuei.Dicom.Imaging;

/// <summary>
/// The pixel data of a dataset, frame by frame, without loading the whole Pixel Data element: native frames are read
/// by offset from the value (which may stay in its file), encapsulated frames are assembled from their fragments.
/// Describes the image (Image Pixel module, PS3.3 C.7.6.3) as far as locating frames needs it; decoding is not done here.
/// </summary>
public sealed partial class DicomPixelData
{
    // Streaming works in chunks of this size, so memory stays bounded whatever the size of a frame or of the element.
    private const int ChunkSize = 1 << 20;

    private readonly DicomValueElement? _native;
    private readonly DicomFragmentSequence? _encapsulated;
    private readonly DicomDataset _dataset;

    /// <summary>Describes the pixel data of a file, in the transfer syntax it was read in.</summary>
    public DicomPixelData(DicomFile file)
        : this((file ?? throw new ArgumentNullException(nameof(file))).Dataset, file.TransferSyntax)
    {
    }

    /// <summary>
    /// Describes the pixel data of a dataset: Pixel Data (7FE0,0010), else Float Pixel Data (7FE0,0008), else Double Float Pixel Data (7FE0,0009).
    /// Throws <see cref="DicomPixelDataException"/> if there is none or the image attributes are missing or impossible.
    /// </summary>
    public DicomPixelData(DicomDataset dataset, TransferSyntax transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        _dataset = dataset;
        TransferSyntax = transferSyntax;
        var element = dataset[DicomTag.PixelData] ?? dataset[DicomTag.FloatPixelData] ?? dataset[DicomTag.DoubleFloatPixelData]
            ?? throw new DicomPixelDataException("The dataset has no Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009).");
        Element = element;
        switch (element)
        {
            case DicomValueElement value:
                _native = value;
                break;
            case DicomFragmentSequence fragments:
                _encapsulated = fragments;
                break;
            default:
                throw new DicomPixelDataException($"The pixel data element {element.Tag} is a sequence, neither native pixel data nor fragments.");
        }

        var floatBits = element.Tag == DicomTag.FloatPixelData ? 32 : element.Tag == DicomTag.DoubleFloatPixelData ? 64 : 0;
        Rows = RequiredPositive(dataset, DicomTag.Rows, "Rows (0028,0010)");
        Columns = RequiredPositive(dataset, DicomTag.Columns, "Columns (0028,0011)");
        BitsAllocated = Optional(dataset, DicomTag.BitsAllocated, floatBits);
        SamplesPerPixel = Optional(dataset, DicomTag.SamplesPerPixel, 1);
        BitsStored = Optional(dataset, DicomTag.BitsStored, BitsAllocated);
        HighBit = Optional(dataset, DicomTag.HighBit, BitsStored - 1);
        PixelRepresentation = Optional(dataset, DicomTag.PixelRepresentation, 0);
        PlanarConfiguration = Optional(dataset, DicomTag.PlanarConfiguration, 0);
        PhotometricInterpretation = dataset.GetString(DicomTag.PhotometricInterpretation) ?? "";

        // Number of Frames is absent for single-frame images; some writers put 0 there meaning the same.
        FrameCount = dataset.TryGetInt32(DicomTag.NumberOfFrames, out var frames) && frames > 1 ? frames : 1;

        if (SamplesPerPixel < 1)
        {
            throw new DicomPixelDataException($"Samples per Pixel (0028,0002) is {SamplesPerPixel}; it must be at least 1.");
        }

        if (_native != null && (BitsAllocated != 1 && (BitsAllocated < 8 || BitsAllocated % 8 != 0 || BitsAllocated > 64)))
        {
            throw new DicomPixelDataException(BitsAllocated == 0
                ? "Bits Allocated (0028,0100) is missing; native frames cannot be located without it."
                : $"Bits Allocated (0028,0100) is {BitsAllocated}; native pixel data needs 1 or a multiple of 8 up to 64.");
        }

        FrameBits = (long)Rows * Columns * SamplesPerPixel * BitsAllocated;
    }

    /// <summary>The element holding the pixel data: a <see cref="DicomValueElement"/> (native) or a <see cref="DicomFragmentSequence"/> (encapsulated).</summary>
    public DicomElement Element { get; }

    /// <summary>The transfer syntax the dataset is in.</summary>
    public TransferSyntax TransferSyntax { get; }

    /// <summary>True if the frames are encapsulated in fragments (compressed, or encapsulated uncompressed).</summary>
    public bool IsEncapsulated => _encapsulated != null;

    /// <summary>Rows (0028,0010).</summary>
    public int Rows { get; }

    /// <summary>Columns (0028,0011).</summary>
    public int Columns { get; }

    /// <summary>Samples per Pixel (0028,0002); 1 if absent.</summary>
    public int SamplesPerPixel { get; }

    /// <summary>Bits Allocated (0028,0100); for float pixel data 32 or 64 if absent.</summary>
    public int BitsAllocated { get; }

    /// <summary>Bits Stored (0028,0101); Bits Allocated if absent.</summary>
    public int BitsStored { get; }

    /// <summary>High Bit (0028,0102); Bits Stored - 1 if absent.</summary>
    public int HighBit { get; }

    /// <summary>Pixel Representation (0028,0103): 0 unsigned, 1 two's complement; 0 if absent.</summary>
    public int PixelRepresentation { get; }

    /// <summary>Planar Configuration (0028,0006): 0 color-by-pixel, 1 color-by-plane; 0 if absent. Frames are contiguous either way.</summary>
    public int PlanarConfiguration { get; }

    /// <summary>Photometric Interpretation (0028,0004), e.g. MONOCHROME2, RGB, YBR_FULL_422; empty if absent.</summary>
    public string PhotometricInterpretation { get; }

    /// <summary>Number of Frames (0028,0008); 1 if absent or less than 1.</summary>
    public int FrameCount { get; }

    /// <summary>Bits one native frame takes: rows x columns x samples x bits allocated.</summary>
    private long FrameBits { get; }

    /// <summary>Bytes of native pixel data all frames need: frames packed one after another, the last byte completed (PS3.5 section 8.1.1).</summary>
    private long NativeLength => (FrameCount * FrameBits + 7) / 8;

    /// <summary>
    /// Length in bytes of a frame: for native data rows x columns x samples x bits allocated / 8, rounded up for 1-bit frames;
    /// for encapsulated data the bytes of its fragments (or the length the Extended Offset Table gives).
    /// </summary>
    public long GetFrameLength(int frame)
    {
        CheckFrameIndex(frame);
        return _native != null ? (FrameBits + 7) / 8 : GetEncapsulatedFrame(frame).Length;
    }

    /// <summary>
    /// Reads a frame into <paramref name="destination"/>, which must hold <see cref="GetFrameLength"/> bytes; returns that length.
    /// Native 1-bit frames that do not start on a byte boundary are shifted so that the frame's first pixel is bit 0 of byte 0, and bits after the frame are zero.
    /// </summary>
    public int ReadFrame(int frame, Span<byte> destination)
    {
        var length = GetFrameLength(frame);
        if (length > destination.Length)
        {
            throw new ArgumentException($"Frame {frame} is {length} bytes; the destination holds {destination.Length}.", nameof(destination));
        }

        var target = destination[..(int)length];
        if (_native != null)
        {
            ReadNative(frame, 0, target);
        }
        else
        {
            ReadEncapsulated(GetEncapsulatedFrame(frame), target);
        }

        return target.Length;
    }

    /// <summary>A frame in a new array (see <see cref="ReadFrame"/>).</summary>
    public Memory<byte> GetFrame(int frame)
    {
        var length = GetFrameLength(frame);
        if (length > Array.MaxLength)
        {
            throw new DicomPixelDataException($"Frame {frame} is {length} bytes, too large for one array; stream it with {nameof(CopyFrameToAsync)}.");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        ReadFrame(frame, bytes);
        return bytes;
    }

    /// <summary>Copies a frame to a stream in bounded memory (the same bytes as <see cref="ReadFrame"/>).</summary>
    public async Task CopyFrameToAsync(int frame, Stream sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var length = GetFrameLength(frame);
        if (_native != null)
        {
            if (FrameBits % 8 == 0)
            {
                CheckNativeFrameInside(frame);
                await CopyAsync(_native.Buffer, frame * length, length, sink, cancellationToken).ConfigureAwait(false);
                return;
            }

            var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, ChunkSize));
            try
            {
                for (long offset = 0; offset < length;)
                {
                    var n = (int)Math.Min(chunk.Length, length - offset);
                    ReadNative(frame, offset, chunk.AsSpan(0, n));
                    await sink.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    offset += n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return;
        }

        var (first, count, remaining) = GetEncapsulatedFrame(frame);
        for (var i = first; i < first + count && remaining > 0; i++)
        {
            var fragment = _encapsulated!.Fragments[i];
            var take = Math.Min(remaining, fragment.Length);
            await CopyAsync(fragment, 0, take, sink, cancellationToken).ConfigureAwait(false);
            remaining -= take;
        }
    }

    /// <summary>
    /// Copies the whole pixel data to a stream in bounded memory: native data as the element's value (all frames, with any padding byte);
    /// encapsulated data as its fragments one after another (the frames' codestreams concatenated, or a video stream).
    /// </summary>
    public async Task CopyToAsync(Stream sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_native != null)
        {
            if (_native.Length < NativeLength)
            {
                throw ShortNative(FrameCount - 1);
            }

            await CopyAsync(_native.Buffer, 0, _native.Length, sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var fragment in _encapsulated!.Fragments)
        {
            await CopyAsync(fragment, 0, fragment.Length, sink, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads bytes <paramref name="offset"/>.. of a native frame, realigning 1-bit frames that start inside a byte.</summary>
    private void ReadNative(int frame, long offset, Span<byte> destination)
    {
        CheckNativeFrameInside(frame);
        var buffer = _native!.Buffer;
        var startBit = frame * FrameBits;
        var shift = (int)(startBit % 8);
        var source = startBit / 8 + offset;
        ReadExactly(buffer, source, destination);
        if (shift != 0)
        {
            // Pixels are packed from the least significant bit (PS3.5 section D.2): the frame's bit 0 is bit `shift` of its first byte.
            Span<byte> next = stackalloc byte[1];
            next[0] = 0;
            if (source + destination.Length < buffer.Length)
            {
                ReadExactly(buffer, source + destination.Length, next);
            }

            for (var i = 0; i < destination.Length - 1; i++)
            {
                destination[i] = (byte)((destination[i] >> shift) | (destination[i + 1] << (8 - shift)));
            }

            destination[^1] = (byte)((destination[^1] >> shift) | (next[0] << (8 - shift)));
        }

        var tailBits = (int)(FrameBits % 8);
        if (tailBits != 0 && offset + destination.Length == (FrameBits + 7) / 8)
        {
            destination[^1] &= (byte)((1 << tailBits) - 1);
        }
    }

    private void CheckNativeFrameInside(int frame)
    {
        var endBit = (frame + 1) * FrameBits;
        if ((endBit + 7) / 8 > _native!.Length)
        {
            throw ShortNative(frame);
        }
    }

    private DicomPixelDataException ShortNative(int frame) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"The pixel data {Element.Tag} holds {_native!.Length} bytes, fewer than the {NativeLength} that {FrameCount} frame(s) of {Rows} x {Columns} x {SamplesPerPixel} sample(s) at {BitsAllocated} bits need; frame {frame} is incomplete."));

    private void CheckFrameIndex(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"Frame index {frame} is out of range: the image has {FrameCount} frame(s), numbered from 0.");
        }
    }

    private static int RequiredPositive(DicomDataset dataset, DicomTag tag, string name)
    {
        if (!dataset.TryGetInt32(tag, out var value))
        {
            throw new DicomPixelDataException($"{name} is missing; frames cannot be located without it.");
        }

        return value > 0 ? value : throw new DicomPixelDataException($"{name} is {value}; it must be at least 1.");
    }

    private static int Optional(DicomDataset dataset, DicomTag tag, int fallback) =>
        dataset.TryGetInt32(tag, out var value) ? value : fallback;

    private static void ReadExactly(DicomBuffer buffer, long offset, Span<byte> destination)
    {
        for (var total = 0; total < destination.Length;)
        {
            var n = buffer.Read(offset + total, destination[total..]);
            if (n == 0)
            {
                throw new DicomPixelDataException($"The pixel data ended at byte {offset + total} of a value of {buffer.Length} bytes; the file holding it is shorter than when it was read.");
            }

            total += n;
        }
    }

    private static async Task CopyAsync(DicomBuffer buffer, long offset, long length, Stream sink, CancellationToken cancellationToken)
    {
        if (buffer.IsInMemory)
        {
            await sink.WriteAsync(buffer.Memory.Slice((int)offset, (int)length), cancellationToken).ConfigureAwait(false);
            return;
        }

        var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(length, 1), ChunkSize));
        try
        {
            for (long done = 0; done < length;)
            {
                var n = (int)Math.Min(chunk.Length, length - done);
                ReadExactly(buffer, offset + done, chunk.AsSpan(0, n));
                await sink.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
