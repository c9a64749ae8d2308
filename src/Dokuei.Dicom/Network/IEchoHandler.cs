using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>Answers C-ECHO (optional: without one, the server answers success).</summary>
public interface IEchoHandler
{
    /// <summary>The status to answer a C-ECHO-RQ with.</summary>
    ValueTask<DimseStatus> EchoAsync(DicomAssociation association, CancellationToken cancellationToken);
}
