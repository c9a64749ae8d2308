using Microsoft.Extensions.Logging;

namespace Dokuei.Dicom.Network;

/// <summary>Timers and limits of one association, for either side.</summary>
public record DicomAssociationOptions
{
    /// <summary>Maximum P-DATA-TF length this side receives, announced in the user information (0 = unlimited, not advised).</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>Largest P-DATA-TF this side sends when the peer announces no limit.</summary>
    public uint MaxSendPduLength { get; init; } = 256 * 1024;

    /// <summary>ARTIM: how long to wait for an A-ASSOCIATE-RQ after connect, and for the peer to close after release or reject (PS3.8 9.1.5).</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the peer may stay silent in an established association before it is aborted (infinite by default).</summary>
    public TimeSpan IdleTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>The longest an association may last before it is aborted (infinite by default).</summary>
    public TimeSpan OverallTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Implementation class UID announced.</summary>
    public string ImplementationClassUid { get; init; } = IO.DicomFileWriter.ImplementationClassUid;

    /// <summary>Implementation version name announced.</summary>
    public string ImplementationVersionName { get; init; } = IO.DicomFileWriter.ImplementationVersionName;

    /// <summary>Bytes of a received dataset buffered ahead of its consumer; the socket is not read further until it catches up.</summary>
    public int DatasetBufferSize { get; init; } = 1024 * 1024;

    /// <summary>TLS settings (PS3.15 Annex B); null for plain TCP.</summary>
    public DicomTlsOptions? Tls { get; init; }

    /// <summary>Where log messages go.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
