using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Dicom.Network.Pdus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dokuei.Dicom.Network;

/// <summary>
/// One DICOM association over a transport connection, for the requestor (SCU side, <see cref="DicomClient"/>) or the acceptor
/// (<see cref="DicomServer"/>). Every event passes through the PS3.8 table (<see cref="AssociationStateMachine"/>); the actions it
/// names are carried out here. One read loop parses PDUs from a pipe and streams received datasets to their consumer with back-pressure.
/// </summary>
public sealed partial class DicomAssociation : IAsyncDisposable
{
    /// <summary>The most operations outstanding on one association that this library uses, whatever was negotiated.</summary>
    public const int MaxAsyncOperations = 16;

    /// <summary>About how many dataset bytes one socket write carries (several PDUs when the peer's maximum is smaller).</summary>
    private const int SendBatchSize = 256 * 1024;

    private static int s_nextId;

    private readonly Stream _stream;
    private readonly Socket? _socket;
    private readonly PipeReader _input;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _stateLock = new();
    private readonly DicomAssociationOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    // Deep enough for every response of a full asynchronous operations window (MaxAsyncOperations) to wait here while the
    // requestor is busy sending: a full queue would stop the read loop, and the peer with it.
    private readonly Channel<DicomReceivedMessage> _received;

    private readonly TaskCompletionSource _releaseConfirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<byte, DicomPresentationContext> _contexts = [];
    private readonly Dictionary<ushort, CancellationTokenSource> _cancellable = [];
    private PduParserState _parser;
    private Task? _readLoop;
    private int _nextMessageId;
    private int _closed;
    private bool _releaseIndicated;

    private DicomAssociation(Stream stream, Socket? socket, bool isRequestor, DicomAssociationOptions options)
    {
        _stream = stream;
        _socket = socket;
        IsRequestor = isRequestor;
        _options = options;
        // A requestor waits for each response before it sends again: it goes on in the read loop's thread as soon as the
        // response is parsed, not after a hand-over to another pool thread (a wake-up per message, on the critical path).
        _received = Channel.CreateBounded<DicomReceivedMessage>(
            new BoundedChannelOptions(MaxAsyncOperations) { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = isRequestor });
        _logger = options.LoggerFactory?.CreateLogger<DicomAssociation>() ?? NullLogger<DicomAssociation>.Instance;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        Id = Interlocked.Increment(ref s_nextId);
        RemoteEndPoint = socket?.RemoteEndPoint is IPEndPoint { Address.IsIPv4MappedToIPv6: true } mapped
            ? new IPEndPoint(mapped.Address.MapToIPv4(), mapped.Port)
            : socket?.RemoteEndPoint;
        if (options.OverallTimeout != Timeout.InfiniteTimeSpan)
        {
            _lifetime.CancelAfter(options.OverallTimeout);
        }
    }

    /// <summary>A number for log messages, unique in this process.</summary>
    public int Id { get; }

    /// <summary>True on the side that requested the association.</summary>
    public bool IsRequestor { get; }

    /// <summary>The current state of the protocol machine.</summary>
    public AssociationState State { get; private set; } = AssociationState.Sta1;

    /// <summary>The peer's address, if known.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The A-ASSOCIATE-RQ (sent or received).</summary>
    public AAssociateRq Request { get; private set; } = new();

    /// <summary>The A-ASSOCIATE-AC (received or sent), once established.</summary>
    public AAssociateAc? Accepted { get; private set; }

    /// <summary>The calling AE title of the association.</summary>
    public string CallingAeTitle => Request.CallingAeTitle;

    /// <summary>The called AE title of the association.</summary>
    public string CalledAeTitle => Request.CalledAeTitle;

    /// <summary>The accepted presentation contexts.</summary>
    public IReadOnlyCollection<DicomPresentationContext> PresentationContexts => _contexts.Values;

    /// <summary>The largest P-DATA-TF the peer accepts (0 = unlimited).</summary>
    public uint PeerMaxPduLength { get; private set; }

