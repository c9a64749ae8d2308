using System.Buffers;
using System.Buffers.Binary;

namespace Dokuei.Dicom.Network.Pdus;

/// <summary>What <see cref="PduParser.TryRead"/> found.</summary>
internal enum PduTokenKind
{
    /// <summary>A whole PDU other than P-DATA-TF; <see cref="PduToken.Data"/> is its body.</summary>
    Pdu,

    /// <summary>A P-DATA-TF PDU begins.</summary>
    PDataStart,

    /// <summary>A PDV item begins: <see cref="PduToken.PresentationContextId"/> and <see cref="PduToken.MessageControlHeader"/> are set.</summary>
    PdvStart,

    /// <summary>Bytes of the current PDV (a PDV's bytes may come as several tokens).</summary>
    PdvData,

    /// <summary>The current PDV ends.</summary>
    PdvEnd,

    /// <summary>The P-DATA-TF PDU ends.</summary>
    PDataEnd,
}

/// <summary>One thing found in the byte stream; <see cref="Data"/> points into the caller's buffer and is valid until it is advanced.</summary>
internal readonly record struct PduToken(PduTokenKind Kind, PduType Type, ReadOnlySequence<byte> Data, byte PresentationContextId = 0, byte MessageControlHeader = 0);

/// <summary>Where the parser stands between buffers; survives awaits (the parser itself holds no buffer).</summary>
internal struct PduParserState
{
    public long RemainingPdu;
    public long RemainingPdv;
    public bool InPData;
    public bool InPdv;

    /// <summary>Bytes consumed since the connection opened (for error offsets).</summary>
    public long Position;

    /// <summary>True between PDUs: a connection closed here closed cleanly.</summary>
    public readonly bool AtPduBoundary => !InPData;
}

/// <summary>
/// Resumable, forward-only PDU framer (PS3.8 9.3): whole association PDUs, P-DATA-TF as a stream of PDV tokens so large
/// fragments go through without being buffered. Returns false when it needs more bytes.
/// </summary>
internal static class PduParser
{
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, ref PduParserState state, uint maxPDataLength, out PduToken token)
    {
        token = default;
        if (state.InPData)
        {
            return TryReadPData(ref buffer, ref state, out token);
        }

        if (buffer.Length < 6)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[6];
        buffer.Slice(0, 6).CopyTo(header);
        var type = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        if (type is 0 or > 7)
        {
            throw new DicomPduException($"unknown PDU type 0x{type:X2}", state.Position, AAbortReason.UnrecognizedPdu);
        }

        if ((PduType)type == PduType.PDataTf)
        {
            // The maximum length we announced bounds P-DATA-TF (PS3.8 9.3.5); a little slack for peers that count the header.
            if (maxPDataLength != 0 && length > maxPDataLength + 6)
            {
                throw new DicomPduException($"P-DATA-TF of {length} bytes exceeds the negotiated maximum of {maxPDataLength}", state.Position);
            }

            buffer = buffer.Slice(6);
            state.Position += 6;
            state.InPData = true;
            state.RemainingPdu = length;
            token = new PduToken(PduTokenKind.PDataStart, PduType.PDataTf, default);
            return true;
        }

        if (length > AAssociate.MaxLength)
        {
            throw new DicomPduException($"{(PduType)type} declares {length} bytes, more than the limit of {AAssociate.MaxLength}", state.Position);
        }

        if (type >= (byte)PduType.AReleaseRq && length != 4)
        {
            throw new DicomPduException($"{(PduType)type} must be 4 bytes long, not {length}", state.Position);
        }

        if (buffer.Length < 6 + length)
        {
            return false;
        }

        token = new PduToken(PduTokenKind.Pdu, (PduType)type, buffer.Slice(6, length));
        buffer = buffer.Slice(6 + length);
        state.Position += 6 + length;
        return true;
    }

    private static bool TryReadPData(ref ReadOnlySequence<byte> buffer, ref PduParserState state, out PduToken token)
    {
        token = default;
        if (state.InPdv)
        {
            if (state.RemainingPdv == 0)
            {
                state.InPdv = false;
                token = new PduToken(PduTokenKind.PdvEnd, PduType.PDataTf, default);
                return true;
            }

            if (buffer.IsEmpty)
            {
                return false;
            }

            var take = Math.Min(buffer.Length, state.RemainingPdv);
            token = new PduToken(PduTokenKind.PdvData, PduType.PDataTf, buffer.Slice(0, take));
            buffer = buffer.Slice(take);
            state.RemainingPdv -= take;
            state.RemainingPdu -= take;
            state.Position += take;
            return true;
        }

        if (state.RemainingPdu == 0)
        {
            state.InPData = false;
            token = new PduToken(PduTokenKind.PDataEnd, PduType.PDataTf, default);
            return true;
        }

        if (state.RemainingPdu < 6)
        {
            throw new DicomPduException($"P-DATA-TF has {state.RemainingPdu} bytes left, too few for a PDV item", state.Position);
        }

        if (buffer.Length < 6)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[6];
        buffer.Slice(0, 6).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < 2 || length > state.RemainingPdu - 4)
        {
            throw new DicomPduException($"PDV item length {length} does not fit the {state.RemainingPdu - 4} bytes left in the P-DATA-TF", state.Position);
        }

        var contextId = header[4];
        var control = header[5];
        if ((control & 0xFC) != 0)
        {
            throw new DicomPduException($"PDV message control header 0x{control:X2} has reserved bits set", state.Position + 5);
        }

        buffer = buffer.Slice(6);
        state.Position += 6;
        state.RemainingPdu -= 6;
        state.RemainingPdv = length - 2;
        state.InPdv = true;
        token = new PduToken(PduTokenKind.PdvStart, PduType.PDataTf, default, contextId, control);
        return true;
    }
}
