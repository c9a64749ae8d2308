namespace Dokuei.Dicom.Network;

/// <summary>One referenced instance of a storage commitment request (Referenced SOP Sequence item).</summary>
public sealed record DicomSopReference(string SopClassUid, string SopInstanceUid);

/// <summary>A storage commitment request (N-ACTION, action type 1, PS3.4 J.3.2).</summary>
public sealed record DicomCommitmentRequest(DicomAssociation Association, string TransactionUid, IReadOnlyList<DicomSopReference> References);

/// <summary>The outcome: which instances are committed and which failed (with a failure reason, PS3.4 J.3.3.1.1).</summary>
public sealed record DicomCommitmentResult(IReadOnlyList<DicomSopReference> Committed, IReadOnlyList<(DicomSopReference Reference, ushort FailureReason)> Failed);

/// <summary>The AE a storage commitment report is sent to on a new association.</summary>
public sealed record DicomReportDestination(string Host, int Port, string AeTitle);

/// <summary>Answers Storage Commitment Push Model requests; the server reports the result by N-EVENT-REPORT.</summary>
public interface ICommitmentHandler
{
    /// <summary>Decides which referenced instances are safely stored.</summary>
    ValueTask<DicomCommitmentResult> CommitAsync(DicomCommitmentRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Where to report the result: null reports on the association that carried the N-ACTION (the requestor waits there); an AE
    /// (usually looked up by the calling AE title) gets the report on a new association that the server opens to it, taking the
    /// SCP role for Storage Commitment by role selection (PS3.4 J.3.3), as most modalities and PACS expect.
    /// </summary>
    ValueTask<DicomReportDestination?> ResolveReportDestinationAsync(DicomCommitmentRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DicomReportDestination?>(null);
}

/// <summary>A storage commitment result reported to us (N-EVENT-REPORT, event type 1 or 2), on any association.</summary>
public sealed record DicomCommitmentReport(DicomAssociation Association, string TransactionUid, DicomCommitmentResult Result);

/// <summary>Receives storage commitment reports as the SCU of Storage Commitment, on associations the commitment SCP opens to us.</summary>
public interface ICommitmentReportHandler
{
    /// <summary>Takes one report; the status answers the N-EVENT-REPORT.</summary>
    ValueTask<Dimse.DimseStatus> ReportAsync(DicomCommitmentReport report, CancellationToken cancellationToken);
}
