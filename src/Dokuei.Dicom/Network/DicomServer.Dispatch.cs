using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

public sealed partial class DicomServer
{
    /// <summary>Performs the requests of one association in order until it is released or ends.</summary>
    private async Task DispatchAsync(DicomAssociation association)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, association.Lifetime);
        var token = lifetime.Token;
        try
        {
            var window = association.OperationsInvoked;
            if (window > 1)
            {
                await DispatchConcurrentlyAsync(association, window, token).ConfigureAwait(false);
                return;
            }

            while (await association.ReceiveAsync(token).ConfigureAwait(false) is { } received)
            {
                if (!await TryPerformAsync(association, received, token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (DicomAssociationException)
        {
            // Aborted or broken: the association logged why.
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Server stopping or association over.
        }
    }

    /// <summary>
    /// With an asynchronous operations window: up to <paramref name="window"/> C-STOREs are performed at once, each answered when
    /// its handler returns (the requestor matches responses by Message ID Being Responded To). Other requests are performed in
    /// turn. The datasets still arrive one after the other, so a store's handler overlaps with receiving the next ones.
    /// </summary>
    private async Task DispatchConcurrentlyAsync(DicomAssociation association, int window, CancellationToken token)
    {
        using var slots = new SemaphoreSlim(window, window);
        var running = new List<Task>();
        try
        {
            // The release is answered only once every operation in progress has sent its response (below).
            while (await association.ReceiveAsync(answerRelease: false, token).ConfigureAwait(false) is { } received)
            {
                if (received.Message is not CStoreRq)
                {
                    if (!await TryPerformAsync(association, received, token).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                await slots.WaitAsync(token).ConfigureAwait(false);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            await TryPerformAsync(association, received, token).ConfigureAwait(false);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    CancellationToken.None));
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        await association.AnswerReleaseAsync().ConfigureAwait(false);
    }

    /// <summary>Performs one request; a handler failure aborts the association and returns false.</summary>
    private async Task<bool> TryPerformAsync(DicomAssociation association, DicomReceivedMessage received, CancellationToken token)
    {
        try
        {
            await PerformAsync(association, received, token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not (DicomAssociationException or OperationCanceledException))
        {
            _logger.HandlerFailed(association.Id, received.Message.ToString(), ex);
            await association.AbortAsync().ConfigureAwait(false);
            return false;
        }
    }

    private async Task PerformAsync(DicomAssociation association, DicomReceivedMessage received, CancellationToken cancellationToken)
    {
        switch (received.Message)
        {
            case CEchoRq echo:
                var echoStatus = _handlers.Echo is { } echoHandler ? await echoHandler.EchoAsync(association, cancellationToken).ConfigureAwait(false) : DimseStatus.Success;
                await association.SendAsync(new CEchoRsp(echo, echoStatus), received.Context, null, cancellationToken).ConfigureAwait(false);
                break;
            case CStoreRq store:
                var storeRequest = new DicomStoreRequest(association, store, received.Context);
                var storeStatus = _handlers.Store is { } storeHandler
                    ? await HandleStoreAsync(storeRequest, storeHandler, received, cancellationToken).ConfigureAwait(false)
                    : await RefuseAsync(received, DimseStatus.SopClassNotSupported).ConfigureAwait(false);
                var storeResponse = new CStoreRsp(store, storeStatus) { ErrorComment = storeStatus.IsSuccess ? null : storeRequest.ErrorComment };
                await association.SendAsync(storeResponse, received.Context, null, cancellationToken).ConfigureAwait(false);
                break;
            case CFindRq find:
                await PerformFindAsync(association, find, received, cancellationToken).ConfigureAwait(false);
                break;
            case CMoveRq move:
                await PerformMoveAsync(association, move, received, cancellationToken).ConfigureAwait(false);
                break;
            case CGetRq get:
                await PerformGetAsync(association, get, received, cancellationToken).ConfigureAwait(false);
                break;
            case NActionRq action:
                await PerformCommitmentAsync(association, action, received, cancellationToken).ConfigureAwait(false);
                break;
            case NEventReportRq report:
                await PerformCommitmentReportAsync(association, report, received, cancellationToken).ConfigureAwait(false);
                break;
            case NEventReportRsp:
                // The answer to a storage commitment report sent on this association.
                await received.DiscardDatasetAsync().ConfigureAwait(false);
                break;
            default:
                await received.DiscardDatasetAsync().ConfigureAwait(false);
                throw new DimseException($"{received.Message} is not a request this server performs");
        }
    }

    private static async Task<DimseStatus> RefuseAsync(DicomReceivedMessage received, DimseStatus status)
    {
        await received.DiscardDatasetAsync().ConfigureAwait(false);
        return status;
    }

    /// <summary>Gives a received instance to a store handler; whatever the handler leaves unread is dropped.</summary>
    internal static Task<DimseStatus> HandleStoreAsync(DicomAssociation association, IStoreHandler handler, CStoreRq request, DicomReceivedMessage received, CancellationToken cancellationToken) =>
        HandleStoreAsync(new DicomStoreRequest(association, request, received.Context), handler, received, cancellationToken);

    /// <summary>As above, with the request object the caller keeps (its <see cref="DicomStoreRequest.ErrorComment"/> goes into the response).</summary>
    internal static async Task<DimseStatus> HandleStoreAsync(DicomStoreRequest storeRequest, IStoreHandler handler, DicomReceivedMessage received, CancellationToken cancellationToken)
    {
        var dataset = received.Dataset ?? throw new DimseException("C-STORE-RQ without a dataset");
        try
        {
            return await handler.StoreAsync(storeRequest, dataset, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await dataset.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task PerformFindAsync(DicomAssociation association, CFindRq request, DicomReceivedMessage received, CancellationToken cancellationToken)
    {
        var identifier = await received.ReadDatasetAsync(cancellationToken).ConfigureAwait(false);
        if (_handlers.Find is not { } handler)
        {
            await association.SendAsync(new CFindRsp(request, DimseStatus.SopClassNotSupported), received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var cancel = association.RegisterCancellable(request.MessageId, cancellationToken);
        var status = DimseStatus.Success;
        string? comment = null;
        try
        {
            await foreach (var match in handler.FindAsync(new DicomFindRequest(association, request, received.Context, identifier), cancel.Token).ConfigureAwait(false))
            {
                using var data = new MemoryStream(DimseDatasets.Encode(match, received.Context.TransferSyntax));
                await association.SendAsync(new CFindRsp(request, DimseStatus.Pending), received.Context, data, cancellationToken).ConfigureAwait(false);
                if (cancel.IsCancellationRequested)
                {
                    break;
                }
            }

            if (cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                status = DimseStatus.Cancel;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            status = DimseStatus.Cancel;
        }
        catch (DimseFailureException refused)
        {
            status = refused.Status;
            comment = refused.Message;
        }
        finally
        {
            association.UnregisterCancellable(request.MessageId);
        }

        await association.SendAsync(new CFindRsp(request, status) { ErrorComment = comment }, received.Context, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task PerformMoveAsync(DicomAssociation association, CMoveRq request, DicomReceivedMessage received, CancellationToken cancellationToken)
    {
        var identifier = await received.ReadDatasetAsync(cancellationToken).ConfigureAwait(false);
        if (_handlers.Move is not { } handler)
        {
            await association.SendAsync(new CMoveRsp(request, DimseStatus.SopClassNotSupported), received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        DicomMoveResult result;
        try
        {
            result = await handler.MoveAsync(new DicomMoveRequest(association, request, received.Context, identifier), cancellationToken).ConfigureAwait(false);
        }
        catch (DimseFailureException refused)
        {
            await association.SendAsync(new CMoveRsp(request, refused.Status) { ErrorComment = refused.Message }, received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (result.Destination is not { } destination)
        {
            await association.SendAsync(new CMoveRsp(request, DimseStatus.MoveDestinationUnknown) { ErrorComment = $"unknown move destination {request.MoveDestination}" }, received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var counts = new SubOperationCounts(result.Instances.Count);
        if (result.Instances.Count > 0)
        {
            var options = new DicomClientOptions
            {
                CallingAeTitle = _options.AeTitle,
                CalledAeTitle = destination.AeTitle,
                LoggerFactory = _options.LoggerFactory,
                MaxPduLength = _options.MaxPduLength,
                Tls = null,
            };
            using var cancel = association.RegisterCancellable(request.MessageId, cancellationToken);
            try
            {
                var client = await DicomClient.ConnectAsync(destination.Host, destination.Port, DicomClient.CreateStoreRequest(options, result.Instances), options, cancel.Token).ConfigureAwait(false);
                await using (client.ConfigureAwait(false))
                {
                    foreach (var instance in result.Instances)
                    {
                        if (cancel.IsCancellationRequested)
                        {
                            break;
                        }

                        counts.Add(await TryStoreAsync(client.Association, instance, association.CallingAeTitle, request.MessageId, cancellationToken).ConfigureAwait(false));
                        await association.SendAsync(counts.Apply(new CMoveRsp(request, DimseStatus.Pending), final: false), received.Context, null, cancellationToken).ConfigureAwait(false);
                    }

                    await client.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (DicomAssociationException ex) when (ex.Failure != DicomAssociationFailure.ConnectionClosed || !association.Lifetime.IsCancellationRequested)
            {
                _logger.HandlerFailed(association.Id, $"C-MOVE to {destination.AeTitle}", ex);
                counts.FailRemaining();
            }
            finally
            {
                association.UnregisterCancellable(request.MessageId);
            }

            var finalStatus = cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? DimseStatus.Cancel : counts.FinalStatus;
            await association.SendAsync(counts.Apply(new CMoveRsp(request, finalStatus), final: finalStatus != DimseStatus.Cancel), received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        await association.SendAsync(counts.Apply(new CMoveRsp(request, DimseStatus.Success), final: true), received.Context, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task PerformGetAsync(DicomAssociation association, CGetRq request, DicomReceivedMessage received, CancellationToken cancellationToken)
    {
        var identifier = await received.ReadDatasetAsync(cancellationToken).ConfigureAwait(false);
        if (_handlers.Get is not { } handler)
        {
            await association.SendAsync(new CGetRsp(request, DimseStatus.SopClassNotSupported), received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<DicomStoreSource> instances;
        try
        {
            instances = await handler.GetAsync(new DicomGetRequest(association, request, received.Context, identifier), cancellationToken).ConfigureAwait(false);
        }
        catch (DimseFailureException refused)
        {
            await association.SendAsync(new CGetRsp(request, refused.Status) { ErrorComment = refused.Message }, received.Context, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var counts = new SubOperationCounts(instances.Count);
        using var cancel = association.RegisterCancellable(request.MessageId, cancellationToken);
        try
        {
            foreach (var instance in instances)
            {
                if (cancel.IsCancellationRequested)
                {
                    break;
                }

                counts.Add(await TryStoreAsync(association, instance, null, null, cancellationToken).ConfigureAwait(false));
                if (counts.Remaining > 0)
                {
                    await association.SendAsync(counts.Apply(new CGetRsp(request, DimseStatus.Pending), final: false), received.Context, null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            association.UnregisterCancellable(request.MessageId);
        }

        var status = cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? DimseStatus.Cancel : counts.FinalStatus;
        await association.SendAsync(counts.Apply(new CGetRsp(request, status), final: status != DimseStatus.Cancel), received.Context, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One C-STORE sub-operation; a missing context or a refused instance counts as a failure, not an error of the whole request.</summary>
    private static async Task<DimseStatus> TryStoreAsync(DicomAssociation association, DicomStoreSource instance, string? originator, ushort? originatorId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await DicomClient.SendStoreAsync(association, instance, originator, originatorId, cancellationToken).ConfigureAwait(false);
            return response.Status;
        }
        catch (DicomAssociationException ex) when (ex.Failure == DicomAssociationFailure.NoPresentationContext)
        {
            return DimseStatus.SopClassNotSupported;
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or DicomParseException)
        {
            return DimseStatus.ProcessingFailure;
        }
    }

    /// <summary>Counts of C-MOVE / C-GET sub-operations (PS3.4 C.4.2.1.6, C.4.3.1.3).</summary>
    private sealed class SubOperationCounts(int total)
    {
        public int Remaining { get; private set; } = total;

        public int Completed { get; private set; }

        public int Failed { get; private set; }

        public int Warning { get; private set; }

        public DimseStatus FinalStatus => Failed > 0 && Completed == 0 && Warning == 0
            ? new DimseStatus(0xA702)
            : Failed > 0 || Warning > 0 ? DimseStatus.SubOperationsWarning : DimseStatus.Success;

        public void Add(DimseStatus status)
        {
            Remaining--;
            switch (status.Kind)
            {
                case DimseStatusKind.Success:
                    Completed++;
                    break;
                case DimseStatusKind.Warning:
                    Warning++;
                    break;
                default:
                    Failed++;
                    break;
            }
        }

        public void FailRemaining()
        {
            Failed += Remaining;
            Remaining = 0;
        }

        public T Apply<T>(T response, bool final)
            where T : DimseRetrieveResponse
        {
            // The final response carries no remaining count (PS3.7 9.3.3.2, 9.3.4.2); a cancelled one still does.
            response.Remaining = final ? null : (ushort)Math.Min(Remaining, ushort.MaxValue);
            response.Completed = (ushort)Math.Min(Completed, ushort.MaxValue);
            response.Failed = (ushort)Math.Min(Failed, ushort.MaxValue);
            response.Warning = (ushort)Math.Min(Warning, ushort.MaxValue);
            return response;
        }
    }
}
