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
        await RequestCommitmentAsync(transactionUid, references, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(resultTimeout);
        return await ReceiveReportAsync(timeout.Token).ConfigureAwait(false)
            ?? throw new DicomAssociationException($"{Association.CalledAeTitle} released the association before reporting the commitment result", DicomAssociationFailure.ConnectionClosed);
    }

    /// <summary>
    /// Storage Commitment Push Model SCU with the report on a new association: sends the N-ACTION, then waits for the result to
    /// reach <paramref name="reports"/> (a listener the commitment SCP connects to, under our calling AE title), or this association
    /// if the SCP reports here after all. This association stays open; release it when done (the report can come after).
    /// Throws <see cref="TimeoutException"/> if no report came within <paramref name="resultTimeout"/>.
    /// </summary>
    public async Task<DicomCommitmentResult> CommitAsync(string transactionUid, IReadOnlyList<DicomSopReference> references, DicomCommitmentReports reports, TimeSpan resultTimeout, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(resultTimeout);
        // Waiting starts before the request goes out: a quick SCP may report before the N-ACTION-RSP is read.
        var elsewhere = reports.WaitAsync(transactionUid, timeout.Token);
        await RequestCommitmentAsync(transactionUid, references, cancellationToken).ConfigureAwait(false);
        using var stopHere = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var here = ReceiveReportAsync(stopHere.Token);
        try
        {
            var first = await Task.WhenAny((Task)elsewhere, here).ConfigureAwait(false);
            if (first == here && here.Status == TaskStatus.RanToCompletion && here.Result is { } sameAssociation)
            {
                return sameAssociation;
            }

            return await elsewhere.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no storage commitment report for {transactionUid} within {resultTimeout.TotalSeconds:0} s");
        }
        finally
        {
            await stopHere.CancelAsync().ConfigureAwait(false);
            try
            {
                await here.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or DicomAssociationException)
            {
                // Nothing came here (or the association ended): the report went to the listener.
            }
        }
    }

    private async Task RequestCommitmentAsync(string transactionUid, IReadOnlyList<DicomSopReference> references, CancellationToken cancellationToken)
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

        var status = await ReceiveStatusAsync(request, cancellationToken).ConfigureAwait(false);
        if (!status.IsSuccess)
        {
            throw new DimseException($"storage commitment request refused with status {status}");
        }
    }

    /// <summary>Awaits an N-EVENT-REPORT on this association and answers it; null if the peer released the association first.</summary>
    private async Task<DicomCommitmentResult?> ReceiveReportAsync(CancellationToken cancellationToken)
    {
        var received = await Association.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (received == null)
        {
            return null;
        }

        if (received.Message is not NEventReportRq report)
        {
            await received.DiscardDatasetAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"unexpected {received.Message} while awaiting the commitment result", DicomAssociationFailure.ProtocolError);
        }

        var result = await received.ReadDatasetAsync(cancellationToken).ConfigureAwait(false);
        await Association.SendAsync(new NEventReportRsp(report, DimseStatus.Success), received.Context, null, cancellationToken).ConfigureAwait(false);
        return DicomServer.ReadResult(result);
    }

    /// <summary>Awaits the response to <paramref name="request"/> and returns its status (the response's dataset, if any, is dropped).</summary>
    internal async Task<DimseStatus> ReceiveStatusAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        var response = await ReceiveResponseAsync(request, cancellationToken).ConfigureAwait(false);
        await response.DiscardDatasetAsync().ConfigureAwait(false);
        return ((DimseResponse)response.Message).Status;
    }
}
