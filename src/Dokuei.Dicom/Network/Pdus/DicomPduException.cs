namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A PDU that does not follow PS3.8: the peer is answered with A-ABORT (invalid PDU parameter value).</summary>
public sealed class DicomPduException : Exception
{
    /// <summary>Creates the exception with the byte offset in the PDU where the fault was found.</summary>
    public DicomPduException(string message, long offset, AAbortReason reason = AAbortReason.InvalidPduParameterValue)
        : base(offset >= 0 ? $"{message} (at byte {offset} of the PDU)" : message)
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Byte offset in the PDU (counting its 6-byte header), or -1.</summary>
    public long Offset { get; }

    /// <summary>The A-ABORT reason to answer with.</summary>
    public AAbortReason Reason { get; }
}
