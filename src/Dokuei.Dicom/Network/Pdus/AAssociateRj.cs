namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A-ASSOCIATE-RJ result (PS3.8 Table 9-21).</summary>
public enum AAssociateRjResult : byte
{
    /// <summary>Rejected permanently.</summary>
    RejectedPermanent = 1,

    /// <summary>Rejected transiently (try again later).</summary>
    RejectedTransient = 2,
}

/// <summary>A-ASSOCIATE-RJ source (PS3.8 Table 9-21).</summary>
public enum AAssociateRjSource : byte
{
    /// <summary>DICOM UL service-user.</summary>
    ServiceUser = 1,

    /// <summary>DICOM UL service-provider (ACSE related function).</summary>
    ServiceProviderAcse = 2,

    /// <summary>DICOM UL service-provider (presentation related function).</summary>
    ServiceProviderPresentation = 3,
}

/// <summary>A-ASSOCIATE-RJ PDU (PS3.8 9.3.4).</summary>
public sealed record AAssociateRj(AAssociateRjResult Result, AAssociateRjSource Source, byte Reason)
{
    /// <summary>Service-user reason: no reason given.</summary>
    public const byte NoReasonGiven = 1;

    /// <summary>Service-user reason: application context name not supported.</summary>
    public const byte ApplicationContextNameNotSupported = 2;

    /// <summary>Service-user reason: calling AE title not recognized.</summary>
    public const byte CallingAeTitleNotRecognized = 3;

    /// <summary>Service-user reason: called AE title not recognized.</summary>
    public const byte CalledAeTitleNotRecognized = 7;

    /// <summary>Service-provider (ACSE) reason: protocol version not supported.</summary>
    public const byte ProtocolVersionNotSupported = 2;

    /// <summary>Service-provider (presentation) reason: temporary congestion.</summary>
    public const byte TemporaryCongestion = 1;

    /// <summary>Service-provider (presentation) reason: local limit exceeded.</summary>
    public const byte LocalLimitExceeded = 2;

    internal void Write(PduWriter writer)
    {
        writer.Byte((byte)PduType.AAssociateRj);
        writer.Byte(0);
        writer.UInt32(4);
        writer.Byte(0);
        writer.Byte((byte)Result);
        writer.Byte((byte)Source);
        writer.Byte(Reason);
    }

    /// <summary>Parses the body of the PDU.</summary>
    public static AAssociateRj Parse(ReadOnlySpan<byte> body)
    {
        var reader = new PduSpanReader(body, 6);
        reader.Skip(1, "reserved");
        var result = reader.Byte("result");
        var source = reader.Byte("source");
        var reason = reader.Byte("reason");
        return new AAssociateRj((AAssociateRjResult)result, (AAssociateRjSource)source, reason);
    }

    /// <summary>The rejection in words an operator understands.</summary>
    public string Describe()
    {
        var why = (Source, Reason) switch
        {
            (AAssociateRjSource.ServiceUser, CallingAeTitleNotRecognized) => "calling AE title not recognized",
            (AAssociateRjSource.ServiceUser, CalledAeTitleNotRecognized) => "called AE title not recognized",
            (AAssociateRjSource.ServiceUser, ApplicationContextNameNotSupported) => "application context name not supported",
            (AAssociateRjSource.ServiceUser, _) => "no reason given",
            (AAssociateRjSource.ServiceProviderAcse, ProtocolVersionNotSupported) => "protocol version not supported",
            (AAssociateRjSource.ServiceProviderPresentation, TemporaryCongestion) => "temporary congestion",
            (AAssociateRjSource.ServiceProviderPresentation, LocalLimitExceeded) => "local limit exceeded (too many associations)",
            _ => $"reason {Reason}",
        };
        return $"{why} ({(Result == AAssociateRjResult.RejectedTransient ? "transient" : "permanent")})";
    }
}
