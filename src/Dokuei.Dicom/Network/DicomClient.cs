using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Network;

/// <summary>Options of an SCU: AE titles, identity and what to propose, on top of the association's timers and limits.</summary>
public sealed record DicomClientOptions : DicomAssociationOptions
{
    /// <summary>Our AE title (calling).</summary>
    public string CallingAeTitle { get; init; } = "DOKUEI";

    /// <summary>The peer's AE title (called).</summary>
    public string CalledAeTitle { get; init; } = "ANY-SCP";

    /// <summary>How long to wait for the TCP (and TLS) connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>User identity to propose, if any.</summary>
    public UserIdentityRq? UserIdentity { get; init; }

    /// <summary>
    /// Propose an asynchronous operations window: how many operations we may invoke before their responses come (used by
    /// <see cref="DicomClient.StoreAsync(IReadOnlyList{DicomStoreSource}, Action{DicomStoreOutcome}?, CancellationToken)"/>)
    /// and perform (this client performs one at a time: propose 1). Null proposes none: one operation at a time.
    /// </summary>
    public AsynchronousOperationsWindow? AsynchronousOperationsWindow { get; init; }
}

/// <summary>
/// The SCU side: opens an association and runs C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET and storage commitment requests on it,
/// one at a time.
/// </summary>
public sealed partial class DicomClient : IAsyncDisposable
{
    /// <summary>The uncompressed transfer syntaxes, in the order proposed for anything not tied to a file.</summary>
    public static readonly IReadOnlyList<string> UncompressedTransferSyntaxes = [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ImplicitVRLittleEndian.Uid];

    private DicomClient(DicomAssociation association) => Association = association;

    /// <summary>The association.</summary>
    public DicomAssociation Association { get; }

    /// <summary>Builds an A-ASSOCIATE-RQ for the given abstract syntaxes and transfer syntax lists (odd context IDs from 1).</summary>
    public static AAssociateRq CreateRequest(DicomClientOptions options, IEnumerable<(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)> contexts)
    {
        var request = new AAssociateRq { CallingAeTitle = options.CallingAeTitle, CalledAeTitle = options.CalledAeTitle };
        var id = 1;
        foreach (var (abstractSyntax, transferSyntaxes) in contexts)
        {
            if (id > 255)
            {
                throw new ArgumentException("more than 128 presentation contexts", nameof(contexts));
            }

            request.PresentationContexts.Add(new PresentationContextRq((byte)id, abstractSyntax, transferSyntaxes));
            id += 2;
        }

        var info = request.UserInformation;
        info.MaximumLength = options.MaxPduLength;
        info.ImplementationClassUid = options.ImplementationClassUid;
        info.ImplementationVersionName = options.ImplementationVersionName;
        info.AsynchronousOperationsWindow = options.AsynchronousOperationsWindow;
        info.UserIdentityRq = options.UserIdentity;
        return request;
    }

