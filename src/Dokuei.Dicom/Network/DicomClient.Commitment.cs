using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

public sealed partial class DicomClient
{
    /// <summary>
    /// Storage Commitment Push Model SCU (PS3.4 Annex J): N-ACTION with the references, then waits on this association for the
    /// SCP's N-EVENT-REPORT with the result, answers it and returns it. Propose <see cref="DicomUids.StorageCommitmentPushModel"/>
    /// (with SCU/SCP role selection if the peer reports on the same association as dcmtk-style SCPs expect).
    /// </summary>
    public async Task<DicomCommitmentResult> CommitAsync(string transactionUid, IReadOnlyList<DicomSopReference> references, TimeSpan resultTimeout, CancellationToken cancellationToken = default)
    {
        var context = RequireContext(DicomUids.StorageCommitmentPushModel);
        var data = new DicomDataset();
        data.SetString(DicomTag.TransactionUID, transactionUid);
        data.SetSequence(DicomTag.ReferencedSOPSequence, [.. references.Select(DicomServer.Reference)]);
        var request = new NActionRq(DicomUids.StorageCommitmentPushModel, DicomUids.StorageCommitmentPushModelInstance, 1) { MessageId = Association.NextMessageId() };
        using (var stream = new MemoryStream(DimseDatasets.Encode(data, context.TransferSyntax)))
        {
            await Association.SendAsync(request, context, stream, cancellationToken).ConfigureAwait(false);
        }

        var response = await ReceiveResponseAsync(request, cancellationToken).ConfigureAwait(false);
        await response.DiscardDatasetAsync().ConfigureAwait(false);
        var status = ((DimseResponse)response.Message).Status;
        if (!status.IsSuccess)
        {
            throw new DimseException($"storage commitment request refused with status {status}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(resultTimeout);
        var received = await Association.ReceiveAsync(timeout.Token).ConfigureAwait(false)
            ?? throw new DicomAssociationException($"{Association.CalledAeTitle} released the association before reporting the commitment result", DicomAssociationFailure.ConnectionClosed);
        if (received.Message is not NEventReportRq report)
        {
            await received.DiscardDatasetAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"unexpected {received.Message} while awaiting the commitment result", DicomAssociationFailure.ProtocolError);
        }

        var result = await received.ReadDatasetAsync(cancellationToken).ConfigureAwait(false);
        await Association.SendAsync(new NEventReportRsp(report, DimseStatus.Success), received.Context, null, cancellationToken).ConfigureAwait(false);
        var committed = DicomServer.ReadReferences(result.GetSequence(DicomTag.ReferencedSOPSequence));
        var failed = result.GetSequence(DicomTag.FailedSOPSequence)?.Items
            .Select(i => (DicomServer.ReadReferences(new DicomSequence(DicomTag.ReferencedSOPSequence, [i.Clone()]))[0], i.TryGetUInt16(DicomTag.FailureReason, out var reason) ? reason : (ushort)0x0110))
            .ToList() ?? [];
        return new DicomCommitmentResult(committed, failed);
    }
}
