using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Dokuei.Dicom.Network.Pdus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dokuei.Dicom.Network;

/// <summary>Options of an SCP: its AE title, limits and the transfer syntaxes it accepts.</summary>
public sealed record DicomServerOptions : DicomAssociationOptions
{
    /// <summary>Our AE title.</summary>
    public string AeTitle { get; init; } = "DOKUEI";

    /// <summary>Reject requests whose called AE title is not <see cref="AeTitle"/> (A-ASSOCIATE-RJ, called AE title not recognized).</summary>
    public bool CheckCalledAeTitle { get; init; } = true;

    /// <summary>The most associations open at once; one more is answered with A-ASSOCIATE-RJ (transient, local limit exceeded).</summary>
    public int MaxAssociations { get; init; } = 64;

    /// <summary>Transfer syntaxes accepted for queries and commitment, in order of preference.</summary>
    public IReadOnlyList<string> TransferSyntaxes { get; init; } =
        [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ImplicitVRLittleEndian.Uid, TransferSyntax.DeflatedExplicitVRLittleEndian.Uid];

    /// <summary>
    /// C-STOREs performed at once on one association when the requestor proposes an asynchronous operations window (each with its
    /// own handler call, answered as they finish); 1 performs them one at a time. At most <see cref="DicomAssociation.MaxAsyncOperations"/>.
    /// </summary>
    public int MaxAsyncOperations { get; init; } = 1;

    /// <summary>For storage: accept the first proposed transfer syntax this library knows (any compression, stored as received).</summary>
    public bool AcceptAnyKnownStorageTransferSyntax { get; init; } = true;
}

/// <summary>The handlers a host gives the server; a service without a handler is not offered (its contexts are rejected).</summary>
public sealed record DicomServerHandlers
{
    /// <summary>Accepts or rejects associations (calling AE title, address, identity); null accepts all.</summary>
    public IAssociationHandler? Association { get; init; }

    /// <summary>C-ECHO; null answers success.</summary>
    public IEchoHandler? Echo { get; init; }

    /// <summary>C-STORE.</summary>
    public IStoreHandler? Store { get; init; }

    /// <summary>C-FIND.</summary>
    public IFindHandler? Find { get; init; }

    /// <summary>C-MOVE.</summary>
    public IMoveHandler? Move { get; init; }

    /// <summary>C-GET.</summary>
    public IGetHandler? Get { get; init; }

    /// <summary>Storage commitment push model, as SCP.</summary>
    public ICommitmentHandler? Commitment { get; init; }

    /// <summary>Storage commitment results reported to us, as SCU (on associations the commitment SCP opens).</summary>
    public ICommitmentReportHandler? CommitmentReport { get; init; }
}

