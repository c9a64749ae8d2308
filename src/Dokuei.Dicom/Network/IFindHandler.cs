using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>A C-FIND request received, with its identifier.</summary>
public sealed record DicomFindRequest(DicomAssociation Association, CFindRq Command, DicomPresentationContext Context, DicomDataset Identifier)
{
    /// <summary>The information model (e.g. Study Root Query/Retrieve Information Model - FIND).</summary>
    public string SopClassUid => Command.AffectedSopClassUid ?? Context.AbstractSyntax;

    /// <summary>Query/Retrieve Level (0008,0052), empty for modality worklist.</summary>
    public string Level => Identifier.GetString(DicomTag.QueryRetrieveLevel) ?? "";
}

/// <summary>Answers C-FIND (patient root, study root, modality worklist): each match becomes a pending response, streamed as it is found.</summary>
public interface IFindHandler
{
    /// <summary>Yields the matches; the token is cancelled by C-CANCEL, by the end of the association or by server shutdown.</summary>
    IAsyncEnumerable<DicomDataset> FindAsync(DicomFindRequest request, CancellationToken cancellationToken);
}
