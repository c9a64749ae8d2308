using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

public sealed partial class DicomServer
{
    private static readonly DicomTag ReferencedSopClassUid = new(0x00081150);
    private static readonly DicomTag ReferencedSopInstanceUid = new(0x00081155);

    /// <summary>
    /// Storage Commitment Push Model (PS3.4 Annex J): answers the N-ACTION, then reports the result with N-EVENT-REPORT (event
    /// type 1 if all committed, 2 if some failed), on the same association or, if the handler names a destination, on a new one.
    /// On the same association the N-EVENT-REPORT-RSP comes back through the dispatch loop.
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
        var commitment = new DicomCommitmentRequest(association, transaction, ReadReferences(data.GetSequence(DicomTag.ReferencedSOPSequence)));
        await association.SendAsync(new NActionRsp(request, DimseStatus.Success), received.Context, null, cancellationToken).ConfigureAwait(false);

        if (await handler.ResolveReportDestinationAsync(commitment, cancellationToken).ConfigureAwait(false) is { } destination)
        {
            // The requestor may release this association at once and wait on its own listener, and committing may take long: the
            // report goes out on its own task, which DisposeAsync waits for like a connection.
            var id = Interlocked.Increment(ref _nextConnection);
            _connections[id] = Task.Run(async () =>
            {
                try
                {
                    await ReportOnNewAssociationAsync(handler, commitment, destination).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(id, out _);
                }
            }, CancellationToken.None);
            return;
        }

        var result = await handler.CommitAsync(commitment, cancellationToken).ConfigureAwait(false);
        var (eventReport, report) = CreateReport(association, transaction, result);
        using var stream = new MemoryStream(DimseDatasets.Encode(report, received.Context.TransferSyntax));
        await association.SendAsync(eventReport, received.Context, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens an association to <paramref name="destination"/> proposing Storage Commitment with the SCP role (role selection),
    /// sends the N-EVENT-REPORT, awaits its response and releases. Failures are logged: the requestor's wait times out then.
    /// </summary>
    private async Task ReportOnNewAssociationAsync(ICommitmentHandler handler, DicomCommitmentRequest commitment, DicomReportDestination destination)
    {
        try
        {
            var result = await handler.CommitAsync(commitment, _stopping.Token).ConfigureAwait(false);
            var options = new DicomClientOptions
            {
                CallingAeTitle = _options.AeTitle,
                CalledAeTitle = destination.AeTitle,
                LoggerFactory = _options.LoggerFactory,
                MaxPduLength = _options.MaxPduLength,
                ArtimTimeout = _options.ArtimTimeout,
            };
            var request = DicomClient.CreateRequest(options, [(DicomUids.StorageCommitmentPushModel, DicomClient.UncompressedTransferSyntaxes)]);
            request.UserInformation.RoleSelections.Add(new Pdus.ScpScuRoleSelection(DicomUids.StorageCommitmentPushModel, ScuRole: false, ScpRole: true));
            var client = await DicomClient.ConnectAsync(destination.Host, destination.Port, request, options, _stopping.Token).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var context = client.Association.FindContext(DicomUids.StorageCommitmentPushModel)
                    ?? throw new DicomAssociationException($"{destination.AeTitle} accepted no Storage Commitment context", DicomAssociationFailure.NoPresentationContext);
                var (eventReport, report) = CreateReport(client.Association, commitment.TransactionUid, result);
                using (var stream = new MemoryStream(DimseDatasets.Encode(report, context.TransferSyntax)))
                {
                    await client.Association.SendAsync(eventReport, context, stream, _stopping.Token).ConfigureAwait(false);
                }

                var status = await client.ReceiveStatusAsync(eventReport, _stopping.Token).ConfigureAwait(false);
                await client.ReleaseAsync(_stopping.Token).ConfigureAwait(false);
                _logger.CommitmentReported(commitment.TransactionUid, destination.AeTitle, destination.Host, destination.Port, status.ToString());
            }
        }
        catch (Exception ex) when (ex is DicomAssociationException or DimseException or IOException or OperationCanceledException)
        {
            _logger.CommitmentReportFailed(commitment.TransactionUid, destination.AeTitle, destination.Host, destination.Port, ex.Message);
        }
    }

    /// <summary>Answers an N-EVENT-REPORT carrying a storage commitment result (we requested it, as commitment SCU).</summary>
    private async Task PerformCommitmentReportAsync(DicomAssociation association, NEventReportRq request, DicomReceivedMessage received, CancellationToken cancellationToken)
    {
        var data = await received.ReadDatasetAsync(cancellationToken).ConfigureAwait(false);
        DimseStatus status;
        if (_handlers.CommitmentReport is not { } handler || request.AffectedSopClassUid != DicomUids.StorageCommitmentPushModel)
        {
            status = DimseStatus.SopClassNotSupported;
        }
        else if (request.EventTypeId is not (1 or 2))
        {
            status = new DimseStatus(0x0113); // No such event type.
        }
        else
        {
            var report = new DicomCommitmentReport(association, data.GetString(DicomTag.TransactionUID) ?? "", ReadResult(data));
            status = await handler.ReportAsync(report, cancellationToken).ConfigureAwait(false);
        }

        await association.SendAsync(new NEventReportRsp(request, status), received.Context, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The N-EVENT-REPORT-RQ and its dataset for a commitment result (PS3.4 J.3.3.1).</summary>
    internal static (NEventReportRq Command, DicomDataset Report) CreateReport(DicomAssociation association, string transactionUid, DicomCommitmentResult result)
    {
        var report = new DicomDataset();
        report.SetString(DicomTag.TransactionUID, transactionUid);
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
        var command = new NEventReportRq(DicomUids.StorageCommitmentPushModel, DicomUids.StorageCommitmentPushModelInstance, eventType) { MessageId = association.NextMessageId() };
        return (command, report);
    }

    /// <summary>The committed and failed references of a report dataset; a failure without a reason counts as processing failure.</summary>
    internal static DicomCommitmentResult ReadResult(DicomDataset report)
    {
        var committed = ReadReferences(report.GetSequence(DicomTag.ReferencedSOPSequence));
        var failed = report.GetSequence(DicomTag.FailedSOPSequence)?.Items
            .Select(i => (new DicomSopReference(i.GetString(ReferencedSopClassUid) ?? "", i.GetString(ReferencedSopInstanceUid) ?? ""),
                i.TryGetUInt16(DicomTag.FailureReason, out var reason) ? reason : (ushort)0x0110))
            .ToList() ?? [];
        return new DicomCommitmentResult(committed, failed);
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
