using System.Buffers.Binary;

namespace Dokuei.Dicom.Network.Pdus;

/// <summary>
/// P-DATA-TF PDU (PS3.8 9.3.5): presentation data value items, each a fragment of a DIMSE command or dataset.
/// Only headers are built here; fragment bytes go from the caller's buffer to the socket untouched.
/// </summary>
public static class PDataTf
{
    /// <summary>PDU header (6) + PDV item length (4) + context ID and message control header (2).</summary>
    public const int HeaderLength = 12;

    /// <summary>Message control header bit 0: the fragment is (part of) a command, not a dataset.</summary>
    public const byte CommandBit = 0x01;

    /// <summary>Message control header bit 1: the last fragment of the command or dataset.</summary>
    public const byte LastFragmentBit = 0x02;

    /// <summary>Writes the 12 header bytes of a P-DATA-TF holding one PDV of <paramref name="dataLength"/> bytes.</summary>
    public static void WriteSinglePdvHeader(Span<byte> destination, int dataLength, byte presentationContextId, bool command, bool last)
    {
        destination[0] = (byte)PduType.PDataTf;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], checked((uint)(dataLength + 6)));
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], checked((uint)(dataLength + 2)));
        destination[10] = presentationContextId;
        destination[11] = (byte)((command ? CommandBit : 0) | (last ? LastFragmentBit : 0));
    }
}
