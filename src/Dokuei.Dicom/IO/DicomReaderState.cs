using System.Text;

namespace Dokuei.Dicom.IO;

/// <summary>What a <see cref="DicomReader"/> token is.</summary>
public enum DicomTokenType : byte
{
    /// <summary>No token read yet.</summary>
    None,

    /// <summary>An element (or a fragment, see <see cref="DicomReader.IsFragment"/>) with its whole value in <see cref="DicomReader.ValueSequence"/>.</summary>
    Value,

    /// <summary>The header of a value too large to buffer; its bytes follow as <see cref="ValueChunk"/> tokens, then <see cref="ValueEnd"/>.</summary>
    ValueStart,

    /// <summary>Part of the value started by <see cref="ValueStart"/>.</summary>
    ValueChunk,

    /// <summary>End of the value started by <see cref="ValueStart"/>.</summary>
    ValueEnd,

    /// <summary>A sequence starts (SQ, or an undefined-length UN read as implicit VR sequence).</summary>
    SequenceStart,

    /// <summary>The current sequence ends.</summary>
    SequenceEnd,

    /// <summary>An item of the current sequence starts.</summary>
    ItemStart,

    /// <summary>The current item ends.</summary>
    ItemEnd,

    /// <summary>Encapsulated pixel data starts; fragments follow as values with <see cref="DicomReader.IsFragment"/> set.</summary>
    FragmentsStart,

    /// <summary>Encapsulated pixel data ends.</summary>
    FragmentsEnd,

    /// <summary>The reader reached <see cref="DicomReaderOptions.StopAtTag"/> at the top level; nothing of that element was consumed.</summary>
    Stopped,

    /// <summary>Bytes after the last element that are too few to be one (a vendor fault); kept so the file can be written back.</summary>
    TrailingBytes,
}

/// <summary>Limits and choices for reading DICOM data; the defaults suit files and network peers alike.</summary>
public sealed record DicomReaderOptions
{
    /// <summary>Default options.</summary>
    public static DicomReaderOptions Default { get; } = new();

    /// <summary>Values longer than this are delivered in chunks rather than buffered whole.</summary>
    public int MaxBufferedValueLength { get; init; } = 256 * 1024;

    /// <summary>The longest value accepted; longer lengths are treated as corrupt data.</summary>
    public long MaxValueLength { get; init; } = uint.MaxValue - 1;

    /// <summary>The deepest nesting of sequences accepted.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most bytes of values a dataset may hold in memory (values left in files do not count).</summary>
    public long MaxTotalAllocation { get; init; } = 1L << 31;

    /// <summary>Stop before the first top-level element with a tag at or after this one (e.g. Pixel Data for header-only reading).</summary>
    public DicomTag? StopAtTag { get; init; }

    /// <summary>
    /// Stop before the first top-level element outside group 0002: the end of the file meta information (PS3.10 7.1).
    /// <see cref="StopAtTag"/> alone cannot say it, since a dataset may begin with a group below 0002 (pydicom's nested_priv_SQ.dcm).
    /// </summary>
    internal bool StopAfterFileMetaInformation { get; init; }

    /// <summary>Values at least this long, read from a file, are left in the file and read on demand.</summary>
    public long LeaveInFileThreshold { get; init; } = 64 * 1024;
}

/// <summary>
/// Everything a <see cref="DicomReader"/> needs to carry on where it stopped: stream position, transfer syntax,
/// open sequences and items, and a value in progress. Survives <c>await</c> (it is not a ref struct).
/// </summary>
public struct DicomReaderState
{
    /// <summary>Starts reading a dataset at stream position <paramref name="position"/> in the given encoding.</summary>
    public DicomReaderState(bool explicitVR, bool bigEndian, long position = 0, DicomReaderOptions? options = null)
    {
        ExplicitVR = explicitVR;
        BigEndian = bigEndian;
        Position = position;
        Options = options ?? DicomReaderOptions.Default;
        Stack = new ContainerStack();
        Warnings = [];
    }

    /// <summary>Stream offset of the next byte the reader will look at.</summary>
    public long Position { get; internal set; }

    /// <summary>True if the dataset is explicit VR.</summary>
    public bool ExplicitVR { get; internal set; }

    /// <summary>True if the dataset is big endian.</summary>
    public bool BigEndian { get; internal set; }

    /// <summary>The options in force.</summary>
    public DicomReaderOptions Options { get; internal set; }

    /// <summary>Faults tolerated so far.</summary>
    public List<DicomParseWarning> Warnings { get; internal set; }

    /// <summary>Nesting depth: open sequences, items and fragment sequences.</summary>
    public readonly int Depth => Stack.Count;

    /// <summary>Bytes of the current chunked value still to come (0 when not inside one).</summary>
    public readonly long RemainingValueBytes => RemainingValue;

    /// <summary>True while the reader discards the rest of a value the caller chose to skip.</summary>
    public readonly bool IsSkipping => Skipping;

    internal ContainerStack Stack { get; set; }

    internal long RemainingValue { get; set; }

    internal bool InChunkedValue { get; set; }

    internal bool Skipping { get; set; }

    internal DicomTag ChunkTag { get; set; }

    internal DicomVR ChunkVR { get; set; }

    internal bool ChunkIsFragment { get; set; }

    /// <summary>The pump skipped <paramref name="count"/> bytes of a skipped value without reading them (seek).</summary>
    internal void AdvanceSkipped(long count)
    {
        RemainingValue -= count;
        Position += count;
    }

    /// <summary>The attribute path of the current position, e.g. <c>/(0040,A730)/2/(0008,0100)</c>.</summary>
    public readonly string PathTo(DicomTag? tag) => Stack.PathTo(tag);
}

internal enum ContainerKind : byte
{
    Sequence,
    Item,
    Fragments,
}

internal struct ContainerFrame
{
    public ContainerKind Kind;
    public long End;
    public DicomTag Tag;
    public bool Implicit;
    public int Items;
    public bool LengthIgnored;
}

/// <summary>The open sequences/items; one array reused for the whole read.</summary>
internal sealed class ContainerStack
{
    private ContainerFrame[] _frames = new ContainerFrame[8];

    public int Count { get; private set; }

    public ref ContainerFrame Top => ref _frames[Count - 1];

    public void Push(ContainerFrame frame)
    {
        if (Count == _frames.Length)
        {
            Array.Resize(ref _frames, Count * 2);
        }

        _frames[Count++] = frame;
    }

    public void Pop() => Count--;

    /// <summary>True if the innermost sequence (and any item) content is implicit VR little endian (UN sequences).</summary>
    public bool ImplicitContent => Count > 0 && _frames[Count - 1].Implicit;

    public string PathTo(DicomTag? tag)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            ref var frame = ref _frames[i];
            if (frame.Kind is ContainerKind.Sequence or ContainerKind.Fragments)
            {
                sb.Append('/').Append(frame.Tag.ToString());
                if (i + 1 < Count || frame.Kind == ContainerKind.Fragments)
                {
                    sb.Append('/').Append(Math.Max(0, frame.Items - (i + 1 < Count ? 1 : 0)));
                }
            }
        }

        if (tag is { } t)
        {
            sb.Append('/').Append(t.ToString());
        }

        return sb.ToString();
    }
}
