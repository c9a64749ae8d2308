using System.Buffers;

namespace Dokuei.Dicom.IO;

/// <summary>
/// Receives the tokens of a <see cref="DicomReader"/> and builds the dataset tree: values copied into pooled blocks,
/// big-endian values swapped, large values left in the file (or streamed to a sink), UN converted to the dictionary VR,
/// ambiguous VRs of implicit VR data resolved as PS3.5 Annex A says.
/// </summary>
internal sealed class DicomDatasetBuilder
{
    private const int BlockSize = 32 * 1024;
    private const int FirstBlockSize = 2 * 1024;

    private readonly Stack<Frame> _frames = new();
    private readonly DicomReaderOptions _options;
    private readonly string? _sourcePath;
    private readonly bool _bigEndian;
    private readonly List<DicomParseWarning> _warnings;
    private readonly IDicomValueSink? _sink;
    private byte[] _block = [];
    private int _blockUsed;
    private long _allocated;

    // A value arriving in chunks.
    private DicomTag _chunkTag;
    private DicomVR _chunkVR;
    private DicomVR _chunkWrittenVR;
    private bool _chunkImplicit;
    private const int InitialChunkBuffer = 1 << 20;

    private byte[]? _chunkBuffer;
    private long _chunkLength;
    private long _chunkFilled;
    private Stream? _chunkSink;
    private DicomBuffer? _chunkResult;

    public DicomDatasetBuilder(DicomDataset root, DicomReaderOptions options, string? sourcePath, bool bigEndian, List<DicomParseWarning> warnings, IDicomValueSink? sink)
    {
        Root = root;
        _options = options;
        _sourcePath = sourcePath;
        _bigEndian = bigEndian;
        _warnings = warnings;
        _sink = sink;
        _frames.Push(new Frame(FrameKind.Dataset, root, null, null));
    }

    public DicomDataset Root { get; }

    public ReadOnlyMemory<byte> TrailingBytes { get; private set; }

    /// <summary>Handles one token; the reader is passed by reference so the builder can ask it to skip a value.</summary>
    public void Handle(ref DicomReader reader)
    {
        switch (reader.TokenType)
        {
            case DicomTokenType.Value:
                OnValue(ref reader);
                break;
            case DicomTokenType.ValueStart:
                OnValueStart(ref reader);
                break;
            case DicomTokenType.ValueChunk:
                OnValueChunk(reader.ValueSequence);
                break;
            case DicomTokenType.ValueEnd:
                OnValueEnd(reader.IsFragment);
                break;
            case DicomTokenType.SequenceStart:
                {
                    var parent = CurrentDataset;
                    var sequence = new DicomSequence(reader.Tag, DicomVR.SQ, null)
                    {
                        Origin = new DicomElementOrigin(reader.WrittenVR, reader.Length < 0, reader.WrittenVR == DicomVR.UN, reader.ImplicitHeader),
                    };
                    parent.AppendRead(sequence);
                    _frames.Push(new Frame(FrameKind.Sequence, null, sequence, null));
                    break;
                }

            case DicomTokenType.ItemStart:
                {
                    var item = new DicomDataset { UndefinedLengthItem = reader.Length < 0 };
                    _frames.Peek().Sequence!.Items.Add(item);
                    _frames.Push(new Frame(FrameKind.Dataset, item, null, null));
                    break;
                }

            case DicomTokenType.ItemEnd:
                ResolveAmbiguousVRs(_frames.Pop().Dataset!);
                break;
            case DicomTokenType.SequenceEnd:
                _frames.Pop();
                break;
            case DicomTokenType.FragmentsStart:
                _frames.Push(new Frame(FrameKind.Fragments, null, null, new FragmentList(reader.Tag, reader.VR, reader.WrittenVR, reader.ImplicitHeader)));
                break;
            case DicomTokenType.FragmentsEnd:
                {
                    var list = _frames.Pop().Fragments!;
                    var offsetTable = list.Items.Count > 0 ? list.Items[0] : DicomBuffer.Empty;
                    var element = new DicomFragmentSequence(list.Tag, list.VR == DicomVR.UN ? DicomVR.OB : list.VR, offsetTable, list.Items.Skip(1))
                    {
                        Origin = new DicomElementOrigin(list.WrittenVR, true, false, list.ImplicitHeader),
                    };
                    if (list.Items.Count == 0)
                    {
                        _warnings.Add(new DicomParseWarning(reader.TokenOffset, reader.AttributePath, "encapsulated pixel data without a basic offset table item"));
                    }

                    CurrentDataset.AppendRead(element);
                    break;
                }

            case DicomTokenType.TrailingBytes:
                TrailingBytes = reader.ValueSequence.ToArray();
                break;
            default:
                break;
        }
    }

