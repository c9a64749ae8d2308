using System.Net;
using System.Net.Sockets;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Tests.Network;

/// <summary>
/// A-RELEASE collision (PS3.8 9.2.2.1, states Sta9-Sta12): both sides send A-RELEASE-RQ before seeing the other's. The requestor
/// answers first (Sta9 -> Sta11), the acceptor answers after the requestor's A-RELEASE-RP (Sta10 -> Sta12), and both end cleanly.
/// </summary>
public sealed class ReleaseCollisionTests
{
    [Fact]
    public async Task As_requestor_we_answer_the_crossing_release_request_then_close_on_the_peers_answer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = LoopbackServer.Client();
        var connecting = DicomClient.ConnectForEchoAsync("127.0.0.1", port, options);
        using var peer = await RawPeer.AcceptAsync(listener);
        Assert.Equal(PduType.AAssociateRq, (PduType)(await peer.ReadPduAsync())[0]);
        await peer.SendAsync(PduTests.Whole(new AAssociateAc
        {
            CallingAeTitle = "TEST-SCU",
            CalledAeTitle = "TEST-SCP",
            PresentationContexts = { new PresentationContextAc(1, PresentationContextResult.Acceptance, TransferSyntax.ImplicitVRLittleEndian.Uid) },
            UserInformation = { MaximumLength = 16384, ImplementationClassUid = "1.2.3" },
        }.Write));
        await using var client = await connecting;

        var releasing = client.ReleaseAsync();
        Assert.Equal(PduType.AReleaseRq, (PduType)(await peer.ReadPduAsync())[0]);
        // The peer's own request crossed ours on the wire.
        await peer.SendAsync(PduTests.Whole(AReleaseRq.Write));
        Assert.Equal(PduType.AReleaseRp, (PduType)(await peer.ReadPduAsync())[0]);
        Assert.Equal(AssociationState.Sta11, client.Association.State);
        await peer.SendAsync(PduTests.Whole(AReleaseRp.Write));

        await releasing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AssociationState.Sta1, client.Association.State);
        var (rest, closed) = await peer.ReadUntilClosedAsync();
        Assert.True(closed && rest.Length == 0);
    }

    [Fact]
    public async Task As_acceptor_we_confirm_the_peers_answer_then_answer_its_request_and_wait_for_it_to_close()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var peer = await RawPeer.ConnectAsync(port);
        var socket = await listener.AcceptSocketAsync();
        await peer.SendAsync(RawPeer.AssociateRequest("TEST-SCP", (1, DicomUids.Verification)));
        var acceptor = await AcceptAsync(socket);
        await using var _ = acceptor;
        Assert.Equal(PduType.AAssociateAc, (PduType)(await peer.ReadPduAsync())[0]);

        var releasing = acceptor.ReleaseAsync();
        Assert.Equal(PduType.AReleaseRq, (PduType)(await peer.ReadPduAsync())[0]);
        // The requestor's own request crossed ours; as requestor in Sta9 it answers at once.
        await peer.SendAsync(PduTests.Whole(AReleaseRq.Write));
        await peer.SendAsync(PduTests.Whole(AReleaseRp.Write));
        Assert.Equal(PduType.AReleaseRp, (PduType)(await peer.ReadPduAsync())[0]);
        Assert.Equal(AssociationState.Sta13, acceptor.State);
        peer.Close();

        await releasing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AssociationState.Sta1, acceptor.State);
    }

    [Fact]
    public async Task When_both_of_our_sides_release_at_once_both_end_cleanly()
    {
        for (var round = 0; round < 20; round++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var connecting = DicomClient.ConnectForEchoAsync("127.0.0.1", port, LoopbackServer.Client());
            var acceptor = await AcceptAsync(await listener.AcceptSocketAsync());
            await using var _ = acceptor;
            await using var client = await connecting;

            // Whichever way the two requests cross (a collision, or one side seeing the other's request first), both finish.
            await Task.WhenAll(client.ReleaseAsync(), acceptor.ReleaseAsync()).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(AssociationState.Sta1, client.Association.State);
            Assert.Equal(AssociationState.Sta1, acceptor.State);
        }
    }

    private static async Task<DicomAssociation> AcceptAsync(Socket socket)
    {
        var server = LoopbackServer.Start(new DicomServerHandlers());
        await using (server)
        {
            var association = await DicomAssociation.AcceptAsync(new NetworkStream(socket, ownsSocket: true), socket, new DicomServerOptions { AeTitle = "TEST-SCP" },
                (_, request) => ValueTask.FromResult(AssociationAnswer.Accepted(server.Negotiate(request))), CancellationToken.None);
            return association ?? throw new InvalidOperationException("the association was not accepted");
        }
    }
}
