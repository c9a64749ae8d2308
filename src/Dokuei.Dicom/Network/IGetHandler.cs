using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>A C-GET request received, with its identifier.</summary>
public sealed record DicomGetRequest(DicomAssociation Association, CGetRq Command, DicomPresentationContext Context, DicomDataset Identifier);

/// <summary>Answers C-GET: lists the matching instances; the server sends them back on the same association.</summary>
public interface IGetHandler
{
    /// <summary>Resolves the request.</summary>
    ValueTask<IReadOnlyList<DicomStoreSource>> GetAsync(DicomGetRequest request, CancellationToken cancellationToken);
}
