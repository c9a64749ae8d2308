using System.Buffers.Binary;

namespace Dokuei.Dicom;

/// <summary>
/// The bytes of one value, always in little-endian byte order: held in memory, or left in the file it was read from
/// so that large values (pixel data) are never loaded unless asked for.
/// </summary>
public abstract class DicomBuffer
{
    /// <summary>An empty value.</summary>
    public static DicomBuffer Empty { get; } = new MemoryDicomBuffer(ReadOnlyMemory<byte>.Empty);

    /// <summary>Length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>True if the bytes are in memory; false if reading them touches the file.</summary>
    public abstract bool IsInMemory { get; }

    /// <summary>The bytes, loaded from the file first if needed. Values over 2 GiB cannot be loaded; stream them.</summary>
    public abstract ReadOnlyMemory<byte> Memory { get; }

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes from <paramref name="offset"/> within the value; returns how many.</summary>
    public abstract int Read(long offset, Span<byte> destination);

    /// <summary>Copies the whole value to a stream in bounded memory.</summary>
    public virtual async Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        if (IsInMemory)
        {
            await destination.WriteAsync(Memory, cancellationToken).ConfigureAwait(false);
            return;
        }

        var chunk = new byte[(int)Math.Min(Length, 1 << 20)];
        for (long offset = 0; offset < Length;)
        {
            var n = Read(offset, chunk);
            if (n == 0)
            {
                throw new EndOfStreamException("The file holding this value is shorter than when it was read.");
            }

            await destination.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            offset += n;
        }
    }

    /// <summary>Copies the whole value to a stream in bounded memory.</summary>
    public virtual void CopyTo(Stream destination)
    {
        if (IsInMemory)
        {
            destination.Write(Memory.Span);
            return;
        }

        var chunk = new byte[(int)Math.Min(Length, 1 << 20)];
        for (long offset = 0; offset < Length;)
        {
            var n = Read(offset, chunk);
            if (n == 0)
            {
                throw new EndOfStreamException("The file holding this value is shorter than when it was read.");
            }

            destination.Write(chunk, 0, n);
            offset += n;
        }
    }

    /// <summary>Wraps bytes already in memory (not copied).</summary>
    public static DicomBuffer FromMemory(ReadOnlyMemory<byte> bytes) => bytes.IsEmpty ? Empty : new MemoryDicomBuffer(bytes);

    /// <summary>Swaps each <paramref name="unit"/>-byte number in place (big endian to little endian or back); a trailing partial unit is left as it is.</summary>
    public static void SwapBytes(Span<byte> bytes, int unit)
    {
        var whole = bytes.Length - bytes.Length % unit;
        switch (unit)
        {
            case 2:
                BinaryPrimitives.ReverseEndianness(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes[..whole]), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes[..whole]));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bytes[..whole]), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bytes[..whole]));
                break;
            case 8:
                BinaryPrimitives.ReverseEndianness(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[..whole]), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[..whole]));
                break;
            default:
                break;
        }
    }
}

/// <summary>A value held in memory.</summary>
internal sealed class MemoryDicomBuffer(ReadOnlyMemory<byte> bytes) : DicomBuffer
{
    public override long Length => bytes.Length;

    public override bool IsInMemory => true;

    public override ReadOnlyMemory<byte> Memory => bytes;

    public override int Read(long offset, Span<byte> destination)
    {
        if (offset >= bytes.Length)
        {
            return 0;
        }

        var n = (int)Math.Min(destination.Length, bytes.Length - offset);
        bytes.Span.Slice((int)offset, n).CopyTo(destination);
        return n;
    }
}

/// <summary>A value left in its file; read on demand, swapped to little endian if the file was big endian.</summary>
internal sealed class FileDicomBuffer(string path, long offset, long length, int swapUnit) : DicomBuffer
{
    private ReadOnlyMemory<byte>? _loaded;

    public string Path => path;

    public long Offset => offset;

    public override long Length => length;

    public override bool IsInMemory => false;

    public override ReadOnlyMemory<byte> Memory
    {
        get
        {
            if (_loaded is { } loaded)
            {
                return loaded;
            }

            if (length > Array.MaxLength)
            {
                throw new InvalidOperationException($"A value of {length} bytes cannot be held in memory; stream it instead.");
            }

            var bytes = new byte[length];
            var n = Read(0, bytes);
            if (n != length)
            {
                throw new EndOfStreamException($"{path} is shorter than when it was read.");
            }

            _loaded = bytes;
            return bytes;
        }
    }

    public override int Read(long offsetInValue, Span<byte> destination)
    {
        if (offsetInValue >= length)
        {
            return 0;
        }

        // Keep the swap aligned to whole numbers of the value (a partial number at the end of an odd-length value stays as it is).
        var start = offsetInValue - offsetInValue % Math.Max(1, swapUnit);
        var want = (int)Math.Min(destination.Length, length - offsetInValue);
        if (swapUnit <= 1 || start == offsetInValue && (want % swapUnit == 0 || offsetInValue + want == length))
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var total = 0;
            while (total < want)
            {
                var n = RandomAccess.Read(handle, destination.Slice(total, want - total), offset + offsetInValue + total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            if (swapUnit > 1)
            {
                SwapBytes(destination[..total], swapUnit);
            }

            return total;
        }

        var needed = offsetInValue - start + want;
        var alignedLength = (int)Math.Min(length - start, needed + (swapUnit - needed % swapUnit) % swapUnit);
        var temp = new byte[alignedLength];
        var got = Read(start, temp);
        var usable = (int)Math.Min(want, got - (offsetInValue - start));
        temp.AsSpan((int)(offsetInValue - start), Math.Max(0, usable)).CopyTo(destination);
        return Math.Max(0, usable);
    }
}
