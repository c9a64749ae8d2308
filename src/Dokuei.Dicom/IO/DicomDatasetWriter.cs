using System.Buffers.Binary;

namespace Dokuei.Dicom.IO;

/// <summary>
/// Encodes datasets in a transfer syntax (PS3.5 section 7). With <c>preserveEncoding</c> (writing in the syntax the data was read in),
/// each element is written as it was read: VR bytes as written (UN), undefined or defined lengths, implicit elements of faulty files;
/// so an unchanged dataset comes out byte for byte as it went in.
/// </summary>
public sealed class DicomDatasetWriter
{
    private readonly bool _explicitVR;
    private readonly bool _bigEndian;
    private readonly bool _preserve;
    private readonly bool _dropGroupLengths;

    /// <summary>Creates a writer for the given encoding.</summary>
    /// <param name="transferSyntax">Target transfer syntax (deflate is applied by the caller).</param>
    /// <param name="preserveEncoding">Reproduce the original encoding of elements that were read (same transfer syntax only).</param>
    public DicomDatasetWriter(TransferSyntax transferSyntax, bool preserveEncoding)
    {
        _explicitVR = transferSyntax.IsExplicitVR;
        _bigEndian = transferSyntax.IsBigEndian;
        _preserve = preserveEncoding;

        // Group lengths (retired) would be wrong after re-encoding; dropped rather than recomputed, as dcmtk does by default.
        _dropGroupLengths = !preserveEncoding;
    }

    /// <summary>Writes the dataset's elements to a stream.</summary>
    public void Write(DicomDataset dataset, Stream stream)
    {
        var sink = new StreamSink(stream);
        WriteElements(dataset, sink, implicitContext: false);
        sink.Flush();
    }

    /// <summary>The number of bytes <see cref="Write"/> would produce (values are not read).</summary>
    public long Measure(DicomDataset dataset)
    {
        var sink = new CountingSink();
        WriteElements(dataset, sink, implicitContext: false);
        return sink.Count;
    }

    private void WriteElements(DicomDataset dataset, Sink sink, bool implicitContext)
    {
        foreach (var element in dataset)
        {
            if (_dropGroupLengths && element.Tag.IsGroupLength && element.Tag.Group != 0x0002)
            {
                continue;
            }

            WriteElement(element, sink, implicitContext);
        }
    }

    private void WriteElement(DicomElement element, Sink sink, bool implicitContext)
    {
        var origin = _preserve ? element.Origin : null;
        var explicitVR = _explicitVR && !implicitContext && origin is not { ImplicitHeader: true };
        var bigEndian = _bigEndian && !implicitContext;
        var vr = origin is { WrittenVR.Code: not 0 } o ? o.WrittenVR : element.VR;
        if (vr == DicomVR.None)
        {
            vr = DicomVR.UN;
        }

        switch (element)
        {
            case DicomSequence sequence:
                {
                    var undefined = origin?.UndefinedLength ?? true;
                    var contentImplicit = implicitContext || (origin?.ImplicitContent ?? false);
                    if (!_preserve || vr != DicomVR.UN)
                    {
                        vr = DicomVR.SQ;
                    }

                    var length = undefined ? uint.MaxValue : checked((uint)MeasureItems(sequence, contentImplicit));
                    WriteHeader(sink, element.Tag, vr, length, explicitVR, bigEndian);
                    WriteItems(sequence, sink, contentImplicit);
                    if (undefined)
                    {
                        WriteDelimiter(sink, DicomTag.SequenceDelimitationItem, 0, bigEndian);
                    }

                    break;
                }

            case DicomFragmentSequence fragments:
                {
                    if (vr != DicomVR.OB && vr != DicomVR.OW && vr != DicomVR.UN)
                    {
                        vr = DicomVR.OB;
                    }

                    WriteHeader(sink, element.Tag, vr, uint.MaxValue, explicitVR, bigEndian);
                    WriteDelimiter(sink, DicomTag.Item, checked((uint)fragments.BasicOffsetTable.Length), bigEndian);
                    sink.Write(fragments.BasicOffsetTable, 1);
                    foreach (var fragment in fragments.Fragments)
                    {
                        WriteDelimiter(sink, DicomTag.Item, checked((uint)fragment.Length), bigEndian);
                        sink.Write(fragment, 1);
                    }

                    WriteDelimiter(sink, DicomTag.SequenceDelimitationItem, 0, bigEndian);
                    break;
                }

            case DicomValueElement value:
                {
                    var length = value.Length;
                    if (explicitVR && !vr.Uses32BitLength && length > ushort.MaxValue)
                    {
                        // Too long for a 16-bit length field: UN is the standard's way out (PS3.5 section 6.2.2 note).
                        vr = DicomVR.UN;
                    }

                    WriteHeader(sink, element.Tag, vr, checked((uint)length), explicitVR, bigEndian);
                    var swap = bigEndian && element.Origin?.WrittenVR != DicomVR.UN ? element.VR.ByteSwapUnit : 1;
                    sink.Write(value.Buffer, swap);
                    break;
                }

            default:
                throw new InvalidOperationException($"Unknown element type {element.GetType().Name}.");
        }
    }

