using System.Buffers.Binary;
using System.Text;

namespace Dokuei.Dicom.Network.Pdus;

/// <summary>Big-endian reader over the body of an association PDU or item; every read is bounds checked and names its offset.</summary>
internal ref struct PduSpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _base;

    public PduSpanReader(ReadOnlySpan<byte> data, long baseOffset)
    {
        _data = data;
        _base = baseOffset;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public readonly long Offset => _base + Position;

    public byte Byte(string field)
    {
        Need(1, field);
        return _data[Position++];
    }

    public ushort UInt16(string field)
    {
        Need(2, field);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_data[Position..]);
        Position += 2;
        return value;
    }

    public uint UInt32(string field)
    {
        Need(4, field);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_data[Position..]);
        Position += 4;
        return value;
    }

    public ReadOnlySpan<byte> Bytes(int count, string field)
    {
        Need(count, field);
        var value = _data.Slice(Position, count);
        Position += count;
        return value;
    }

    public void Skip(int count, string field) => Bytes(count, field);

    /// <summary>ASCII text without trailing spaces or NULs (UIDs may be NUL padded by some peers).</summary>
    public string Text(int count, string field) => Trim(Bytes(count, field));

    /// <summary>An item header (type, reserved, length) and a reader over its value.</summary>
    public PduSpanReader Item(out byte type, string field)
    {
        var itemStart = Offset;
        type = Byte(field);
        Skip(1, field);
        var length = UInt16(field);
        if (length > Remaining)
        {
            throw new DicomPduException($"{field} item 0x{type:X2} declares {length} bytes but only {Remaining} remain", itemStart);
        }

        var reader = new PduSpanReader(_data.Slice(Position, length), Offset);
        Position += length;
        return reader;
    }

    public static string Trim(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.Length;
        while (end > 0 && (bytes[end - 1] == (byte)' ' || bytes[end - 1] == 0))
        {
            end--;
        }

        var start = 0;
        while (start < end && bytes[start] == (byte)' ')
        {
            start++;
        }

        return Encoding.ASCII.GetString(bytes[start..end]);
    }

    private readonly void Need(int count, string field)
    {
        if (count > Remaining)
        {
            throw new DicomPduException($"{field}: needs {count} bytes, only {Remaining} remain", Offset);
        }
    }
}
