using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Network;

public sealed partial class DicomAssociation
{
    /// <summary>Received dataset bytes are handed to the consumer's pipe in batches of about this size (each wakes the consumer).</summary>
    private const int FlushThreshold = 256 * 1024;

    private readonly CancellationTokenSource _artim = new();
    private readonly CancellationTokenSource _idle = new();

    /// <summary>The requestor's side of establishment: send A-ASSOCIATE-RQ on an open connection, wait for AC or RJ (Sta4 -> Sta5 -> Sta6).</summary>
    internal static async Task<DicomAssociation> RequestAsync(Stream stream, Socket? socket, AAssociateRq request, DicomAssociationOptions options, CancellationToken cancellationToken)
    {
        var association = new DicomAssociation(stream, socket, isRequestor: true, options) { Request = request };
        try
        {
            // AE-1 (transport connect) was done by the caller, who opened the connection; AE-2 sends the request.
            association.Fire(AssociationEvent.Evt1);
            association.Fire(AssociationEvent.Evt2);
            await association.SendPduAsync(request.Write).ConfigureAwait(false);
            association._artim.CancelAfter(options.ArtimTimeout);
            var peer = association.RemoteEndPoint?.ToString() ?? request.CalledAeTitle;
            while (true)
            {
                var pdu = await association.ReadControlPduAsync(cancellationToken).ConfigureAwait(false);
                switch (pdu?.Type)
                {
                    case PduType.AAssociateAc:
                        var accepted = AAssociateAc.Parse(pdu.Value.Body);
                        association.Fire(AssociationEvent.Evt3);
                        association.StoreNegotiated(request, accepted);
                        association.ResetArtim();
                        association._readLoop = Task.Run(association.ReadLoopAsync, CancellationToken.None);
                        return association;
                    case PduType.AAssociateRj:
                        var rejection = AAssociateRj.Parse(pdu.Value.Body);
                        association.Fire(AssociationEvent.Evt4);
                        throw new DicomAssociationException($"association rejected by {request.CalledAeTitle} at {peer}: {rejection.Describe()}", DicomAssociationFailure.Rejected) { Rejection = rejection };
                    case PduType.AAbort:
                        var abort = AAbort.Parse(pdu.Value.Body);
                        association.Fire(AssociationEvent.Evt16);
                        throw new DicomAssociationException($"association aborted by {request.CalledAeTitle} at {peer} during negotiation: {abort.Describe()}", DicomAssociationFailure.Aborted) { Abort = abort };
                    case null:
                        association.Fire(AssociationEvent.Evt17);
                        throw new DicomAssociationException($"{peer} closed the connection without answering the association request", DicomAssociationFailure.ConnectionClosed);
                    default:
                        throw new DicomPduException($"unexpected {pdu.Value.Type} while awaiting A-ASSOCIATE-AC", -1, AAbortReason.UnexpectedPdu);
                }
            }
        }
        catch (DicomPduException ex)
        {
            association.Fire(AssociationEvent.Evt19);
            await association.TrySendAbortAsync(new AAbort(AAbortSource.ServiceProvider, ex.Reason)).ConfigureAwait(false);
            await association.CloseAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"invalid answer from {request.CalledAeTitle}: {ex.Message}", DicomAssociationFailure.ProtocolError, ex);
        }
        catch (OperationCanceledException) when (association._artim.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await association.AbortAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"{request.CalledAeTitle} did not answer the association request within {options.ArtimTimeout.TotalSeconds:0} s", DicomAssociationFailure.Timeout);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            await association.CloseAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"connection to {request.CalledAeTitle} lost during negotiation: {ex.Message}", DicomAssociationFailure.ConnectionClosed, ex);
        }
        catch
        {
            await association.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The acceptor's side of establishment: await the A-ASSOCIATE-RQ under ARTIM, let <paramref name="decide"/> answer it,
    /// send AC or RJ. Returns the established association, or null if none came about (the connection is then closed).
    /// </summary>
    internal static async Task<DicomAssociation?> AcceptAsync(
        Stream stream, Socket? socket, DicomAssociationOptions options, Func<DicomAssociation, AAssociateRq, ValueTask<AssociationAnswer>> decide,
        CancellationToken cancellationToken)
    {
        var association = new DicomAssociation(stream, socket, isRequestor: false, options);
        association.Fire(AssociationEvent.Evt5);
        association._artim.CancelAfter(options.ArtimTimeout);
        try
        {
            var pdu = await association.ReadControlPduAsync(cancellationToken).ConfigureAwait(false);
            switch (pdu?.Type)
            {
                case null:
                    association.Fire(AssociationEvent.Evt17);
                    await association.CloseAsync().ConfigureAwait(false);
                    return null;
                case PduType.AAbort:
                    association.Fire(AssociationEvent.Evt16);
                    await association.CloseAsync().ConfigureAwait(false);
                    return null;
                case PduType.AAssociateRq:
                    break;
                default:
                    // AA-1 in Sta2: the only PDU a requestor may send first is A-ASSOCIATE-RQ.
                    throw new DicomPduException($"{pdu.Value.Type} before A-ASSOCIATE-RQ", 0, AAbortReason.UnexpectedPdu);
            }

            var request = AAssociateRq.Parse(pdu.Value.Body);
            association.Request = request;
            association.ResetArtim();
            var acceptable = (request.ProtocolVersion & 1) == 1;
            if (!acceptable)
            {
                association.Fire(AssociationEvent.Evt6, acceptable: false);
                await association.RejectAsync(new AAssociateRj(AAssociateRjResult.RejectedPermanent, AAssociateRjSource.ServiceProviderAcse, AAssociateRj.ProtocolVersionNotSupported)).ConfigureAwait(false);
                return null;
            }

            association.Fire(AssociationEvent.Evt6);
            var answer = request.ApplicationContext != AAssociate.DicomApplicationContext
                ? new AssociationAnswer(null, new AAssociateRj(AAssociateRjResult.RejectedPermanent, AAssociateRjSource.ServiceUser, AAssociateRj.ApplicationContextNameNotSupported))
                : await decide(association, request).ConfigureAwait(false);
            if (answer.Accept is { } accepted)
            {
                association.Fire(AssociationEvent.Evt7);
                association.StoreNegotiated(request, accepted);
                await association.SendPduAsync(accepted.Write).ConfigureAwait(false);
                association._readLoop = Task.Run(association.ReadLoopAsync, CancellationToken.None);
                return association;
            }

            association.Fire(AssociationEvent.Evt8);
            var rejection = answer.Reject ?? new AAssociateRj(AAssociateRjResult.RejectedPermanent, AAssociateRjSource.ServiceUser, AAssociateRj.NoReasonGiven);
            association._logger.AssociationRejected(association.Id, association.RemoteEndPoint, request.CallingAeTitle, request.CalledAeTitle, rejection.Describe());
            await association.RejectAsync(rejection).ConfigureAwait(false);
            return null;
        }
        catch (DicomPduException ex)
        {
            association._logger.InvalidPdu(association.Id, association.RemoteEndPoint, ex.Message);
            association.Fire(AssociationEvent.Evt19);
            await association.TrySendAbortAsync(new AAbort(AAbortSource.ServiceProvider, ex.Reason)).ConfigureAwait(false);
            await association.CloseAsync().ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (association._artim.IsCancellationRequested)
        {
            association._logger.TimerExpired(association.Id, association.RemoteEndPoint, "ARTIM", association.State);
            association.Fire(AssociationEvent.Evt18);
            await association.CloseAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            association._logger.ConnectionFailed(association.RemoteEndPoint, ex.Message);
            association.Fire(AssociationEvent.Evt17);
            await association.CloseAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>AE-8: send A-ASSOCIATE-RJ, start ARTIM, and wait for the requestor to close (Sta13).</summary>
    private async Task RejectAsync(AAssociateRj rejection)
    {
        try
        {
            await SendPduAsync(rejection.Write).ConfigureAwait(false);
            _artim.CancelAfter(_options.ArtimTimeout);
            while (await ReadControlPduAsync(CancellationToken.None).ConfigureAwait(false) != null)
            {
                // AA-6: PDUs after the rejection are ignored.
            }

            Fire(AssociationEvent.Evt17);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or DicomPduException)
        {
            Fire(_artim.IsCancellationRequested ? AssociationEvent.Evt18 : AssociationEvent.Evt17);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private void ResetArtim() => _artim.CancelAfter(Timeout.InfiniteTimeSpan);

    private void StartArtim()
    {
        try
        {
            _artim.CancelAfter(_options.ArtimTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The read loop already ended: nothing left to time.
        }
    }

    /// <summary>Reads one whole non-P-DATA PDU (null at a clean end of the connection); a P-DATA-TF is returned with an empty body.</summary>
    private async Task<(PduType Type, byte[] Body)?> ReadControlPduAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _artim.Token, _lifetime.Token);
        while (true)
        {
            var result = await _input.ReadAsync(linked.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                if (PduParser.TryRead(ref buffer, ref _parser, _options.MaxPduLength, out var token))
                {
                    if (token.Kind == PduTokenKind.PDataStart)
                    {
                        return (PduType.PDataTf, []);
                    }

                    return (token.Type, token.Data.ToArray());
                }
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                if (!result.Buffer.IsEmpty)
                {
                    throw new DicomPduException($"the connection closed {result.Buffer.Length} bytes into a PDU", _parser.Position, AAbortReason.NotSpecified);
                }

                return null;
            }
        }
    }

    /// <summary>The read loop of an established association: PDUs in, DIMSE messages out to <see cref="ReceiveAsync(CancellationToken)"/>.</summary>
    private async Task ReadLoopAsync()
    {
        var reader = new MessageAssembler(this);
        Exception? failure = null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, _artim.Token, _idle.Token);
        try
        {
            while (true)
            {
                if (_options.IdleTimeout != Timeout.InfiniteTimeSpan && State == AssociationState.Sta6)
                {
                    _idle.CancelAfter(_options.IdleTimeout);
                }

                var result = await _input.ReadAsync(linked.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var stop = false;
                try
                {
                    while (!stop && PduParser.TryRead(ref buffer, ref _parser, _options.MaxPduLength, out var token))
                    {
                        stop = !await HandleTokenAsync(token, reader).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (stop)
                {
                    return;
                }

                await reader.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    if (!_parser.AtPduBoundary || !result.Buffer.IsEmpty)
                    {
                        failure = new DicomAssociationException($"{RemoteEndPoint} closed the connection in the middle of a PDU", DicomAssociationFailure.ConnectionClosed);
                    }

                    TransportClosed(ref failure);
                    return;
                }
            }
        }
        catch (DicomPduException ex)
        {
            failure = new DicomAssociationException($"invalid PDU from {RemoteEndPoint}: {ex.Message}", DicomAssociationFailure.ProtocolError, ex);
            await ProviderAbortAsync(ex.Message, ex.Reason).ConfigureAwait(false);
        }
        catch (DimseException ex)
        {
            failure = new DicomAssociationException($"invalid DIMSE message from {RemoteEndPoint}: {ex.Message}", DicomAssociationFailure.ProtocolError, ex);
            await ProviderAbortAsync(ex.Message, AAbortReason.InvalidPduParameterValue).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_artim.IsCancellationRequested)
        {
            _logger.TimerExpired(Id, RemoteEndPoint, "ARTIM", State);
            Fire(AssociationEvent.Evt18);
        }
        catch (OperationCanceledException) when (_idle.IsCancellationRequested || (_lifetime.IsCancellationRequested && _closed == 0))
        {
            var timer = _idle.IsCancellationRequested ? "idle" : "overall";
            _logger.TimerExpired(Id, RemoteEndPoint, timer, State);
            failure = new DicomAssociationException($"association with {RemoteEndPoint} exceeded its {timer} timeout", DicomAssociationFailure.Timeout);
            if (Fire(AssociationEvent.Evt15) == AssociationAction.AA1)
            {
                await TrySendAbortAsync(new AAbort(AAbortSource.ServiceProvider, AAbortReason.NotSpecified)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            if (_closed == 0)
            {
                failure = new DicomAssociationException($"connection to {RemoteEndPoint} lost: {ex.Message}", DicomAssociationFailure.ConnectionClosed, ex);
                TransportClosed(ref failure);
            }
        }
        finally
        {
            reader.Fail(failure);
            _received.Writer.TryComplete(failure);
            if (State != AssociationState.Sta13 || failure != null || _closed == 0)
            {
                await CloseAsync().ConfigureAwait(false);
            }

            await _input.CompleteAsync().ConfigureAwait(false);
            _artim.Dispose();
            _idle.Dispose();
        }
    }

    private void TransportClosed(ref Exception? failure)
    {
        var from = State;
        var action = Fire(AssociationEvent.Evt17);
        if (action == AssociationAction.AA4)
        {
            _logger.TransportClosed(Id, RemoteEndPoint, from);
            failure ??= new DicomAssociationException($"{RemoteEndPoint} closed the connection without releasing the association", DicomAssociationFailure.ConnectionClosed);
        }
    }

    /// <summary>AA-8: A-ABORT (service-provider source) to the peer, an A-P-ABORT indication here, ARTIM until the peer closes.</summary>
    private async Task ProviderAbortAsync(string reason, AAbortReason abortReason)
    {
        _logger.InvalidPdu(Id, RemoteEndPoint, reason);
        if (Fire(AssociationEvent.Evt19) is AssociationAction.AA8 or AssociationAction.AA7 or AssociationAction.AA1)
        {
            await TrySendAbortAsync(new AAbort(AAbortSource.ServiceProvider, abortReason)).ConfigureAwait(false);
        }
    }

    /// <summary>Handles one token; returns false when the loop must end (the association is over).</summary>
    private async ValueTask<bool> HandleTokenAsync(PduToken token, MessageAssembler reader)
    {
        switch (token.Kind)
        {
            case PduTokenKind.PDataStart:
                var data = Fire(AssociationEvent.Evt10);
                if (data is not (AssociationAction.DT2 or AssociationAction.AR6))
                {
                    if (data == AssociationAction.AA6)
                    {
                        reader.Discarding = true;
                        return true;
                    }

                    throw new DicomPduException($"P-DATA-TF not expected in {State}", _parser.Position, AAbortReason.UnexpectedPdu);
                }

                reader.Discarding = false;
                return true;
            case PduTokenKind.PdvStart:
                reader.StartPdv(token.PresentationContextId, token.MessageControlHeader);
                return true;
            case PduTokenKind.PdvData:
                await reader.DataAsync(token.Data).ConfigureAwait(false);
                return true;
            case PduTokenKind.PdvEnd:
                await reader.EndPdvAsync().ConfigureAwait(false);
                return true;
            case PduTokenKind.PDataEnd:
                return true;
        }

        switch (token.Type)
        {
            case PduType.AReleaseRq:
                switch (Fire(AssociationEvent.Evt12))
                {
                    case AssociationAction.AR2:
                        // A-RELEASE indication: the consumer sees the end of messages and answers (Evt14) from ReceiveAsync.
                        _releaseIndicated = true;
                        _received.Writer.TryComplete();
                        return true;
                    case AssociationAction.AR8 when IsRequestor:
                        // Release collision, requestor side (Sta9): answer at once, then await the peer's A-RELEASE-RP (Sta11).
                        await RespondReleaseAsync().ConfigureAwait(false);
                        return true;
                    case AssociationAction.AR8:
                        return true;
                    case AssociationAction.AA6:
                        return true;
                    default:
                        throw new DicomPduException($"A-RELEASE-RQ not expected in {State}", _parser.Position, AAbortReason.UnexpectedPdu);
                }

            case PduType.AReleaseRp:
                switch (Fire(AssociationEvent.Evt13))
                {
                    case AssociationAction.AR3:
                        _logger.Released(Id, RemoteEndPoint);
                        _releaseConfirmed.TrySetResult();
                        await CloseAsync().ConfigureAwait(false);
                        return false;
                    case AssociationAction.AR10:
                        // Release collision, acceptor side (Sta12): now answer the peer's request.
                        await RespondReleaseAsync().ConfigureAwait(false);
                        return true;
                    case AssociationAction.AA6:
                        return true;
                    default:
                        throw new DicomPduException($"A-RELEASE-RP not expected in {State}", _parser.Position, AAbortReason.UnexpectedPdu);
                }

            case PduType.AAbort:
                var abort = AAbort.Parse(token.Data.ToArray());
                var from = State;
                if (Fire(AssociationEvent.Evt16) == AssociationAction.AA3)
                {
                    _logger.AbortReceived(Id, RemoteEndPoint, abort.Source.ToString(), abort.Reason.ToString());
                    var failure = new DicomAssociationException($"association with {RemoteEndPoint} {abort.Describe()} (in {from})", DicomAssociationFailure.Aborted) { Abort = abort };
                    reader.Fail(failure);
                    _received.Writer.TryComplete(failure);
                }

                await CloseAsync().ConfigureAwait(false);
                return false;
            default:
                var evt = token.Type switch
                {
                    PduType.AAssociateRq => AssociationEvent.Evt6,
                    PduType.AAssociateAc => AssociationEvent.Evt3,
                    _ => AssociationEvent.Evt4,
                };
                var action = AssociationStateMachine.Action(State, evt);
                if (action == AssociationAction.AA6)
                {
                    return true;
                }

                throw new DicomPduException($"{token.Type} not expected in {State}", _parser.Position, AAbortReason.UnexpectedPdu);
        }
    }

    /// <summary>Puts PDV fragments back together: command sets into a small buffer, datasets into a pipe read by the message's consumer.</summary>
    private sealed class MessageAssembler(DicomAssociation association)
    {
        private readonly ArrayBufferWriter<byte> _command = new(512);
        private byte _pdvContext;
        private bool _pdvIsCommand;
        private bool _pdvIsLast;
        private DicomPresentationContext? _commandContext;
        private Pipe? _dataset;
        private DicomPresentationContext? _datasetContext;
        private int _unflushed;
        private bool _datasetAbandoned;

        public bool Discarding { get; set; }

        public void StartPdv(byte contextId, byte control)
        {
            if (Discarding)
            {
                return;
            }

            if (!association._contexts.TryGetValue(contextId, out var context))
            {
                throw new DicomPduException($"PDV on presentation context {contextId}, which was not accepted", association._parser.Position, AAbortReason.InvalidPduParameterValue);
            }

            _pdvContext = contextId;
            _pdvIsCommand = (control & PDataTf.CommandBit) != 0;
            _pdvIsLast = (control & PDataTf.LastFragmentBit) != 0;
            if (_pdvIsCommand)
            {
                if (_dataset != null)
                {
                    throw new DimseException("a command fragment arrived before the previous message's dataset ended");
                }

                if (_commandContext != null && _commandContext.Id != contextId)
                {
                    throw new DimseException("command fragments arrived on two presentation contexts");
                }

                _commandContext = context;
            }
            else if (_dataset == null || _datasetContext!.Id != contextId)
            {
                throw new DimseException("a dataset fragment arrived without a command announcing it");
            }
        }

        public async ValueTask DataAsync(ReadOnlySequence<byte> data)
        {
            if (Discarding)
            {
                return;
            }

            if (_pdvIsCommand)
            {
                if (_command.WrittenCount + data.Length > DimseCommandSet.MaxEncodedLength)
                {
                    throw new DimseException($"command set longer than {DimseCommandSet.MaxEncodedLength} bytes");
                }

                foreach (var segment in data)
                {
                    _command.Write(segment.Span);
                }

                return;
            }

            if (_datasetAbandoned)
            {
                return;
            }

            var writer = _dataset!.Writer;
            foreach (var segment in data)
            {
                writer.Write(segment.Span);
            }

            _unflushed += (int)data.Length;
            if (_unflushed >= FlushThreshold)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        public async ValueTask EndPdvAsync()
        {
            if (Discarding || !_pdvIsLast)
            {
                return;
            }

            if (!_pdvIsCommand)
            {
                await FlushAsync().ConfigureAwait(false);
                await _dataset!.Writer.CompleteAsync().ConfigureAwait(false);
                _dataset = null;
                _datasetContext = null;
                return;
            }

            var context = _commandContext!;
            _commandContext = null;
            var command = DimseCommandSet.Decode(new ReadOnlySequence<byte>(_command.WrittenMemory));
            _command.ResetWrittenCount();
            var message = DimseMessage.FromCommand(command);
            if (message is CCancelRq cancel)
            {
                lock (association._cancellable)
                {
                    if (association._cancellable.TryGetValue(cancel.MessageIdBeingRespondedTo, out var source))
                    {
                        source.Cancel();
                    }
                }

                return;
            }

            PipeReader? dataset = null;
            if (message.HasDataset)
            {
                var size = association._options.DatasetBufferSize;
                // The consumer of the dataset (a store handler hashing and writing it) continues on this read loop's
                // thread when data arrives, until it waits for more: a thread hand-over per socket read cost more than
                // the two running side by side gained.
                _dataset = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: size, resumeWriterThreshold: size / 2,
                    minimumSegmentSize: 64 * 1024, useSynchronizationContext: false));
                _datasetContext = context;
                _datasetAbandoned = false;
                dataset = _dataset.Reader;
            }

            await association._received.Writer.WriteAsync(new DicomReceivedMessage(message, context, dataset), association._lifetime.Token).ConfigureAwait(false);
        }

        public async ValueTask FlushAsync()
        {
            if (_dataset == null || _unflushed == 0)
            {
                return;
            }

            _unflushed = 0;
            var result = await _dataset.Writer.FlushAsync(association._lifetime.Token).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                // The consumer stopped reading (it refused the instance): the rest of the dataset is read and dropped.
                _datasetAbandoned = true;
            }
        }

        public void Fail(Exception? failure)
        {
            if (_dataset != null)
            {
                _dataset.Writer.Complete(failure ?? new DicomAssociationException("the association ended before the dataset did", DicomAssociationFailure.ConnectionClosed));
                _dataset = null;
            }
        }
    }
}
