using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Dokuei.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set (PS3.7 section 6.3, Annex E): the group 0000 elements, always encoded implicit VR little endian
/// with the Command Group Length (0000,0000) first. Values are kept as their encoded bytes; typed accessors read and write them.
/// </summary>
public sealed class DimseCommandSet
{
    /// <summary>Largest command set accepted from a peer; real ones are a few hundred bytes.</summary>
    public const int MaxEncodedLength = 64 * 1024;

    /// <summary>Command Data Set Type value meaning "no dataset follows" (PS3.7 E.1).</summary>
    public const ushort NoDataSet = 0x0101;

    private readonly SortedDictionary<uint, byte[]> _elements = [];

    /// <summary>Affected SOP Class UID (0000,0002).</summary>
    public const uint AffectedSopClassUid = 0x00000002;

    /// <summary>Requested SOP Class UID (0000,0003).</summary>
    public const uint RequestedSopClassUid = 0x00000003;

    /// <summary>Command Field (0000,0100).</summary>
    public const uint CommandField = 0x00000100;

    /// <summary>Message ID (0000,0110).</summary>
    public const uint MessageId = 0x00000110;

    /// <summary>Message ID Being Responded To (0000,0120).</summary>
    public const uint MessageIdBeingRespondedTo = 0x00000120;

    /// <summary>Move Destination (0000,0600).</summary>
    public const uint MoveDestination = 0x00000600;

    /// <summary>Priority (0000,0700).</summary>
    public const uint Priority = 0x00000700;

    /// <summary>Command Data Set Type (0000,0800).</summary>
    public const uint CommandDataSetType = 0x00000800;

    /// <summary>Status (0000,0900).</summary>
    public const uint Status = 0x00000900;

    /// <summary>Offending Element (0000,0901).</summary>
    public const uint OffendingElement = 0x00000901;

    /// <summary>Error Comment (0000,0902).</summary>
    public const uint ErrorComment = 0x00000902;

    /// <summary>Error ID (0000,0903).</summary>
    public const uint ErrorId = 0x00000903;

    /// <summary>Affected SOP Instance UID (0000,1000).</summary>
    public const uint AffectedSopInstanceUid = 0x00001000;

    /// <summary>Requested SOP Instance UID (0000,1001).</summary>
    public const uint RequestedSopInstanceUid = 0x00001001;

    /// <summary>Event Type ID (0000,1002).</summary>
    public const uint EventTypeId = 0x00001002;

    /// <summary>Action Type ID (0000,1008).</summary>
    public const uint ActionTypeId = 0x00001008;

    /// <summary>Number of Remaining Sub-operations (0000,1020).</summary>
    public const uint NumberOfRemainingSuboperations = 0x00001020;

    /// <summary>Number of Completed Sub-operations (0000,1021).</summary>
    public const uint NumberOfCompletedSuboperations = 0x00001021;

    /// <summary>Number of Failed Sub-operations (0000,1022).</summary>
    public const uint NumberOfFailedSuboperations = 0x00001022;

    /// <summary>Number of Warning Sub-operations (0000,1023).</summary>
    public const uint NumberOfWarningSuboperations = 0x00001023;

    /// <summary>Move Originator Application Entity Title (0000,1030).</summary>
    public const uint MoveOriginatorAeTitle = 0x00001030;

    /// <summary>Move Originator Message ID (0000,1031).</summary>
    public const uint MoveOriginatorMessageId = 0x00001031;

    /// <summary>True if the element is present.</summary>
    public bool Contains(uint tag) => _elements.ContainsKey(tag);

    /// <summary>Removes an element.</summary>
    public void Remove(uint tag) => _elements.Remove(tag);

    /// <summary>The tags present, in order.</summary>
    public IEnumerable<uint> Tags => _elements.Keys;

    /// <summary>A text value (UI, AE, LO...) without padding, or null if absent.</summary>
    public string? GetString(uint tag) =>
        _elements.TryGetValue(tag, out var bytes) ? Encoding.ASCII.GetString(bytes).TrimEnd(' ', '\0').TrimStart(' ') : null;

    /// <summary>Sets a text value, padded to even length (NUL for UIDs, space otherwise).</summary>
    public void SetString(uint tag, string value)
    {
        var bytes = new byte[value.Length + (value.Length & 1)];
        Encoding.ASCII.GetBytes(value, bytes);
        if ((value.Length & 1) == 1)
        {
            bytes[^1] = IsUid(tag) ? (byte)0 : (byte)' ';
        }

        _elements[tag] = bytes;
    }

    /// <summary>A US value, or null if absent or malformed.</summary>
    public ushort? GetUInt16(uint tag) =>
        _elements.TryGetValue(tag, out var bytes) && bytes.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : null;

    /// <summary>Sets a US value.</summary>
    public void SetUInt16(uint tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _elements[tag] = bytes;
    }

    /// <summary>The raw value bytes of an element, or null.</summary>
    public byte[]? GetBytes(uint tag) => _elements.GetValueOrDefault(tag);

    /// <summary>Sets raw value bytes (AT lists, for example).</summary>
    public void SetBytes(uint tag, byte[] value) => _elements[tag] = value;

    /// <summary>The encoded length of the command set, group length included.</summary>
    public int EncodedLength => 12 + _elements.Where(e => e.Key != 0).Sum(e => 8 + e.Value.Length);

    /// <summary>Encodes the command set (implicit VR little endian, group length first).</summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        var span = bytes.AsSpan();
        WriteElementHeader(span, 0, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)(bytes.Length - 12));
        var position = 12;
        foreach (var (tag, value) in _elements)
        {
            if (tag == 0)
            {
                continue;
            }

            WriteElementHeader(span[position..], tag, value.Length);
            value.CopyTo(span[(position + 8)..]);
            position += 8 + value.Length;
        }

        return bytes;
    }

    /// <summary>Decodes a command set; throws <see cref="DimseException"/> on elements outside group 0000 or lengths past the end.</summary>
    public static DimseCommandSet Decode(ReadOnlySequence<byte> data)
    {
        if (data.Length > MaxEncodedLength)
        {
            throw new DimseException($"command set of {data.Length} bytes exceeds {MaxEncodedLength}");
        }

        var bytes = data.IsSingleSegment ? data.FirstSpan : data.ToArray();
        var set = new DimseCommandSet();
        var position = 0;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < 8)
            {
                throw new DimseException($"command set ends inside an element header at byte {position}");
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes[position..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(position + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]);
            if (group != 0)
            {
                throw new DimseException($"command set holds element ({group:X4},{element:X4}) outside group 0000 at byte {position}");
            }

            if (length > bytes.Length - position - 8)
            {
                throw new DimseException($"command element (0000,{element:X4}) length {length} runs past the end of the command set");
            }

            set._elements[element] = bytes.Slice(position + 8, (int)length).ToArray();
            position += 8 + (int)length;
        }

        set._elements.Remove(0);
        return set;
    }

    private static void WriteElementHeader(Span<byte> span, uint tag, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)tag);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)length);
    }

    private static bool IsUid(uint tag) => tag is AffectedSopClassUid or RequestedSopClassUid or AffectedSopInstanceUid or RequestedSopInstanceUid;
}