    /// <summary>
    /// How many operations the requestor may have outstanding on this association, as negotiated (PS3.7 D.3.3.3): 1 when no
    /// asynchronous operations window was negotiated; "unlimited" (0) is taken as <see cref="MaxAsyncOperations"/>. The acceptor
    /// performs up to this many at once.
    /// </summary>
    public int OperationsInvoked => Accepted?.UserInformation.AsynchronousOperationsWindow is { } window
        ? Math.Clamp(window.MaxOperationsInvoked == 0 ? MaxAsyncOperations : window.MaxOperationsInvoked, 1, MaxAsyncOperations)
        : 1;

    /// <summary>The user identity the requestor proposed, if any.</summary>
    public UserIdentityRq? UserIdentity => Request.UserInformation.UserIdentityRq;

    /// <summary>Cancelled when the association ends (released, aborted, closed, overall timeout).</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    internal ILogger Logger => _logger;

    /// <summary>An accepted context for an abstract syntax, preferring <paramref name="transferSyntax"/> if given.</summary>
    public DicomPresentationContext? FindContext(string abstractSyntax, TransferSyntax? transferSyntax = null)
    {
        DicomPresentationContext? any = null;
        foreach (var context in _contexts.Values)
        {
            if (context.AbstractSyntax != abstractSyntax)
            {
                continue;
            }

            if (transferSyntax == null || context.TransferSyntax.Equals(transferSyntax))
            {
                return context;
            }

            any ??= context;
        }

        return transferSyntax == null ? any : null;
    }

    /// <summary>The next Message ID for a request this side sends.</summary>
    public ushort NextMessageId() => (ushort)(Interlocked.Increment(ref _nextMessageId) & 0xFFFF);

    /// <summary>
    /// Receives the next DIMSE message. Returns null when the peer released the association (the A-RELEASE-RP is sent then),
    /// throws <see cref="DicomAssociationException"/> when it was aborted or the connection broke.
    /// A message's dataset must be read to its end (or its reader completed) before the next message arrives.
    /// </summary>
    public ValueTask<DicomReceivedMessage?> ReceiveAsync(CancellationToken cancellationToken = default) => ReceiveAsync(answerRelease: true, cancellationToken);

