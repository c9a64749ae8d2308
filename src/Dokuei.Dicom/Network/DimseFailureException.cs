using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>
/// Thrown by a find, move or get handler to refuse a request with a failure status and an error comment (an identifier
/// that does not match the information model, a query that cannot be performed), instead of aborting the association.
/// </summary>
public sealed class DimseFailureException(DimseStatus status, string message) : Exception(message)
{
    /// <summary>The status to answer with.</summary>
    public DimseStatus Status { get; } = status;
}
