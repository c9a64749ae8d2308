using System.Buffers;
using System.Buffers.Binary;

namespace Dokuei.Dicom.IO;

/// <summary>
/// A forward-only, resumable tokenizer of DICOM data elements (PS3.5 section 7) over bytes that may arrive in pieces.
/// <see cref="Read"/> returns false when it needs more bytes (or at the end of the final block); the caller keeps
/// <see cref="CurrentState"/> and the unconsumed bytes, and makes a new reader when more have arrived.
/// Shaped like <see cref="System.Text.Json.Utf8JsonReader"/>: one code path serves files and sockets.
/// </summary>
public ref struct DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly ReadOnlySequence<byte> _data;

    // Fast path: most buffers are one segment, and slicing a span is far cheaper than slicing a sequence.
    private readonly ReadOnlySpan<byte> _single;
    private readonly bool _isSingleSegment;
    private readonly bool _isFinalBlock;
    private DicomReaderState _state;
    private long _consumed;

    /// <summary>Creates a reader over <paramref name="data"/>, which starts at <see cref="DicomReaderState.Position"/>.</summary>
    public DicomReader(ReadOnlySequence<byte> data, bool isFinalBlock, DicomReaderState state)
    {
        _data = data;
        _isSingleSegment = data.IsSingleSegment;
        _single = _isSingleSegment ? data.FirstSpan : default;
        _isFinalBlock = isFinalBlock;
        _state = state;
        _consumed = 0;
        TokenType = DicomTokenType.None;
        Tag = default;
        VR = default;
        WrittenVR = default;
        Length = 0;
        ValueSequence = default;
        TokenOffset = state.Position;
        IsFragment = false;
        ImplicitHeader = false;
    }

    /// <summary>The last token read.</summary>
    public DicomTokenType TokenType { get; private set; }

    /// <summary>Tag of the element, sequence or fragment (item tag) of the token.</summary>
    public DicomTag Tag { get; private set; }

    /// <summary>The VR of the element: explicit VR as written, or from the dictionary for implicit VR (UN if unknown).</summary>
    public DicomVR VR { get; private set; }

    /// <summary>The VR bytes as they stood in explicit VR data; <see cref="DicomVR.None"/> for implicit VR.</summary>
    public DicomVR WrittenVR { get; private set; }

    /// <summary>The length field: value length, or -1 for undefined length.</summary>
    public long Length { get; private set; }

    /// <summary>The value bytes of a <see cref="DicomTokenType.Value"/> or <see cref="DicomTokenType.ValueChunk"/> token, as in the stream (big endian data is not swapped).</summary>
    public ReadOnlySequence<byte> ValueSequence { get; private set; }

    /// <summary>Stream offset where the token starts.</summary>
    public long TokenOffset { get; private set; }

    /// <summary>True if the value is a fragment of encapsulated pixel data.</summary>
    public bool IsFragment { get; private set; }

    /// <summary>True if an element of explicit VR data was encoded implicitly (a vendor fault or UN sequence content).</summary>
    public bool ImplicitHeader { get; private set; }

    /// <summary>Bytes of the input consumed so far.</summary>
    public readonly long BytesConsumed => _consumed;

    /// <summary>The state to resume from, positioned after the consumed bytes.</summary>
    public readonly DicomReaderState CurrentState
    {
        get
        {
            var state = _state;
            state.Position += _consumed;
            return state;
        }
    }

    /// <summary>Nesting depth of the current token (0 = top-level dataset).</summary>
    public readonly int Depth => _state.Stack.Count;

    /// <summary>The attribute path of the current token, e.g. <c>/(0040,A730)/2/(0008,0100)</c>.</summary>
    public readonly string AttributePath => _state.PathTo(TokenType is DicomTokenType.SequenceStart or DicomTokenType.FragmentsStart ? null : Tag);

    /// <summary>After <see cref="DicomTokenType.ValueStart"/>: discard the value instead of delivering chunks (the next token is <see cref="DicomTokenType.ValueEnd"/>).</summary>
    public void SkipValue()
    {
        if (!_state.InChunkedValue)
        {
            throw new InvalidOperationException("SkipValue is only valid after a ValueStart token.");
        }

        _state.Skipping = true;
    }

    /// <summary>Reads the next token; false if more bytes are needed, or at the end of the final block.</summary>
    public bool Read()
    {
        Span<byte> scratch = stackalloc byte[12];
        while (true)
        {
            if (_state.InChunkedValue)
            {
                return ReadChunk();
            }

            var stack = _state.Stack;
            var position = _state.Position + _consumed;
            if (stack.Count > 0)
            {
                ref var top = ref stack.Top;
                if (top.End >= 0 && position >= top.End)
                {
                    if (position > top.End)
                    {
                        throw Error($"the contents run {position - top.End} bytes past the end of the {(top.Kind == ContainerKind.Item ? "item" : "sequence")} given by its length", position, null);
                    }

                    return EndContainer(position, top.Kind);
                }

            }

            var available = _data.Length - _consumed;
            if (available < 8)
            {
                if (!_isFinalBlock)
                {
                    return false;
                }

                if (available == 0 && stack.Count == 0)
                {
                    return false;
                }

                if (available == 0 && stack.Top.LengthIgnored)
                {
                    return EndContainer(position, stack.Top.Kind);
                }

                if (available == 0)
                {
                    // The data ends between elements inside items or sequences (pydicom's DICOMDIR-nooffset: a delimiter
                    // missing, the sequence length 2 bytes past the end); dcmtk and pydicom close them there, and so do we,
                    // saying so. Data that ends inside a value is still an error.
                    Warn($"the data ends inside this {(stack.Top.Kind == ContainerKind.Item ? "item" : "sequence")}; closed there", position, null);
                    return EndContainer(position, stack.Top.Kind);
                }

                if (stack.Count == 0)
                {
                    // Fewer bytes than a tag and a length: a vendor fault seen in the wild; keep them.
                    Warn($"{available} bytes after the last element ignored", position, null);
                    Start(DicomTokenType.TrailingBytes, position);
                    ValueSequence = _data.Slice(_consumed);
                    _consumed = _data.Length;
                    return true;
                }

                throw Error(available == 0 ? "the data ends inside a sequence or item" : "the data ends inside an element header", position, null);
            }

            var headerLength = (int)Math.Min(12, available);
            scoped ReadOnlySpan<byte> header;
            if (_isSingleSegment)
            {
                header = _single.Slice((int)_consumed, headerLength);
            }
            else
            {
                _data.Slice(_consumed, headerLength).CopyTo(scratch);
                header = scratch[..headerLength];
            }

            var bigEndian = _state.BigEndian && !stack.ImplicitContent;
            var tag = new DicomTag(ReadUInt16(header, bigEndian), ReadUInt16(header[2..], bigEndian));

            if (tag.Group == 0xFFFE)
            {
                switch (ReadDelimiter(tag, ReadUInt32(header[4..], bigEndian), position))
                {
                    case DelimiterResult.Token:
                        return true;
                    case DelimiterResult.NeedMore:
                        return false;
                    default:
                        continue;
                }
            }

            if (stack.Count > 0 && stack.Top.Kind != ContainerKind.Item)
            {
                if (stack.Top.LengthIgnored)
                {
                    // The sequence whose length was wrong ends where its items end.
                    return EndContainer(position, stack.Top.Kind);
                }

                throw Error($"expected an item (FFFE,E000) but found {tag}", position, null);
            }

            if (stack.Count == 0 && (_state.Options.StopAtTag is { } stop && tag >= stop || _state.Options.StopAfterFileMetaInformation && tag.Group != 0x0002))
            {
                Start(DicomTokenType.Stopped, position);
                Tag = tag;
                return true;
            }

            if (!ReadElementHeader(tag, header, headerLength, bigEndian, position))
            {
                return false;
            }

            return true;
        }
    }

    private bool ReadElementHeader(DicomTag tag, scoped ReadOnlySpan<byte> header, int headerLength, bool bigEndian, long position)
    {
        var explicitVR = _state.ExplicitVR && !_state.Stack.ImplicitContent;
        DicomVR vr, writtenVR = default;
        uint length;
        int size;
        var implicitHeader = false;
        if (explicitVR && IsVRByte(header[4]) && IsVRByte(header[5]))
        {
            writtenVR = DicomVR.FromBytes(header[4], header[5]);
            vr = writtenVR;
            if (vr.Uses32BitLength)
            {
                if (headerLength < 12)
                {
                    return NeedMore(position);
                }

                length = ReadUInt32(header[8..], bigEndian);
                size = 12;
            }
            else
            {
                length = ReadUInt16(header[6..], bigEndian);
                size = 8;
            }
        }
        else
        {
            if (explicitVR)
            {
                // Implicit VR elements inside explicit VR data: a common vendor fault; dcmtk reads them the same way.
                implicitHeader = true;
                Warn($"element {tag} is encoded with implicit VR inside explicit VR data", position, tag);
            }

            vr = DicomDictionary.GetVR(tag);
            length = ReadUInt32(header[4..], bigEndian);
            size = 8;
        }

        var valueStart = position + size;
        if (length == UndefinedLength)
        {
            Consume(size);
            Start(DicomTokenType.SequenceStart, position);
            Tag = tag;
            VR = vr;
            WrittenVR = writtenVR;
            Length = -1;
            ImplicitHeader = implicitHeader;
            if (tag == DicomTag.PixelDataTag && vr != DicomVR.SQ)
            {
                TokenType = DicomTokenType.FragmentsStart;
                Push(ContainerKind.Fragments, -1, tag, implicitContent: _state.Stack.ImplicitContent);
                return true;
            }

            if (vr != DicomVR.SQ && vr != DicomVR.UN)
            {
                Warn($"{vr} element with undefined length read as a sequence", position, tag);
            }

            // Undefined-length UN holds a sequence in implicit VR little endian (PS3.5 section 6.2.2).
            Push(ContainerKind.Sequence, -1, tag, implicitContent: _state.Stack.ImplicitContent || writtenVR == DicomVR.UN);
            return true;
        }

        if (length > _state.Options.MaxValueLength)
        {
            throw Error($"value length {length} exceeds the limit of {_state.Options.MaxValueLength} bytes", position, tag);
        }

        CheckFits(valueStart, length, position, tag);
        if (vr == DicomVR.SQ)
        {
            Consume(size);
            Start(DicomTokenType.SequenceStart, position);
            Tag = tag;
            VR = vr;
            WrittenVR = writtenVR;
            Length = length;
            ImplicitHeader = implicitHeader;
            Push(ContainerKind.Sequence, valueStart + length, tag, implicitContent: _state.Stack.ImplicitContent);
            return true;
        }

        if ((length & 1) == 1)
        {
            Warn($"odd value length {length}", position, tag);
        }

        return StartValue(tag, vr, writtenVR, length, size, position, isFragment: false, implicitHeader);
    }

    private DelimiterResult ReadDelimiter(DicomTag tag, uint length, long position)
    {
        var stack = _state.Stack;
        if (tag == DicomTag.Item)
        {
            if (stack.Count == 0 || stack.Top.Kind == ContainerKind.Item)
            {
                throw Error("an item (FFFE,E000) outside a sequence", position, null);
            }

            if (stack.Top.Kind == ContainerKind.Fragments)
            {
                if (length == UndefinedLength)
                {
                    throw Error("a pixel data fragment with undefined length", position, null);
                }

                CheckFits(position + 8, length, position, tag);
                if (!StartValue(tag, DicomVR.OB, default, length, 8, position, isFragment: true, implicitHeader: false))
                {
                    return DelimiterResult.NeedMore;
                }

                stack.Top.Items++;
                return DelimiterResult.Token;
            }

            var end = -1L;
            if (length != UndefinedLength)
            {
                ref var sequenceFrame = ref stack.Top;
                if (sequenceFrame.End >= 0 && position + 8 + length > sequenceFrame.End)
                {
                    // Seen in DICOMDIRs written by some tools: the sequence length is too short. pydicom reads on; so do we.
                    Warn($"item runs {position + 8 + length - sequenceFrame.End} bytes past the end of its sequence; the sequence length is ignored", position, null);
                    sequenceFrame.End = -1;
                    sequenceFrame.LengthIgnored = true;
                }

                CheckFits(position + 8, length, position, tag);
                end = position + 8 + length;
            }

            if (stack.Count >= _state.Options.MaxDepth * 2)
            {
                throw Error($"sequences nested deeper than {_state.Options.MaxDepth} levels", position, null);
            }

            stack.Top.Items++;
            var implicitContent = stack.Top.Implicit;
            Consume(8);
            Start(DicomTokenType.ItemStart, position);
            Tag = tag;
            Length = end < 0 ? -1 : length;
            Push(ContainerKind.Item, end, tag, implicitContent);
            return DelimiterResult.Token;
        }

        if (tag == DicomTag.ItemDelimitationItem)
        {
            Consume(8);
            if (stack.Count > 0 && stack.Top.Kind == ContainerKind.Item && stack.Top.End < 0)
            {
                if (length != 0)
                {
                    Warn($"item delimiter with length {length} instead of 0", position, null);
                }

                EndContainer(position, ContainerKind.Item);
                return DelimiterResult.Token;
            }

            Warn("item delimiter outside an undefined-length item ignored", position, null);
            return DelimiterResult.Ignored;
        }

        if (tag == DicomTag.SequenceDelimitationItem)
        {
            Consume(8);
            if (stack.Count > 0 && stack.Top.Kind != ContainerKind.Item && stack.Top.End < 0)
            {
                if (length != 0)
                {
                    Warn($"sequence delimiter with length {length} instead of 0", position, null);
                }

                EndContainer(position, stack.Top.Kind);
                return DelimiterResult.Token;
            }

            Warn("sequence delimiter outside an undefined-length sequence ignored", position, null);
            return DelimiterResult.Ignored;
        }

        throw Error($"unknown delimiter tag {tag}", position, null);
    }

    private bool StartValue(DicomTag tag, DicomVR vr, DicomVR writtenVR, uint length, int headerSize, long position, bool isFragment, bool implicitHeader)
    {
        var available = _data.Length - _consumed - headerSize;
        if (length <= _state.Options.MaxBufferedValueLength)
        {
            if (available < length)
            {
                return NeedMore(position);
            }

            Consume(headerSize);
            Start(DicomTokenType.Value, position);
            ValueSequence = _data.Slice(_consumed, length);
            Consume(length);
        }
        else
        {
            Consume(headerSize);
            Start(DicomTokenType.ValueStart, position);
            _state.InChunkedValue = true;
            _state.RemainingValue = length;
            _state.ChunkTag = tag;
            _state.ChunkVR = vr;
            _state.ChunkIsFragment = isFragment;
        }

        Tag = tag;
        VR = vr;
        WrittenVR = writtenVR;
        Length = length;
        IsFragment = isFragment;
        ImplicitHeader = implicitHeader;
        return true;
    }

    private bool ReadChunk()
    {
        var position = _state.Position + _consumed;
        if (_state.RemainingValue == 0)
        {
            _state.InChunkedValue = false;
            _state.Skipping = false;
            StartChunkToken(DicomTokenType.ValueEnd, position);
            return true;
        }

        var available = _data.Length - _consumed;
        if (_state.Skipping)
        {
            var skip = Math.Min(available, _state.RemainingValue);
            Consume(skip);
            _state.RemainingValue -= skip;
            if (_state.RemainingValue > 0)
            {
                return NeedMoreInValue(position);
            }

            _state.InChunkedValue = false;
            _state.Skipping = false;
            StartChunkToken(DicomTokenType.ValueEnd, position + skip);
            return true;
        }

        var take = Math.Min(available, _state.RemainingValue);
        if (_state.BigEndian && take < _state.RemainingValue)
        {
            // Keep whole numbers in each chunk so they can be byte-swapped independently.
            take -= take % 8;
        }

        if (take == 0)
        {
            return NeedMoreInValue(position);
        }

        StartChunkToken(DicomTokenType.ValueChunk, position);
        ValueSequence = _data.Slice(_consumed, take);
        Consume(take);
        _state.RemainingValue -= take;
        return true;
    }

    /// <summary>Starts a chunk or end token; it carries the tag, VR and fragment flag of the value it belongs to.</summary>
    private void StartChunkToken(DicomTokenType type, long position)
    {
        Start(type, position);
        Tag = _state.ChunkTag;
        VR = _state.ChunkVR;
        IsFragment = _state.ChunkIsFragment;
    }

    private bool NeedMoreInValue(long position)
    {
        if (_isFinalBlock)
        {
            throw Error($"the data ends {_state.RemainingValue} bytes before the end of the value", position, _state.ChunkTag);
        }

        return false;
    }

    private bool EndContainer(long position, ContainerKind kind)
    {
        var tag = _state.Stack.Top.Tag;
        _state.Stack.Pop();
        Start(kind switch
        {
            ContainerKind.Item => DicomTokenType.ItemEnd,
            ContainerKind.Fragments => DicomTokenType.FragmentsEnd,
            _ => DicomTokenType.SequenceEnd,
        }, position);
        Tag = tag;
        return true;
    }

    private readonly void CheckFits(long valueStart, uint length, long position, DicomTag tag)
    {
        var stack = _state.Stack;
        if (stack.Count > 0)
        {
            ref var top = ref stack.Top;
            if (top.End >= 0 && valueStart + length > top.End)
            {
                throw Error($"value length {length} runs past the end of the enclosing {(top.Kind == ContainerKind.Item ? "item" : "sequence")}", position, tag);
            }
        }

        if (_isFinalBlock && valueStart + length > _state.Position + _data.Length)
        {
            throw Error($"value length {length} exceeds the {_state.Position + _data.Length - valueStart} bytes left in the data", position, tag);
        }
    }

    private bool NeedMore(long position)
    {
        if (_isFinalBlock)
        {
            throw Error("the data ends inside an element", position, null);
        }

        return false;
    }

    private void Push(ContainerKind kind, long end, DicomTag tag, bool implicitContent)
    {
        if (_state.Stack.Count >= _state.Options.MaxDepth * 2)
        {
            throw Error($"sequences nested deeper than {_state.Options.MaxDepth} levels", _state.Position + _consumed, tag);
        }

        _state.Stack.Push(new ContainerFrame { Kind = kind, End = end, Tag = tag, Implicit = implicitContent });
    }

    private void Start(DicomTokenType type, long position)
    {
        TokenType = type;
        TokenOffset = position;
        Length = 0;
        ValueSequence = default;
        IsFragment = false;
        ImplicitHeader = false;
        WrittenVR = default;
    }

    private void Consume(long count) => _consumed += count;

    private readonly void Warn(string message, long position, DicomTag? tag) =>
        _state.Warnings.Add(new DicomParseWarning(position, _state.PathTo(tag), message));

    private readonly DicomParseException Error(string reason, long position, DicomTag? tag) =>
        new(reason, position, _state.PathTo(tag));

    private enum DelimiterResult
    {
        Token,
        NeedMore,
        Ignored,
    }

    private static bool IsVRByte(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private static ushort ReadUInt16(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private static uint ReadUInt32(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
}
