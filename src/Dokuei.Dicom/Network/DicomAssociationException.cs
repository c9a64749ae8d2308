using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Network;

/// <summary>Why an association could not be used.</summary>
public enum DicomAssociationFailure
{
    /// <summary>The peer rejected the association (A-ASSOCIATE-RJ).</summary>
    Rejected,

    /// <summary>The association was aborted (A-ABORT received or sent).</summary>
    Aborted,

    /// <summary>The transport connection closed or could not be opened.</summary>
    ConnectionClosed,

    /// <summary>A timer expired (ARTIM, idle, overall).</summary>
    Timeout,

    /// <summary>The peer broke the protocol (invalid PDU, unexpected message).</summary>
    ProtocolError,

    /// <summary>No accepted presentation context fits the operation.</summary>
    NoPresentationContext,
}

/// <summary>An association failed; the message is meant for an operator ("association rejected by PEER: called AE title not recognized").</summary>
public sealed class DicomAssociationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomAssociationException(string message, DicomAssociationFailure failure, Exception? inner = null)
        : base(message, inner) => Failure = failure;

    /// <summary>What went wrong.</summary>
    public DicomAssociationFailure Failure { get; }

    /// <summary>The rejection, if the peer rejected.</summary>
    public AAssociateRj? Rejection { get; init; }

    /// <summary>The abort, if the peer aborted.</summary>
    public AAbort? Abort { get; init; }
}
