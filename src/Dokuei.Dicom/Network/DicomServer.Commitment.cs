using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

public sealed partial class DicomServer
{
    private static readonly DicomTag ReferencedSopClassUid = new(0x00081150);
    private static readonly DicomTag ReferencedSopInstanceUid = new(0x00081155);

    /// <summary>
    /// Storage Commitment Push Model (PS3.4 Annex J): answers the N-ACTION, then reports the result with N-EVENT-REPORT on the same
    /// association (event type 1 if all committed, 2 if some failed). The N-EVENT-REPORT-RSP comes back through the dispatch loop.
    /// </summary>
    private async Task PerformCommitmentAsync(DicomAssociation association, NActionRq request, DicomReceivedMessage received, CancellationToken cancellationToken)
    {
        var data = await received.ReadDatasetAsync(cancellationToken).ConfigureAwait(false);
        if (_handlers.Commitment is not { } handler || request.RequestedSopClassUid != DicomUids.StorageCommitmentPushModel || request.ActionTypeId != 1)
        {
            await association.SendAsync(new NActionRsp(request, DimseStatus.SopClassNotSupported), received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var transaction = data.GetString(DicomTag.TransactionUID) ?? "";
        var references = ReadReferences(data.GetSequence(DicomTag.ReferencedSOPSequence));
        await association.SendAsync(new NActionRsp(request, DimseStatus.Success), received.Context, null, cancellationToken).ConfigureAwait(false);

        var result = await handler.CommitAsync(new DicomCommitmentRequest(association, transaction, references), cancellationToken).ConfigureAwait(false);
        var report = new DicomDataset();
        report.SetString(DicomTag.TransactionUID, transaction);
        if (result.Committed.Count > 0)
        {
            report.SetSequence(DicomTag.ReferencedSOPSequence, [.. result.Committed.Select(r => Reference(r))]);
        }

        if (result.Failed.Count > 0)
        {
            report.SetSequence(DicomTag.FailedSOPSequence, [.. result.Failed.Select(f =>
            {
                var item = Reference(f.Reference);
                item.SetUInt16(DicomTag.FailureReason, f.FailureReason);
                return item;
            })]);
        }

        var eventType = result.Failed.Count == 0 ? (ushort)1 : (ushort)2;
        var eventReport = new NEventReportRq(DicomUids.StorageCommitmentPushModel, DicomUids.StorageCommitmentPushModelInstance, eventType) { MessageId = association.NextMessageId() };
        using var stream = new MemoryStream(DimseDatasets.Encode(report, received.Context.TransferSyntax));
        await association.SendAsync(eventReport, received.Context, stream, cancellationToken).ConfigureAwait(false);
    }

    internal static List<DicomSopReference> ReadReferences(DicomSequence? sequence) =>
        sequence == null
            ? []
            : [.. sequence.Items.Select(i => new DicomSopReference(i.GetString(ReferencedSopClassUid) ?? "", i.GetString(ReferencedSopInstanceUid) ?? ""))];

    internal static DicomDataset Reference(DicomSopReference reference)
    {
        var item = new DicomDataset();
        item.SetString(ReferencedSopClassUid, reference.SopClassUid);
        item.SetString(ReferencedSopInstanceUid, reference.SopInstanceUid);
        return item;
    }
}
