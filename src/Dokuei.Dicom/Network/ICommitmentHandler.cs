namespace Dokuei.Dicom.Network;

/// <summary>One referenced instance of a storage commitment request (Referenced SOP Sequence item).</summary>
public sealed record DicomSopReference(string SopClassUid, string SopInstanceUid);

/// <summary>A storage commitment request (N-ACTION, action type 1, PS3.4 J.3.2).</summary>
public sealed record DicomCommitmentRequest(DicomAssociation Association, string TransactionUid, IReadOnlyList<DicomSopReference> References);

/// <summary>The outcome: which instances are committed and which failed (with a failure reason, PS3.4 J.3.3.1.1).</summary>
public sealed record DicomCommitmentResult(IReadOnlyList<DicomSopReference> Committed, IReadOnlyList<(DicomSopReference Reference, ushort FailureReason)> Failed);

/// <summary>Answers Storage Commitment Push Model requests; the server reports the result by N-EVENT-REPORT.</summary>
public interface ICommitmentHandler
{
    /// <summary>Decides which referenced instances are safely stored.</summary>
    ValueTask<DicomCommitmentResult> CommitAsync(DicomCommitmentRequest request, CancellationToken cancellationToken);
}