    /// <summary>Connects and negotiates an association proposing <paramref name="request"/>'s contexts.</summary>
    public static async Task<DicomClient> ConnectAsync(string host, int port, AAssociateRq request, DicomClientOptions options, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DicomAssociationException($"no connection to {host}:{port} within {options.ConnectTimeout.TotalSeconds:0} s", DicomAssociationFailure.Timeout);
            }
            catch (SocketException ex)
            {
                var what = ex.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "host unreachable",
                    _ => ex.Message,
                };
                throw new DicomAssociationException($"cannot connect to {host}:{port}: {what}", DicomAssociationFailure.ConnectionClosed, ex);
            }

            stream = new NetworkStream(socket, ownsSocket: false);
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, chain, errors) => tls.Validate(certificate, chain, errors, isServer: false));
                try
                {
                    await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = host,
                        ClientCertificates = tls.Certificate == null ? null : [tls.Certificate],
                    }, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    throw new DicomAssociationException($"TLS handshake with {host}:{port} failed: {ex.Message}", DicomAssociationFailure.ConnectionClosed, ex);
                }

                stream = ssl;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var association = await DicomAssociation.RequestAsync(stream, socket, request, options, cancellationToken).ConfigureAwait(false);
        return new DicomClient(association);
    }

    /// <summary>Connects proposing Verification only.</summary>
    public static Task<DicomClient> ConnectForEchoAsync(string host, int port, DicomClientOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, CreateRequest(options, [(DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid])]), options, cancellationToken);

    /// <summary>C-ECHO: verifies the peer answers.</summary>
    public async Task<DimseStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var context = RequireContext(DicomUids.Verification);
        var request = new CEchoRq { MessageId = Association.NextMessageId() };
        await Association.SendAsync(request, context, null, cancellationToken).ConfigureAwait(false);
        var response = await ReceiveResponseAsync(request, cancellationToken).ConfigureAwait(false);
        return ((DimseResponse)response.Message).Status;
    }

    /// <summary>
    /// C-STORE of one instance, streamed from its file. The context with the file's transfer syntax is used if accepted; otherwise an
    /// accepted uncompressed one (the dataset is re-encoded). Returns the peer's response.
    /// </summary>
    public Task<CStoreRsp> StoreAsync(DicomStoreSource source, CancellationToken cancellationToken = default) =>
        SendStoreAsync(Association, source, null, null, cancellationToken);

    /// <summary>An A-ASSOCIATE-RQ proposing what the files need: per SOP class and transfer syntax, that syntax first, then the uncompressed ones.</summary>
    public static AAssociateRq CreateStoreRequest(DicomClientOptions options, IEnumerable<DicomStoreSource> sources)
    {
        var contexts = sources
            .Select(s => (s.SopClassUid, s.TransferSyntax))
            .Distinct()
            .Select(p => (p.SopClassUid, (IReadOnlyList<string>)(p.TransferSyntax.IsEncapsulated
                ? [p.TransferSyntax.Uid]
                : [p.TransferSyntax.Uid, .. UncompressedTransferSyntaxes.Where(u => u != p.TransferSyntax.Uid)])))
            .ToList();
        if (contexts.Count > 128)
        {
            throw new ArgumentException($"the files need {contexts.Count} presentation contexts, more than the 128 an association can hold", nameof(sources));
        }

        return CreateRequest(options, contexts);
    }

    /// <summary>Sends one instance with C-STORE on an association and waits for the response.</summary>
    internal static async Task<CStoreRsp> SendStoreAsync(DicomAssociation association, DicomStoreSource source, string? moveOriginatorAeTitle, ushort? moveOriginatorMessageId, CancellationToken cancellationToken)
    {
        var request = await SendStoreRequestAsync(association, source, moveOriginatorAeTitle, moveOriginatorMessageId, cancellationToken).ConfigureAwait(false);
        var response = await ReceiveResponseAsync(association, request, cancellationToken).ConfigureAwait(false);
        return (CStoreRsp)response.Message;
    }

    /// <summary>Sends a C-STORE-RQ with its dataset (on the context for the file's transfer syntax, or an uncompressed one).</summary>
    private static async Task<CStoreRq> SendStoreRequestAsync(DicomAssociation association, DicomStoreSource source, string? moveOriginatorAeTitle, ushort? moveOriginatorMessageId, CancellationToken cancellationToken)
    {
        var context = association.FindContext(source.SopClassUid, source.TransferSyntax)
            ?? (source.TransferSyntax.IsEncapsulated ? null : association.PresentationContexts.FirstOrDefault(c => c.AbstractSyntax == source.SopClassUid && !c.TransferSyntax.IsEncapsulated))
            ?? throw new DicomAssociationException($"{association.CalledAeTitle} accepted no presentation context for {source.SopClassUid} in {source.TransferSyntax.Name}", DicomAssociationFailure.NoPresentationContext);
        var request = new CStoreRq(source.SopClassUid, source.SopInstanceUid)
        {
            MessageId = association.NextMessageId(),
            MoveOriginatorAeTitle = moveOriginatorAeTitle,
            MoveOriginatorMessageId = moveOriginatorMessageId,
        };
        var dataset = await source.OpenDatasetAsync(context.TransferSyntax, cancellationToken).ConfigureAwait(false);
        await using (dataset.ConfigureAwait(false))
        {
            await association.SendAsync(request, context, dataset, cancellationToken).ConfigureAwait(false);
        }

        return request;
    }

    /// <summary>C-FIND: sends the identifier and yields each pending match; C-CANCEL is sent if enumeration stops early or is cancelled.</summary>
    public async IAsyncEnumerable<DicomDataset> FindAsync(string sopClassUid, DicomDataset identifier, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = RequireContext(sopClassUid);
        var request = new CFindRq(sopClassUid) { MessageId = Association.NextMessageId() };
        using var data = new MemoryStream(DimseDatasets.Encode(identifier, context.TransferSyntax));
        await Association.SendAsync(request, context, data, cancellationToken).ConfigureAwait(false);
        var finished = false;
        try
        {
            while (true)
            {
                var received = await ReceiveResponseAsync(request, CancellationToken.None, cancellationToken).ConfigureAwait(false);
                var response = (CFindRsp)received.Message;
                if (!response.Status.IsPending)
                {
                    await received.DiscardDatasetAsync().ConfigureAwait(false);
                    finished = true;
                    if (response.Status.Kind is DimseStatusKind.Failure)
                    {
                        throw new DimseException($"C-FIND failed with status {response.Status}{(response.ErrorComment is { } c ? ": " + c : "")}");
                    }

                    yield break;
                }

                var match = await received.ReadDatasetAsync(CancellationToken.None).ConfigureAwait(false);
                yield return match;
            }
        }
        finally
        {
            if (!finished && Association.State == AssociationState.Sta6)
            {
                await CancelAndDrainAsync(request, context).ConfigureAwait(false);
            }
        }
    }

    /// <summary>C-MOVE: asks the peer to store the matches to <paramref name="destination"/>; <paramref name="progress"/> sees each pending response.</summary>
    public async Task<CMoveRsp> MoveAsync(string sopClassUid, string destination, DicomDataset identifier, Action<CMoveRsp>? progress = null, CancellationToken cancellationToken = default)
    {
        var context = RequireContext(sopClassUid);
        var request = new CMoveRq(sopClassUid, destination) { MessageId = Association.NextMessageId() };
        using var data = new MemoryStream(DimseDatasets.Encode(identifier, context.TransferSyntax));
        await Association.SendAsync(request, context, data, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var received = await ReceiveResponseAsync(request, cancellationToken).ConfigureAwait(false);
            await received.DiscardDatasetAsync().ConfigureAwait(false);
            var response = (CMoveRsp)received.Message;
            if (!response.Status.IsPending)
            {
                return response;
            }

            progress?.Invoke(response);
        }
    }

    /// <summary>
    /// C-GET: the peer sends the matches back as C-STORE sub-operations on this association (propose storage contexts and SCP role
    /// selection for them, see <see cref="CreateGetRequest"/>); each goes to <paramref name="store"/>.
    /// </summary>
    public async Task<CGetRsp> GetAsync(string sopClassUid, DicomDataset identifier, IStoreHandler store, Action<CGetRsp>? progress = null, CancellationToken cancellationToken = default)
    {
        var context = RequireContext(sopClassUid);
        var request = new CGetRq(sopClassUid) { MessageId = Association.NextMessageId() };
        using var data = new MemoryStream(DimseDatasets.Encode(identifier, context.TransferSyntax));
        await Association.SendAsync(request, context, data, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var received = await Association.ReceiveAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new DicomAssociationException($"{Association.CalledAeTitle} released the association during C-GET", DicomAssociationFailure.ConnectionClosed);
            if (received.Message is CStoreRq storeRequest)
            {
                var status = await DicomServer.HandleStoreAsync(Association, store, storeRequest, received, cancellationToken).ConfigureAwait(false);
                await Association.SendAsync(new CStoreRsp(storeRequest, status), received.Context, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await received.DiscardDatasetAsync().ConfigureAwait(false);
            if (received.Message is CGetRsp response && response.MessageIdBeingRespondedTo == request.MessageId)
            {
                if (!response.Status.IsPending)
                {
                    return response;
                }

                progress?.Invoke(response);
                continue;
            }

            throw new DicomAssociationException($"unexpected {received.Message} during C-GET", DicomAssociationFailure.ProtocolError);
        }
    }

    /// <summary>An A-ASSOCIATE-RQ for C-GET: the query model, plus storage contexts for <paramref name="storageSopClasses"/> with SCP role selection.</summary>
    public static AAssociateRq CreateGetRequest(DicomClientOptions options, string getSopClassUid, IEnumerable<string> storageSopClasses, IReadOnlyList<string>? storageTransferSyntaxes = null)
    {
        var storage = storageSopClasses.Distinct().ToList();
        var request = CreateRequest(options, [(getSopClassUid, UncompressedTransferSyntaxes), .. storage.Select(s => (s, storageTransferSyntaxes ?? UncompressedTransferSyntaxes))]);
        foreach (var sopClass in storage)
        {
            request.UserInformation.RoleSelections.Add(new ScpScuRoleSelection(sopClass, ScuRole: false, ScpRole: true));
        }

        return request;
    }

    /// <summary>Releases the association.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken = default) => Association.ReleaseAsync(cancellationToken);

    /// <summary>Aborts if still open and closes.</summary>
    public ValueTask DisposeAsync() => Association.DisposeAsync();

    private DicomPresentationContext RequireContext(string abstractSyntax) =>
        Association.FindContext(abstractSyntax)
        ?? throw new DicomAssociationException($"{Association.CalledAeTitle} accepted no presentation context for {abstractSyntax}", DicomAssociationFailure.NoPresentationContext);

    private async Task CancelAndDrainAsync(DimseRequest request, DicomPresentationContext context)
    {
        try
        {
            await Association.SendAsync(new CCancelRq(request.MessageId), context, null).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var received = await ReceiveResponseAsync(request, timeout.Token).ConfigureAwait(false);
                await received.DiscardDatasetAsync().ConfigureAwait(false);
                if (!((DimseResponse)received.Message).Status.IsPending)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is DicomAssociationException or OperationCanceledException)
        {
            await Association.AbortAsync().ConfigureAwait(false);
        }
    }

    private Task<DicomReceivedMessage> ReceiveResponseAsync(DimseRequest request, CancellationToken cancellationToken, CancellationToken enumeratorToken = default) =>
        ReceiveResponseAsync(Association, request, cancellationToken, enumeratorToken);

    private static async Task<DicomReceivedMessage> ReceiveResponseAsync(DicomAssociation association, DimseRequest request, CancellationToken cancellationToken, CancellationToken enumeratorToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, enumeratorToken);
        while (true)
        {
            var received = await association.ReceiveAsync(linked.Token).ConfigureAwait(false)
                ?? throw new DicomAssociationException($"{association.CalledAeTitle} released the association instead of answering {request}", DicomAssociationFailure.ConnectionClosed);
            if (received.Message is DimseResponse response && response.MessageIdBeingRespondedTo == request.MessageId)
            {
                return received;
            }

            await received.DiscardDatasetAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"unexpected {received.Message} while awaiting the response to {request}", DicomAssociationFailure.ProtocolError);
        }
    }
}
