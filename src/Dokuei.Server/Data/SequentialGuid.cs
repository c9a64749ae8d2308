using System.Buffers.Binary;

namespace Dokuei.Server.Data;

/// <summary>
/// Version 7 UUIDs for row keys that lists sort by (comments, notifications, requests, tasks): the creation time in
/// milliseconds, then random bits. <see cref="Guid.CreateVersion7(DateTimeOffset)"/> alone orders two ids of the same
/// millisecond at random, so a thread's comments or a request's tasks made in one call could list out of order. Here an
/// id never sorts before one this process made earlier: within a millisecond (or when the clock stands still or steps
/// back) the next id is the previous one plus a random step of at most 2^32 in its 74 random bits (RFC 9562, section 6.2,
/// method 2), so ids stay hard to guess.
/// </summary>
internal sealed class SequentialGuid
{
    private static readonly SequentialGuid Process = new();
    private readonly Lock _gate = new();

    // The last id, big-endian; all zeros (millisecond 0) before the first.
    private readonly byte[] _last = new byte[16];

    /// <summary>A new id for something created at <paramref name="at"/>, greater than every id made before it in this process.</summary>
    public static Guid Create(DateTimeOffset at) => Process.Next(at);

    /// <summary>A new id for something created at <paramref name="at"/>, greater than every id this generator made before.</summary>
    public Guid Next(DateTimeOffset at)
    {
        var milliseconds = at.ToUnixTimeMilliseconds();
        Span<byte> bytes = stackalloc byte[16];
        lock (_gate)
        {
            // The first 48 bits are the millisecond timestamp.
            if (milliseconds > (long)(BinaryPrimitives.ReadUInt64BigEndian(_last) >> 16))
            {
                if (!Guid.CreateVersion7(at).TryWriteBytes(bytes, bigEndian: true, out _))
                {
                    throw new InvalidOperationException("a GUID is 16 bytes");
                }
            }
            else
            {
                _last.CopyTo(bytes);
                Increment(bytes, (ulong)Random.Shared.NextInt64(1, (1L << 32) + 1));
            }

            bytes.CopyTo(_last);
        }

        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// Adds <paramref name="step"/> to the 74 random bits (the low nibble of byte 6, byte 7, the low 6 bits of byte 8,
    /// bytes 9-15), keeping the version and variant bits; what overflows them carries into the 48-bit millisecond
    /// timestamp (bytes 0-5). Returns whether it did.
    /// </summary>
    internal static bool Increment(Span<byte> bytes, ulong step)
    {
        var carry = step;
        for (var i = 15; i >= 9 && carry != 0; i--)
        {
            var sum = bytes[i] + (carry & 0xFF);
            bytes[i] = (byte)sum;
            carry = (carry >> 8) + (sum >> 8);
        }

        // At most one more unit carries past byte 9: the step is below 2^56.
        if (carry == 0)
        {
            return false;
        }

        if ((bytes[8] & 0x3F) != 0x3F)
        {
            bytes[8]++;
            return false;
        }

        bytes[8] &= 0xC0;
        if (++bytes[7] != 0)
        {
            return false;
        }

        if ((bytes[6] & 0x0F) != 0x0F)
        {
            bytes[6]++;
            return false;
        }

        bytes[6] &= 0xF0;
        for (var i = 5; i >= 0; i--)
        {
            if (++bytes[i] != 0)
            {
                break;
            }
        }

        return true;
    }
}
