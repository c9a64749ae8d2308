using System.Buffers.Binary;
using System.Globalization;

namespace Dokuei.Dicom.Imaging;

/// <summary>Where encapsulated frames are among the fragments (PS3.5 section A.4, PS3.3 section C.7.6.3.1.8).</summary>
public sealed partial class DicomPixelData
{
    private EncapsulatedFrame[]? _frames;

    /// <summary>
    /// True for MPEG-2, MPEG-4 AVC and HEVC: the fragments form one video stream whose frames cannot be taken out one by one (PS3.5 section 8.2.5).
    /// </summary>
    public bool IsVideo => IsEncapsulated && VideoTransferSyntaxes.Contains(TransferSyntax);

    private static TransferSyntax[] VideoTransferSyntaxes { get; } =
    [
        TransferSyntax.Mpeg2MainProfile, TransferSyntax.Mpeg2MainProfileHighLevel, TransferSyntax.Mpeg4Avc, TransferSyntax.Mpeg4AvcBd,
        TransferSyntax.Mpeg4Avc2D, TransferSyntax.Mpeg4Avc3D, TransferSyntax.Mpeg4AvcStereo, TransferSyntax.Hevc, TransferSyntax.Hevc10,
    ];

    private EncapsulatedFrame GetEncapsulatedFrame(int frame)
    {
        if (IsVideo)
        {
            throw new DicomPixelDataException($"The pixel data is a {TransferSyntax.Name} video stream; its frames cannot be read one by one. Copy the whole stream with {nameof(CopyToAsync)}.");
        }

        _frames ??= BuildFrameTable();
        return _frames[frame];
    }

    private void ReadEncapsulated(EncapsulatedFrame frame, Span<byte> destination)
    {
        var written = 0;
        for (var i = frame.FirstFragment; i < frame.FirstFragment + frame.FragmentCount && written < destination.Length; i++)
        {
            var fragment = _encapsulated!.Fragments[i];
            var take = (int)Math.Min(fragment.Length, destination.Length - written);
            ReadExactly(fragment, 0, destination.Slice(written, take));
            written += take;
        }
    }

    /// <summary>
    /// Maps frames to fragments using, in order of preference: the Extended Offset Table, the Basic Offset Table,
    /// all fragments for a single frame, one fragment per frame, or start-of-codestream markers at fragment starts.
    /// </summary>
    private EncapsulatedFrame[] BuildFrameTable()
    {
        var fragments = _encapsulated!.Fragments;
        if (fragments.Count == 0)
        {
            throw new DicomPixelDataException("The encapsulated pixel data has no fragments.");
        }

        if (_dataset[DicomTag.ExtendedOffsetTable] is DicomValueElement extended && extended.Length > 0)
        {
            return FromExtendedOffsetTable(extended);
        }

        if (_encapsulated.BasicOffsetTable.Length > 0)
        {
            return FromBasicOffsetTable();
        }

        if (FrameCount == 1)
        {
            return [new EncapsulatedFrame(0, fragments.Count, fragments.Sum(f => f.Length))];
        }

        if (fragments.Count == FrameCount)
        {
            return [.. fragments.Select((f, i) => new EncapsulatedFrame(i, 1, f.Length))];
        }

        if (fragments.Count > FrameCount)
        {
            return FromMarkers();
        }

        throw new DicomPixelDataException(Invariant($"The encapsulated pixel data has {fragments.Count} fragment(s) for {FrameCount} frames and no offset table; a frame cannot span less than one fragment."));
    }

    private EncapsulatedFrame[] FromExtendedOffsetTable(DicomValueElement table)
    {
        var fragments = _encapsulated!.Fragments;
        if (_dataset[DicomTag.ExtendedOffsetTableLengths] is not DicomValueElement lengthsElement)
        {
            throw new DicomPixelDataException("The Extended Offset Table (7FE0,0001) is present without Extended Offset Table Lengths (7FE0,0002).");
        }

        var offsets = table.Span;
        var lengths = lengthsElement.Span;
        if (offsets.Length % 8 != 0 || offsets.Length / 8 != FrameCount || lengths.Length != offsets.Length)
        {
            throw new DicomPixelDataException(Invariant($"The Extended Offset Table has {offsets.Length / 8.0} entries and its Lengths {lengths.Length / 8.0}, for {FrameCount} frames; each needs one 64-bit entry per frame."));
        }

        var starts = FragmentItemOffsets();
        var frames = new EncapsulatedFrame[FrameCount];
        for (var i = 0; i < FrameCount; i++)
        {
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(offsets[(i * 8)..]);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(lengths[(i * 8)..]);
            var first = FragmentAt(starts, offset, "Extended Offset Table", i);
            if (i > 0 && first <= frames[i - 1].FirstFragment)
            {
                throw new DicomPixelDataException(Invariant($"Extended Offset Table entry {i} ({offset}) does not come after entry {i - 1}; frames must be in fragment order."));
            }

            frames[i] = new EncapsulatedFrame(first, 0, (long)Math.Min(length, long.MaxValue));
        }

        for (var i = 0; i < FrameCount; i++)
        {
            var end = i + 1 < FrameCount ? frames[i + 1].FirstFragment : fragments.Count;
            var count = 0;
            long available = 0;
            for (var f = frames[i].FirstFragment; f < end && available < frames[i].Length; f++)
            {
                available += fragments[f].Length;
                count++;
            }

            if (available < frames[i].Length)
            {
                throw new DicomPixelDataException(Invariant($"Extended Offset Table Lengths entry {i} ({frames[i].Length}) is longer than the {available} bytes of fragments before the next frame."));
            }

            frames[i] = frames[i] with { FragmentCount = count };
        }

        return frames;
    }