    /// <summary>Called at the end: resolves ambiguous VRs of the top-level dataset and marks everything unchanged.</summary>
    public void Complete()
    {
        ResolveAmbiguousVRs(Root);
        Root.MarkUnmodified();
    }

    private DicomDataset CurrentDataset => _frames.Peek().Dataset ?? throw new InvalidOperationException("Not inside a dataset.");

    private void OnValue(ref DicomReader reader)
    {
        var sequence = reader.ValueSequence;
        var memory = Allocate((int)sequence.Length, ref reader);
        sequence.CopyTo(memory.Span);
        var buffer = DicomBuffer.FromMemory(memory);
        if (reader.IsFragment)
        {
            _frames.Peek().Fragments!.Items.Add(buffer);
            return;
        }

        // The attribute path is only needed if a UN value turns out not to hold the sequence the dictionary promises.
        AddValue(reader.Tag, reader.VR, reader.WrittenVR, reader.ImplicitHeader, buffer, memory, swap: _bigEndian, reader.TokenOffset, reader.WrittenVR == DicomVR.UN ? reader.AttributePath : "");
    }

    private void AddValue(DicomTag tag, DicomVR vr, DicomVR writtenVR, bool implicitHeader, DicomBuffer buffer, Memory<byte> memory, bool swap, long offset, string path)
    {
        var dataset = CurrentDataset;
        var origin = new DicomElementOrigin(writtenVR, false, false, implicitHeader);
        if (writtenVR == DicomVR.UN && DicomDictionary.TryGetEntry(tag, out var entry) && entry.VR != DicomVR.UN && !tag.IsPrivate)
        {
            // Explicit UN for a tag the dictionary knows: apply the dictionary VR (as pydicom and dcmtk do).
            // The value is then in implicit VR little endian encoding (PS3.5 section 6.2.2).
            if (entry.VR == DicomVR.SQ && buffer.IsInMemory)
            {
                dataset.AppendRead(ParseUNSequence(tag, buffer.Memory, offset, path, origin));
                return;
            }

            if (entry.VR != DicomVR.SQ)
            {
                vr = entry.VR;
            }
        }

        if (swap && vr.ByteSwapUnit > 1 && writtenVR != DicomVR.UN && !memory.IsEmpty)
        {
            DicomBuffer.SwapBytes(memory.Span, vr.ByteSwapUnit);
        }

        dataset.AppendRead(new DicomValueElement(tag, vr, buffer) { Origin = origin });
    }

    private DicomSequence ParseUNSequence(DicomTag tag, ReadOnlyMemory<byte> bytes, long offset, string path, DicomElementOrigin origin)
    {
        var holder = new DicomDataset();
        var state = new DicomReaderState(explicitVR: false, bigEndian: false, position: offset, _options with { StopAtTag = null });
        var builder = new DicomDatasetBuilder(holder, _options, null, false, _warnings, null);
        try
        {
            // The value holds the items of a sequence of known length, in implicit VR little endian.
            state.Stack.Push(new ContainerFrame { Kind = ContainerKind.Sequence, End = offset + bytes.Length, Tag = tag, Implicit = true });
            builder._frames.Push(new Frame(FrameKind.Sequence, null, new DicomSequence(tag, DicomVR.SQ, null), null));
            var reader = new DicomReader(new ReadOnlySequence<byte>(bytes), true, state);
            while (reader.Read())
            {
                if (reader.TokenType == DicomTokenType.SequenceEnd && reader.Depth == 0)
                {
                    break;
                }

                builder.Handle(ref reader);
            }

            var sequence = builder._frames.Peek().Sequence!;
            var result = new DicomSequence(tag, DicomVR.SQ, sequence.Items.ToList()) { Origin = origin with { ImplicitContent = true } };
            return result;
        }
        catch (DicomParseException ex)
        {
            throw new DicomParseException($"UN element {tag} does not hold a valid sequence: {ex.Reason}", ex.Offset, path, ex);
        }
    }

