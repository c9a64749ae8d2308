namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A-ABORT source (PS3.8 Table 9-26).</summary>
public enum AAbortSource : byte
{
    /// <summary>DICOM UL service-user (initiated abort).</summary>
    ServiceUser = 0,

    /// <summary>DICOM UL service-provider (initiated abort).</summary>
    ServiceProvider = 2,
}

/// <summary>A-ABORT reason when the source is the service-provider (PS3.8 Table 9-26).</summary>
public enum AAbortReason : byte
{
    /// <summary>Reason not specified.</summary>
    NotSpecified = 0,

    /// <summary>Unrecognized PDU.</summary>
    UnrecognizedPdu = 1,

    /// <summary>Unexpected PDU.</summary>
    UnexpectedPdu = 2,

    /// <summary>Unrecognized PDU parameter.</summary>
    UnrecognizedPduParameter = 4,

    /// <summary>Unexpected PDU parameter.</summary>
    UnexpectedPduParameter = 5,

    /// <summary>Invalid PDU parameter value.</summary>
    InvalidPduParameterValue = 6,
}

/// <summary>A-ABORT PDU (PS3.8 9.3.8).</summary>
public sealed record AAbort(AAbortSource Source, AAbortReason Reason)
{
    internal void Write(PduWriter writer)
    {
        writer.Byte((byte)PduType.AAbort);
        writer.Byte(0);
        writer.UInt32(4);
        writer.Zeros(2);
        writer.Byte((byte)Source);
        writer.Byte((byte)Reason);
    }

    /// <summary>Parses the body of the PDU.</summary>
    public static AAbort Parse(ReadOnlySpan<byte> body)
    {
        var reader = new PduSpanReader(body, 6);
        reader.Skip(2, "reserved");
        var source = reader.Byte("source");
        var reason = reader.Byte("reason");
        return new AAbort((AAbortSource)source, (AAbortReason)reason);
    }

    /// <summary>The abort in words an operator understands.</summary>
    public string Describe() => Source == AAbortSource.ServiceProvider
        ? $"aborted by the peer's DICOM layer: {Reason}"
        : "aborted by the peer";
}
