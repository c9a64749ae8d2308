using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>A C-MOVE request received, with its identifier.</summary>
public sealed record DicomMoveRequest(DicomAssociation Association, CMoveRq Command, DicomPresentationContext Context, DicomDataset Identifier)
{
    /// <summary>Move Destination AE title.</summary>
    public string Destination => Command.MoveDestination;
}

/// <summary>Where a C-MOVE sends to.</summary>
public sealed record DicomMoveDestination(string Host, int Port, string AeTitle);

/// <summary>What a move handler found: the destination (null if the AE title is unknown) and the instances to send.</summary>
public sealed record DicomMoveResult(DicomMoveDestination? Destination, IReadOnlyList<DicomStoreSource> Instances);

/// <summary>Answers C-MOVE: resolves the destination AE title and lists the matching instances; the server sends them.</summary>
public interface IMoveHandler
{
    /// <summary>Resolves the request.</summary>
    ValueTask<DicomMoveResult> MoveAsync(DicomMoveRequest request, CancellationToken cancellationToken);
}
