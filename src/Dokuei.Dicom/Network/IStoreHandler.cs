using System.IO.Pipelines;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>A C-STORE request received: the command, and the context whose transfer syntax the dataset bytes are in.</summary>
public sealed record DicomStoreRequest(DicomAssociation Association, CStoreRq Command, DicomPresentationContext Context)
{
    /// <summary>SOP Class UID of the instance.</summary>
    public string SopClassUid => Command.AffectedSopClassUid ?? Context.AbstractSyntax;

    /// <summary>SOP Instance UID of the instance.</summary>
    public string SopInstanceUid => Command.AffectedSopInstanceUid ?? "";

    /// <summary>The transfer syntax of the dataset bytes.</summary>
    public TransferSyntax TransferSyntax => Context.TransferSyntax;

    /// <summary>A handler that answers with a warning or failure may say why here; it is sent as the Error Comment (0000,0902).</summary>
    public string? ErrorComment { get; set; }
}

/// <summary>Receives instances (C-STORE SCP, and the SCU side of C-GET).</summary>
public interface IStoreHandler
{
    /// <summary>
    /// Consumes the dataset bytes of one instance as they arrive (read <paramref name="dataset"/> to its end, or complete it to refuse
    /// the rest) and returns the status to answer with. Memory stays bounded however large the instance is.
    /// </summary>
    ValueTask<DimseStatus> StoreAsync(DicomStoreRequest request, PipeReader dataset, CancellationToken cancellationToken);
}