    private EncapsulatedFrame[] FromBasicOffsetTable()
    {
        var table = _encapsulated!.BasicOffsetTable.Memory.Span;
        if (table.Length % 4 != 0 || table.Length / 4 != FrameCount)
        {
            throw new DicomPixelDataException(Invariant($"The Basic Offset Table is {table.Length} bytes, {table.Length / 4.0} entries, for {FrameCount} frames; it needs one 32-bit offset per frame."));
        }

        var starts = FragmentItemOffsets();
        var firsts = new int[FrameCount];
        for (var i = 0; i < FrameCount; i++)
        {
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 4)..]);
            firsts[i] = FragmentAt(starts, offset, "Basic Offset Table", i);
            if (i == 0 && firsts[0] != 0)
            {
                throw new DicomPixelDataException(Invariant($"Basic Offset Table entry 0 is {offset}; the first frame must start at the first fragment (offset 0)."));
            }

            if (i > 0 && firsts[i] <= firsts[i - 1])
            {
                throw new DicomPixelDataException(Invariant($"Basic Offset Table entry {i} ({offset}) does not come after entry {i - 1}; frames must be in fragment order."));
            }
        }

        return FramesStartingAt(firsts);
    }

    /// <summary>
    /// More fragments than frames and no offset table: a frame starts at each fragment that begins with a start-of-codestream marker,
    /// FFD8 (JPEG and JPEG-LS SOI), FF4F (JPEG 2000 and HTJ2K SOC) or FF0A (JPEG XL codestream).
    /// </summary>
    private EncapsulatedFrame[] FromMarkers()
    {
        var fragments = _encapsulated!.Fragments;
        var firsts = new List<int>(FrameCount);
        Span<byte> head = stackalloc byte[2];
        for (var i = 0; i < fragments.Count; i++)
        {
            if (fragments[i].Length >= 2 && fragments[i].Read(0, head) == 2 && head[0] == 0xFF && head[1] is 0xD8 or 0x4F or 0x0A)
            {
                firsts.Add(i);
            }
        }

        if (firsts.Count != FrameCount || firsts[0] != 0)
        {
            throw new DicomPixelDataException(Invariant($"The encapsulated pixel data has {fragments.Count} fragments for {FrameCount} frames and no offset table; {firsts.Count} fragment(s) begin with a start-of-codestream marker (FFD8, FF4F, FF0A){(firsts.Count > 0 && firsts[0] != 0 ? ", but not the first" : "")}, so the frames cannot be told apart."));
        }

        return FramesStartingAt(firsts);
    }

    /// <summary>Frames that start at the given fragments and run to the next frame's first fragment (the last to the end).</summary>
    private EncapsulatedFrame[] FramesStartingAt(IReadOnlyList<int> firsts)
    {
        var fragments = _encapsulated!.Fragments;
        var frames = new EncapsulatedFrame[firsts.Count];
        for (var i = 0; i < firsts.Count; i++)
        {
            var end = i + 1 < firsts.Count ? firsts[i + 1] : fragments.Count;
            long length = 0;
            for (var f = firsts[i]; f < end; f++)
            {
                length += fragments[f].Length;
            }

            frames[i] = new EncapsulatedFrame(firsts[i], end - firsts[i], length);
        }

        return frames;
    }

    /// <summary>Offset of each fragment's item tag from the first fragment's item tag (what offset tables count): 8 header bytes plus the value per fragment.</summary>
    private long[] FragmentItemOffsets()
    {
        var fragments = _encapsulated!.Fragments;
        var starts = new long[fragments.Count];
        long position = 0;
        for (var i = 0; i < fragments.Count; i++)
        {
            starts[i] = position;
            position += 8 + fragments[i].Length;
        }

        return starts;
    }

    private static int FragmentAt(long[] starts, ulong offset, string table, int entry)
    {
        var index = offset > long.MaxValue ? -1 : Array.BinarySearch(starts, (long)offset);
        if (index < 0)
        {
            throw new DicomPixelDataException(Invariant($"{table} entry {entry} ({offset}) does not point at the start of a fragment; the fragments' item tags are at offsets 0 to {starts[^1]}."));
        }

        return index;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A frame: its first fragment, how many fragments it spans, and its length in bytes (at most the sum of those fragments).</summary>
    private readonly record struct EncapsulatedFrame(int FirstFragment, int FragmentCount, long Length);
}