/// <summary>
/// The SCP side: listens on a TCP port, negotiates associations (AE titles, limits, presentation contexts, roles) and dispatches
/// DIMSE requests to one-method handlers. One task per association; all of them end on <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class DicomServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly DicomServerOptions _options;
    private readonly DicomServerHandlers _handlers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly Task _acceptLoop;
    private int _active;
    private int _nextConnection;

    private DicomServer(Socket listener, DicomServerOptions options, DicomServerHandlers handlers)
    {
        _listener = listener;
        _options = options;
        _handlers = handlers;
        _logger = options.LoggerFactory?.CreateLogger<DicomServer>() ?? NullLogger<DicomServer>.Instance;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port listened on (useful when started on port 0).</summary>
    public int Port { get; }

    /// <summary>Connections open now (negotiating or established).</summary>
    public int ActiveAssociations => Volatile.Read(ref _active);

    /// <summary>Starts listening on an address and port (port 0 picks a free one).</summary>
    public static DicomServer Start(IPEndPoint endPoint, DicomServerOptions options, DicomServerHandlers handlers)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new DicomServer(listener, options, handlers);
    }

    /// <summary>Starts listening on loopback or all addresses.</summary>
    public static DicomServer Start(int port, DicomServerOptions options, DicomServerHandlers handlers, bool loopbackOnly = false) =>
        Start(new IPEndPoint(loopbackOnly ? IPAddress.Loopback : IPAddress.Any, port), options, handlers);

    /// <summary>Stops listening, aborts open associations and waits for their tasks to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnection);
            Interlocked.Increment(ref _active);
            _connections[id] = Task.Run(async () =>
            {
                try
                {
                    await RunConnectionAsync(socket).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _active);
                    _connections.TryRemove(id, out _);
                }
            });
        }
    }

    private async Task RunConnectionAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (_options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, chain, errors) => tls.Validate(certificate, chain, errors, isServer: true));
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                handshake.CancelAfter(_options.ArtimTimeout);
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = tls.Certificate,
                        ClientCertificateRequired = tls.RequireClientCertificate,
                    }, handshake.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException)
                {
                    _logger.TlsFailed(remote, ex.Message);
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    socket.Dispose();
                    return;
                }

                stream = ssl;
            }

            var association = await DicomAssociation.AcceptAsync(stream, socket, _options, DecideAsync, _stopping.Token).ConfigureAwait(false);
            if (association == null)
            {
                return;
            }

            await using (association.ConfigureAwait(false))
            {
                await DispatchAsync(association).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.ConnectionFailed(remote, ex.Message);
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async ValueTask<AssociationAnswer> DecideAsync(DicomAssociation association, AAssociateRq request)
    {
        if (ActiveAssociations > _options.MaxAssociations)
        {
            _logger.TooManyAssociations(association.RemoteEndPoint, ActiveAssociations - 1, _options.MaxAssociations);
            return new AssociationAnswer(null, new AAssociateRj(AAssociateRjResult.RejectedTransient, AAssociateRjSource.ServiceProviderPresentation, AAssociateRj.LocalLimitExceeded));
        }

        if (_options.CheckCalledAeTitle && request.CalledAeTitle != _options.AeTitle)
        {
            return AssociationAnswer.Rejected(AAssociateRj.CalledAeTitleNotRecognized);
        }

        if (_handlers.Association is { } hook && await hook.ValidateAsync(request, association.RemoteEndPoint, _stopping.Token).ConfigureAwait(false) is { } rejection)
        {
            return new AssociationAnswer(null, rejection);
        }

        var accept = Negotiate(request);
        _logger.AssociationAccepted(association.Id, association.RemoteEndPoint, request.CallingAeTitle, request.CalledAeTitle,
            accept.PresentationContexts.Count(p => p.IsAccepted), request.PresentationContexts.Count);
        return AssociationAnswer.Accepted(accept);
    }

    /// <summary>Answers each proposed presentation context, role selection and negotiation item (PS3.7 Annex D.3.3).</summary>
    internal AAssociateAc Negotiate(AAssociateRq request)
    {
        var accept = new AAssociateAc
        {
            CallingAeTitle = request.CallingAeTitle,
            CalledAeTitle = request.CalledAeTitle,
            ApplicationContext = request.ApplicationContext,
        };
        foreach (var proposed in request.PresentationContexts)
        {
            var requestorIsStorageScp = request.UserInformation.RoleSelections.Any(r => r.SopClassUid == proposed.AbstractSyntax && r.ScpRole);
            var (result, syntax) = Choose(proposed, requestorIsStorageScp);
            accept.PresentationContexts.Add(new PresentationContextAc(proposed.Id, result, syntax));
        }

        var info = accept.UserInformation;
        info.MaximumLength = _options.MaxPduLength;
        info.ImplementationClassUid = _options.ImplementationClassUid;
        info.ImplementationVersionName = _options.ImplementationVersionName;
        var proposedInfo = request.UserInformation;
        if (proposedInfo.AsynchronousOperationsWindow is { } window)
        {
            // The requestor may invoke as many as we perform at once; we invoke one at a time (C-GET sub-operations).
            var limit = Math.Clamp(_options.MaxAsyncOperations, 1, DicomAssociation.MaxAsyncOperations);
            var invoked = window.MaxOperationsInvoked == 0 ? limit : Math.Min(window.MaxOperationsInvoked, limit);
            info.AsynchronousOperationsWindow = new AsynchronousOperationsWindow((ushort)invoked, 1);
        }

        var accepted = accept.PresentationContexts.Where(p => p.IsAccepted)
            .Select(p => request.PresentationContexts.First(q => q.Id == p.Id).AbstractSyntax).ToHashSet();
        foreach (var role in proposedInfo.RoleSelections.Where(r => accepted.Contains(r.SopClassUid)))
        {
            // The requestor may act as SCP for storage (C-GET): accepted as proposed.
            info.RoleSelections.Add(role);
        }

        foreach (var extended in proposedInfo.ExtendedNegotiations.Where(e => accepted.Contains(e.SopClassUid)))
        {
            // Zero bytes answer "not supported" to each option offered (relational queries, date-time matching, fuzzy matching,
            // storage level of support...): the options this server does not implement (PS3.4 C.5, B.3.1).
            info.ExtendedNegotiations.Add(new SopClassExtendedNegotiation(extended.SopClassUid, new byte[extended.ServiceClassApplicationInformation.Length]));
        }

        if (proposedInfo.UserIdentityRq is { PositiveResponseRequested: true })
        {
            info.UserIdentityAc = new UserIdentityAc(ReadOnlyMemory<byte>.Empty);
        }

        return accept;
    }

    private (PresentationContextResult Result, string TransferSyntax) Choose(PresentationContextRq proposed, bool requestorIsStorageScp)
    {
        var service = ServiceOf(proposed.AbstractSyntax);
        var supported = service switch
        {
            DicomService.Verification => true,
            DicomService.Find => _handlers.Find != null,
            DicomService.Move => _handlers.Move != null,
            DicomService.Get => _handlers.Get != null,
            DicomService.Commitment => _handlers.Commitment != null || _handlers.CommitmentReport != null,
            // Storage contexts serve C-STORE to us, or C-GET sub-operations from us to a requestor that takes the SCP role.
            DicomService.Storage => _handlers.Store != null || (requestorIsStorageScp && _handlers.Get != null),
            _ => false,
        };
        if (!supported)
        {
            return (PresentationContextResult.AbstractSyntaxNotSupported, proposed.TransferSyntaxes[0]);
        }

        if (service == DicomService.Storage && _options.AcceptAnyKnownStorageTransferSyntax)
        {
            foreach (var ts in proposed.TransferSyntaxes)
            {
                if (TransferSyntax.TryLookup(ts, out var known) && !known.IsUnknown)
                {
                    return (PresentationContextResult.Acceptance, ts);
                }
            }
        }

        foreach (var preferred in _options.TransferSyntaxes)
        {
            if (proposed.TransferSyntaxes.Contains(preferred))
            {
                return (PresentationContextResult.Acceptance, preferred);
            }
        }

        return (PresentationContextResult.TransferSyntaxesNotSupported, proposed.TransferSyntaxes[0]);
    }

    private enum DicomService
    {
        Verification,
        Storage,
        Find,
        Move,
        Get,
        Commitment,
        Other,
    }

    /// <summary>The service of an abstract syntax; anything under the storage root 1.2.840.10008.5.1.4.1.1 or unknown private is storage.</summary>
    private static DicomService ServiceOf(string sopClass) => sopClass switch
    {
        DicomUids.Verification => DicomService.Verification,
        DicomUids.PatientRootQueryRetrieveInformationModelFind or DicomUids.StudyRootQueryRetrieveInformationModelFind
            or DicomUids.ModalityWorklistInformationModelFind or "1.2.840.10008.5.1.4.1.2.3.1" => DicomService.Find,
        "1.2.840.10008.5.1.4.1.2.1.2" or DicomUids.StudyRootQueryRetrieveInformationModelMove or "1.2.840.10008.5.1.4.1.2.3.2" => DicomService.Move,
        "1.2.840.10008.5.1.4.1.2.1.3" or DicomUids.StudyRootQueryRetrieveInformationModelGet or "1.2.840.10008.5.1.4.1.2.3.3" => DicomService.Get,
        DicomUids.StorageCommitmentPushModel => DicomService.Commitment,
        _ when sopClass.StartsWith("1.2.840.10008.5.1.4.1.1.", StringComparison.Ordinal) => DicomService.Storage,
        _ when !sopClass.StartsWith("1.2.840.10008.", StringComparison.Ordinal) => DicomService.Storage,
        _ => DicomService.Other,
    };
}
