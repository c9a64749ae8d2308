using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Dokuei.Dicom.Network.Pdus;

/// <summary>Big-endian field writer for PDUs and items (PS3.8 uses big endian for lengths), with back-patched lengths.</summary>
internal sealed class PduWriter
{
    private byte[] _buffer;

    public PduWriter(int capacity = 1024) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void UInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), value);
        Length += 2;
    }

    public void UInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void Zeros(int count)
    {
        Ensure(count);
        _buffer.AsSpan(Length, count).Clear();
        Length += count;
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Ascii(string text)
    {
        Ensure(text.Length);
        Length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(Length));
    }

    /// <summary>An AE title field: 16 bytes, space padded (PS3.8 9.3.2).</summary>
    public void AeTitle(string title)
    {
        Ensure(16);
        var span = _buffer.AsSpan(Length, 16);
        span.Fill((byte)' ');
        Encoding.ASCII.GetBytes(title.AsSpan(0, Math.Min(16, title.Length)), span);
        Length += 16;
    }

    /// <summary>Reserves a 2-byte length; <see cref="EndUInt16Length"/> fills it with the bytes written since.</summary>
    public int BeginUInt16Length()
    {
        UInt16(0);
        return Length;
    }

    public void EndUInt16Length(int start) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(start - 2), checked((ushort)(Length - start)));

    public int BeginUInt32Length()
    {
        UInt32(0);
        return Length;
    }

    public void EndUInt32Length(int start) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start - 4), checked((uint)(Length - start)));

    /// <summary>An item: type, reserved byte, 2-byte length, then what <paramref name="body"/> writes.</summary>
    public void Item<T>(byte type, T state, Action<PduWriter, T> body)
    {
        Byte(type);
        Byte(0);
        var start = BeginUInt16Length();
        body(this, state);
        EndUInt16Length(start);
    }

    /// <summary>An item whose value is ASCII text (a UID or a name).</summary>
    public void TextItem(byte type, string text) => Item(type, text, static (w, t) => w.Ascii(t));

    public void Return()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Length = 0;
    }

    private void Ensure(int count)
    {
        if (Length + count <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + count));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