    private void WriteItems(DicomSequence sequence, Sink sink, bool implicitContext)
    {
        var bigEndian = _bigEndian && !implicitContext;
        foreach (var item in sequence.Items)
        {
            var undefined = !_preserve || item.UndefinedLengthItem;
            var length = undefined ? uint.MaxValue : checked((uint)MeasureElements(item, implicitContext));
            WriteDelimiter(sink, DicomTag.Item, length, bigEndian);
            WriteElements(item, sink, implicitContext);
            if (undefined)
            {
                WriteDelimiter(sink, DicomTag.ItemDelimitationItem, 0, bigEndian);
            }
        }
    }

    private long MeasureItems(DicomSequence sequence, bool implicitContext)
    {
        var sink = new CountingSink();
        WriteItems(sequence, sink, implicitContext);
        return sink.Count;
    }

    private long MeasureElements(DicomDataset item, bool implicitContext)
    {
        var sink = new CountingSink();
        WriteElements(item, sink, implicitContext);
        return sink.Count;
    }

    private static void WriteHeader(Sink sink, DicomTag tag, DicomVR vr, uint length, bool explicitVR, bool bigEndian)
    {
        Span<byte> header = stackalloc byte[12];
        WriteUInt16(header, tag.Group, bigEndian);
        WriteUInt16(header[2..], tag.Element, bigEndian);
        if (!explicitVR)
        {
            WriteUInt32(header[4..], length, bigEndian);
            sink.Write(header[..8]);
            return;
        }

        header[4] = (byte)(vr.Code >> 8);
        header[5] = (byte)vr.Code;
        if (vr.Uses32BitLength)
        {
            header[6] = 0;
            header[7] = 0;
            WriteUInt32(header[8..], length, bigEndian);
            sink.Write(header);
        }
        else
        {
            WriteUInt16(header[6..], (ushort)length, bigEndian);
            sink.Write(header[..8]);
        }
    }

    private static void WriteDelimiter(Sink sink, DicomTag tag, uint length, bool bigEndian)
    {
        Span<byte> header = stackalloc byte[8];
        WriteUInt16(header, tag.Group, bigEndian);
        WriteUInt16(header[2..], tag.Element, bigEndian);
        WriteUInt32(header[4..], length, bigEndian);
        sink.Write(header);
    }

    private static void WriteUInt16(Span<byte> span, ushort value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }
    }

    private static void WriteUInt32(Span<byte> span, uint value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    private abstract class Sink
    {
        public abstract void Write(ReadOnlySpan<byte> bytes);

        public abstract void Write(DicomBuffer buffer, int swapUnit);
    }

    private sealed class CountingSink : Sink
    {
        public long Count { get; private set; }

        public override void Write(ReadOnlySpan<byte> bytes) => Count += bytes.Length;

        public override void Write(DicomBuffer buffer, int swapUnit) => Count += buffer.Length;
    }

    private sealed class StreamSink(Stream stream) : Sink
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _used;

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            if (_used + bytes.Length > _buffer.Length)
            {
                Flush();
                if (bytes.Length > _buffer.Length / 2)
                {
                    stream.Write(bytes);
                    return;
                }
            }

            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        public override void Write(DicomBuffer buffer, int swapUnit)
        {
            if (swapUnit <= 1)
            {
                if (buffer.IsInMemory)
                {
                    Write(buffer.Memory.Span);
                }
                else
                {
                    Flush();
                    buffer.CopyTo(stream);
                }

                return;
            }

            var chunk = new byte[Math.Max(8, (int)Math.Min(buffer.Length, 1 << 20) & ~7)];
            for (long offset = 0; offset < buffer.Length;)
            {
                var n = buffer.Read(offset, chunk);
                if (n == 0)
                {
                    throw new EndOfStreamException("A value ended before its length.");
                }

                DicomBuffer.SwapBytes(chunk.AsSpan(0, n), swapUnit);
                Write(chunk.AsSpan(0, n));
                offset += n;
            }
        }

        public void Flush()
        {
            if (_used > 0)
            {
                stream.Write(_buffer, 0, _used);
                _used = 0;
            }
        }
    }
}