    /// <summary>As <see cref="ReceiveAsync(CancellationToken)"/>; without <paramref name="answerRelease"/> the caller answers the release with <see cref="AnswerReleaseAsync"/>.</summary>
    internal async ValueTask<DicomReceivedMessage?> ReceiveAsync(bool answerRelease, CancellationToken cancellationToken)
    {
        if (await _received.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _received.Reader.TryRead(out var message))
        {
            return message;
        }

        if (answerRelease)
        {
            await AnswerReleaseAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Sends the A-RELEASE-RP if the peer asked for release (after the operations still being performed have answered).</summary>
    internal async Task AnswerReleaseAsync()
    {
        if (_releaseIndicated)
        {
            await RespondReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> from the dataset (less only at its end). A regular file is read synchronously: on Unix
    /// an asynchronous file read is a thread-pool hop per call, which cost more than the read from the page cache.
    /// </summary>
    private static ValueTask<int> ReadBatchAsync(Stream dataset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        dataset is FileStream
            ? ValueTask.FromResult(dataset.ReadAtLeast(buffer.Span, buffer.Length, throwOnEndOfStream: false))
            : dataset.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);

    /// <summary>
    /// Sends a DIMSE message on a presentation context: the command, then the dataset read from <paramref name="dataset"/> to its end,
    /// fragmented to the peer's maximum PDU length. The dataset must be encoded in the context's transfer syntax.
    /// </summary>
    public async Task SendAsync(DimseMessage message, DicomPresentationContext context, Stream? dataset, CancellationToken cancellationToken = default)
    {
        if (message.HasDataset != (dataset != null))
        {
            throw new ArgumentException($"{message} {(message.HasDataset ? "needs" : "has no")} dataset", nameof(dataset));
        }

        var action = Fire(AssociationEvent.Evt9);
        if (action is not (AssociationAction.DT1 or AssociationAction.AR7))
        {
            throw new DicomAssociationException($"cannot send {message}: the association is not established ({State})", DicomAssociationFailure.ConnectionClosed);
        }

        var maxData = (int)Math.Min(PeerMaxPduLength == 0 ? _options.MaxSendPduLength : PeerMaxPduLength, _options.MaxSendPduLength) - 6;
        // Even fragments: dcmtk refuses odd ones, and an odd-length (deflated) dataset gets its pad byte (PS3.5 A.5) below.
        maxData = Math.Max(maxData, 64) & ~1;
        var command = message.Command.Encode();
        var commandPdus = (command.Length + maxData - 1) / maxData;
        // Dataset bytes are read and written in batches of whole PDUs (about SendBatchSize), so a small peer maximum (dcmtk's 16 kB)
        // does not cost a file read and a socket write per PDU; the command goes out in the same write as the first batch.
        var fragmentsPerBatch = Math.Max(1, SendBatchSize / maxData);
        var batchData = fragmentsPerBatch * maxData;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        await _sendLock.WaitAsync(linked.Token).ConfigureAwait(false);
        var output = ArrayPool<byte>.Shared.Rent((commandPdus * PDataTf.HeaderLength) + command.Length + (dataset == null ? 0 : (fragmentsPerBatch * PDataTf.HeaderLength) + batchData + 1));
        byte[]? current = null, next = null;
        try
        {
            var length = 0;
            for (var offset = 0; offset < command.Length; offset += maxData)
            {
                var count = Math.Min(maxData, command.Length - offset);
                PDataTf.WriteSinglePdvHeader(output.AsSpan(length), count, context.Id, command: true, last: offset + count == command.Length);
                command.AsSpan(offset, count).CopyTo(output.AsSpan(length + PDataTf.HeaderLength));
                length += PDataTf.HeaderLength + count;
            }

            if (dataset != null)
            {
                // Read one batch ahead, so the last fragment is known when it is sent (the stream's length may be unknown).
                current = ArrayPool<byte>.Shared.Rent(batchData + 1);
                next = ArrayPool<byte>.Shared.Rent(batchData + 1);
                var count = await ReadBatchAsync(dataset, current.AsMemory(0, batchData), linked.Token).ConfigureAwait(false);
                while (true)
                {
                    var nextCount = count < batchData ? 0 : await ReadBatchAsync(dataset, next.AsMemory(0, batchData), linked.Token).ConfigureAwait(false);
                    var last = nextCount == 0;
                    if (last && (count & 1) == 1)
                    {
                        current[count++] = 0;
                    }

                    var offset = 0;
                    do
                    {
                        var fragment = Math.Min(maxData, count - offset);
                        PDataTf.WriteSinglePdvHeader(output.AsSpan(length), fragment, context.Id, command: false, last && offset + fragment == count);
                        current.AsSpan(offset, fragment).CopyTo(output.AsSpan(length + PDataTf.HeaderLength));
                        length += PDataTf.HeaderLength + fragment;
                        offset += fragment;
                    }
                    while (offset < count);

                    await _stream.WriteAsync(output.AsMemory(0, length), linked.Token).ConfigureAwait(false);
                    length = 0;
                    if (last)
                    {
                        break;
                    }

                    (current, next) = (next, current);
                    count = nextCount;
                }
            }
            else
            {
                await _stream.WriteAsync(output.AsMemory(0, length), linked.Token).ConfigureAwait(false);
            }

            await _stream.FlushAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            throw new DicomAssociationException($"connection to {RemoteEndPoint} lost while sending {message}: {ex.Message}", DicomAssociationFailure.ConnectionClosed, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
            if (current != null)
            {
                ArrayPool<byte>.Shared.Return(current);
            }

            if (next != null)
            {
                ArrayPool<byte>.Shared.Return(next);
            }

            _sendLock.Release();
        }
    }

    /// <summary>
    /// Releases the association (A-RELEASE-RQ, wait for A-RELEASE-RP) and closes the connection. If the peer asked first (its
    /// A-RELEASE-RQ is waiting to be answered), this answers it instead; if both ask at once, the release collision of PS3.8 is
    /// played out (Sta9-Sta12) and both sides end cleanly.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Fire(AssociationEvent.Evt11) != AssociationAction.AR1)
        {
            if (State == AssociationState.Sta8 && _releaseIndicated)
            {
                // Our release crossed the peer's, which arrived first: the answer (AR-4) ends it, the peer closes.
                await RespondReleaseAsync().ConfigureAwait(false);
                await AwaitReleaseEndAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await SendPduAsync(AReleaseRq.Write).ConfigureAwait(false);
        await AwaitReleaseEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits (under ARTIM) for the release to complete: A-RELEASE-RP received, or the peer closed after ours.</summary>
    private async Task AwaitReleaseEndAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ArtimTimeout);
        try
        {
            await _releaseConfirmed.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.TimerExpired(Id, RemoteEndPoint, "release", State);
            await AbortAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"{RemoteEndPoint} did not answer the release request", DicomAssociationFailure.Timeout);
        }

        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Aborts the association (A-ABORT, service-user source) and closes the connection.</summary>
    public async Task AbortAsync()
    {
        if (Fire(AssociationEvent.Evt15) == AssociationAction.AA1)
        {
            await TrySendAbortAsync(new AAbort(AAbortSource.ServiceUser, AAbortReason.NotSpecified)).ConfigureAwait(false);
        }

        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Aborts if still established, closes the connection and waits for the read loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (State is AssociationState.Sta6 or AssociationState.Sta7 or AssociationState.Sta8 or AssociationState.Sta3 or AssociationState.Sta5)
        {
            await AbortAsync().ConfigureAwait(false);
        }

        await CloseAsync().ConfigureAwait(false);
        if (_readLoop != null)
        {
            await _readLoop.ConfigureAwait(false);
        }

        _lifetime.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>Registers a cancellation for a request being performed, which a C-CANCEL-RQ for its Message ID will trigger.</summary>
    internal CancellationTokenSource RegisterCancellable(ushort messageId, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        lock (_cancellable)
        {
            _cancellable[messageId] = source;
        }

        return source;
    }

    internal void UnregisterCancellable(ushort messageId)
    {
        lock (_cancellable)
        {
            _cancellable.Remove(messageId);
        }
    }

    /// <summary>Looks up the action for an event in the current state and moves to the next state (PS3.8 Table 9-10).</summary>
    private AssociationAction Fire(AssociationEvent evt, bool acceptable = true)
    {
        lock (_stateLock)
        {
            var from = State;
            var action = AssociationStateMachine.Action(from, evt);
            if (action == AssociationAction.None)
            {
                return action;
            }

            State = AssociationStateMachine.NextState(action, acceptable, IsRequestor);
            _logger.Transition(Id, evt, from, action, State);
            return action;
        }
    }

    private async Task SendPduAsync(Action<PduWriter> write)
    {
        var writer = new PduWriter();
        try
        {
            write(writer);
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(writer.Written).ConfigureAwait(false);
                await _stream.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        finally
        {
            writer.Return();
        }
    }

    private async Task TrySendAbortAsync(AAbort abort)
    {
        try
        {
            // Do not wait behind a stuck dataset send: an abort goes out at once or not at all.
            var writer = new PduWriter(16);
            abort.Write(writer);
            if (await _sendLock.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false))
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _stream.WriteAsync(writer.Written, timeout.Token).ConfigureAwait(false);
                    await _stream.FlushAsync(timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
            }

            writer.Return();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // The peer may already be gone; the abort is best effort by nature.
        }
    }

    private async Task RespondReleaseAsync()
    {
        if (Fire(AssociationEvent.Evt14) is AssociationAction.AR4 or AssociationAction.AR9)
        {
            try
            {
                await SendPduAsync(AReleaseRp.Write).ConfigureAwait(false);
                _logger.Released(Id, RemoteEndPoint);
                if (State == AssociationState.Sta13)
                {
                    // AR-4 starts ARTIM: the requestor is expected to close now, and is not waited for longer than that.
                    StartArtim();
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                await CloseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes the transport connection (idempotent) and ends everything waiting on it.</summary>
    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket?.Dispose();
        _received.Writer.TryComplete();
        _releaseConfirmed.TrySetResult();
    }

    private void StoreNegotiated(AAssociateRq request, AAssociateAc accepted)
    {
        Request = request;
        Accepted = accepted;
        PeerMaxPduLength = IsRequestor ? accepted.UserInformation.MaximumLength : request.UserInformation.MaximumLength;
        foreach (var answer in accepted.PresentationContexts)
        {
            var proposed = request.PresentationContexts.FirstOrDefault(p => p.Id == answer.Id);
            if (answer.IsAccepted && proposed != null)
            {
                _contexts[answer.Id] = new DicomPresentationContext(answer.Id, proposed.AbstractSyntax, TransferSyntax.Lookup(answer.TransferSyntax));
            }
        }
    }
}