    private void OnValueStart(ref DicomReader reader)
    {
        _chunkTag = reader.Tag;
        _chunkVR = reader.VR;
        _chunkWrittenVR = reader.WrittenVR;
        _chunkImplicit = reader.ImplicitHeader;
        _chunkFilled = 0;
        _chunkBuffer = null;
        _chunkSink = null;
        _chunkResult = null;
        var length = reader.Length;
        var valueOffset = reader.CurrentState.Position;
        if (_sourcePath != null && length >= _options.LeaveInFileThreshold)
        {
            var swap = _bigEndian && _chunkWrittenVR != DicomVR.UN ? (reader.IsFragment ? 1 : reader.VR.ByteSwapUnit) : 1;
            _chunkResult = new FileDicomBuffer(_sourcePath, valueOffset, length, swap);
            reader.SkipValue();
            return;
        }

        if (_sink != null && _sink.OpenValue(reader.AttributePath, reader.Tag, reader.VR, length) is { } stream)
        {
            _chunkSink = stream;
            return;
        }

        if (length > Array.MaxLength || _allocated + length > _options.MaxTotalAllocation)
        {
            throw new DicomParseException($"a value of {length} bytes does not fit the memory limit of {Math.Min(_options.MaxTotalAllocation, Array.MaxLength)} bytes (read it from a file or give a sink)", reader.TokenOffset, reader.AttributePath);
        }

        // Grow with the bytes that really arrive: a declared length alone must not make us allocate (a few corrupt bytes could ask for gigabytes).
        _chunkLength = length;
        _chunkBuffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(length, InitialChunkBuffer));
    }

    private void OnValueChunk(ReadOnlySequence<byte> chunk)
    {
        if (_chunkSink != null)
        {
            foreach (var segment in chunk)
            {
                if (_bigEndian && _chunkVR.ByteSwapUnit > 1 && _chunkWrittenVR != DicomVR.UN)
                {
                    var copy = segment.ToArray();
                    DicomBuffer.SwapBytes(copy, _chunkVR.ByteSwapUnit);
                    _chunkSink.Write(copy);
                }
                else
                {
                    _chunkSink.Write(segment.Span);
                }
            }

            return;
        }

        if (_chunkBuffer != null)
        {
            var needed = _chunkFilled + chunk.Length;
            if (needed > _chunkBuffer.Length)
            {
                var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(_chunkLength, Math.Max(needed, (long)_chunkBuffer.Length * 2)));
                _chunkBuffer.AsSpan(0, (int)_chunkFilled).CopyTo(grown);
                _chunkBuffer = grown;
            }

            chunk.CopyTo(_chunkBuffer.AsSpan((int)_chunkFilled));
            _chunkFilled += chunk.Length;
            _allocated += chunk.Length;
        }
    }

    private void OnValueEnd(bool isFragment)
    {
        DicomBuffer buffer;
        Memory<byte> memory = default;
        if (_chunkResult != null)
        {
            buffer = _chunkResult;
        }
        else if (_chunkSink != null)
        {
            buffer = _sink!.CloseValue(_chunkSink);
            _chunkSink = null;
        }
        else
        {
            memory = _chunkBuffer.AsMemory(0, (int)_chunkFilled);
            buffer = DicomBuffer.FromMemory(memory);
            _chunkBuffer = null;
        }

        if (isFragment)
        {
            _frames.Peek().Fragments!.Items.Add(buffer);
            return;
        }

        // Values sunk or left in the file are swapped on their way; only a chunk buffer in memory still needs it.
        AddValue(_chunkTag, _chunkVR, _chunkWrittenVR, _chunkImplicit, buffer, memory, swap: _bigEndian, -1, "");
    }

    private Memory<byte> Allocate(int length, ref DicomReader reader)
    {
        if (length == 0)
        {
            return Memory<byte>.Empty;
        }

        if (_allocated + length > _options.MaxTotalAllocation)
        {
            // The path is built only here, on the way to the error, not for every value.
            CountAllocation(length, reader.TokenOffset, reader.AttributePath);
        }

        _allocated += length;
        if (length > BlockSize / 4)
        {
            return GC.AllocateUninitializedArray<byte>(length);
        }

        if (_blockUsed + length > _block.Length)
        {
            // Blocks start small and double: a header of a few KiB should not cost 32 KiB of garbage per file.
            _block = GC.AllocateUninitializedArray<byte>(Math.Clamp(_block.Length * 2, Math.Max(FirstBlockSize, length), BlockSize));
            _blockUsed = 0;
        }

        var memory = _block.AsMemory(_blockUsed, length);
        _blockUsed += length;
        return memory;
    }

    private void CountAllocation(long length, long offset, string path)
    {
        _allocated += length;
        if (_allocated > _options.MaxTotalAllocation)
        {
            throw new DicomParseException($"the dataset needs more than {_options.MaxTotalAllocation} bytes of memory (the configured limit)", offset, path);
        }
    }

    /// <summary>Resolves VRs the dictionary gives as "US or SS", "OB or OW", "US or OW" for data read without explicit VRs.</summary>
    private static void ResolveAmbiguousVRs(DicomDataset dataset)
    {
        List<DicomValueElement>? changes = null;
        foreach (var element in dataset)
        {
            if (element is not DicomValueElement value || element.Origin is not { WrittenVR.Code: 0 })
            {
                continue;
            }

            if (!DicomDictionary.TryGetEntry(element.Tag, out var entry) || !entry.HasAmbiguousVR)
            {
                continue;
            }

            var resolved = ResolveAmbiguousVR(dataset, value, entry);
            if (resolved != value.VR)
            {
                (changes ??= []).Add(new DicomValueElement(value.Tag, resolved, value.Buffer) { Origin = value.Origin });
            }
        }

        if (changes != null)
        {
            foreach (var change in changes)
            {
                dataset.ReplaceRead(change);
            }
        }
    }

    private static DicomVR ResolveAmbiguousVR(DicomDataset dataset, DicomValueElement element, DicomDictionaryEntry entry)
    {
        var all = entry.AlternativeVRs.Prepend(entry.VR).ToArray();
        if (all.Contains(DicomVR.US) && all.Contains(DicomVR.SS))
        {
            if (entry.Tag.Value == 0x00283006)
            {
                return DicomVR.US;
            }

            for (var ds = dataset; ds != null; ds = ds.ParentSequence?.Parent)
            {
                if (ds.TryGetUInt16(new DicomTag(0x00280103), out var representation))
                {
                    return representation == 1 ? DicomVR.SS : DicomVR.US;
                }
            }

            return DicomVR.US;
        }

        if (entry.Tag.Value == 0x00283006)
        {
            // LUT Data: US if the LUT has one entry (PS3.3 C.11.1.1.1), else OW.
            return dataset.TryGetUInt16(new DicomTag(0x00283002), out var entries) && entries == 1 ? DicomVR.US : DicomVR.OW;
        }

        return all.Contains(DicomVR.OW) ? DicomVR.OW : element.VR;
    }

    private enum FrameKind
    {
        Dataset,
        Sequence,
        Fragments,
    }

    private sealed record Frame(FrameKind Kind, DicomDataset? Dataset, DicomSequence? Sequence, FragmentList? Fragments);

    private sealed class FragmentList(DicomTag tag, DicomVR vr, DicomVR writtenVR, bool implicitHeader)
    {
        public bool ImplicitHeader => implicitHeader;

        public DicomTag Tag => tag;

        public DicomVR VR => vr;

        public DicomVR WrittenVR => writtenVR;

        public List<DicomBuffer> Items { get; } = [];
    }
}

/// <summary>Where values too large to hold in memory go while a non-seekable stream (a socket, a deflated file) is read.</summary>
public interface IDicomValueSink
{
    /// <summary>Returns a stream to receive the value's bytes (little endian), or null to keep the value in memory.</summary>
    Stream? OpenValue(string attributePath, DicomTag tag, DicomVR vr, long length);

    /// <summary>Called when the value is complete; returns the buffer that gives the bytes back later.</summary>
    DicomBuffer CloseValue(Stream stream);
}
