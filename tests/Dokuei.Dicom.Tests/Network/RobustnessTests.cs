using System.IO.Pipelines;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Tests.Network;

public sealed class RobustnessTests : IDisposable
{
    private static readonly byte[] AbortUnrecognizedPdu = [0x07, 0, 0, 0, 0, 4, 0, 0, 2, 1];

    private readonly ListLoggerFactory _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task An_unknown_PDU_type_gets_A_ABORT_unrecognized_PDU_a_log_line_and_no_leak()
    {
        await using var server = Start();
        using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.SendAsync([0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
        var (bytes, closed) = await peer.ReadUntilClosedAsync();
        Assert.Equal(AbortUnrecognizedPdu, bytes);
        Assert.True(closed);
        Assert.Contains(_log.Entries, e => e.EventId == 3002 && e.Message.Contains("unknown PDU type 0x09", StringComparison.Ordinal));
        await AssertNoAssociationLeftAsync(server);
    }

    [Fact]
    public async Task A_wrong_item_length_in_the_request_gets_A_ABORT_invalid_parameter_value()
    {
        await using var server = Start();
        using var peer = await RawPeer.ConnectAsync(server.Port);
        var rq = RawPeer.AssociateRequest("TEST-SCP", (1, DicomUids.Verification));
        rq[74 + 2] = 0x7F;
        await peer.SendAsync(rq);
        var (bytes, closed) = await peer.ReadUntilClosedAsync();
        Assert.Equal([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6], bytes);
        Assert.True(closed);
        await AssertNoAssociationLeftAsync(server);
    }

    [Fact]
    public async Task A_truncated_request_followed_by_a_disconnect_leaves_nothing_behind()
    {
        await using var server = Start();
        using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            await peer.SendAsync(RawPeer.AssociateRequest("TEST-SCP", (1, DicomUids.Verification))[..40]);
            peer.Close();
            var (_, closed) = await peer.ReadUntilClosedAsync();
            Assert.True(closed);
        }

        await AssertNoAssociationLeftAsync(server);
    }

    [Fact]
    public async Task A_peer_that_connects_and_stalls_is_dropped_when_ARTIM_expires()
    {
        await using var server = Start(new DicomServerOptions { AeTitle = "TEST-SCP", ArtimTimeout = TimeSpan.FromMilliseconds(300), LoggerFactory = _log });
        using var peer = await RawPeer.ConnectAsync(server.Port);
        var (bytes, closed) = await peer.ReadUntilClosedAsync();
        Assert.True(closed, "the server kept a silent connection open");
        Assert.Empty(bytes);
        Assert.Contains(_log.Entries, e => e.EventId == 3005 && e.Message.Contains("ARTIM", StringComparison.Ordinal));
        await AssertNoAssociationLeftAsync(server);
    }

    [Fact]
    public async Task An_established_association_that_stays_silent_is_aborted_after_the_idle_timeout()
    {
        await using var server = Start(new DicomServerOptions { AeTitle = "TEST-SCP", IdleTimeout = TimeSpan.FromMilliseconds(300), LoggerFactory = _log });
        await using var client = await DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client());
        var ex = await Assert.ThrowsAsync<DicomAssociationException>(async () => await client.Association.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DicomAssociationFailure.Aborted, ex.Failure);
        Assert.Contains(_log.Entries, e => e.EventId == 3005 && e.Message.Contains("idle", StringComparison.Ordinal));
        await AssertNoAssociationLeftAsync(server);
    }

    [Fact]
    public async Task Data_on_a_presentation_context_that_was_not_accepted_gets_A_ABORT()
    {
        await using var server = Start();
        using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.SendAsync(RawPeer.AssociateRequest("TEST-SCP", (1, DicomUids.Verification)));
        Assert.Equal((byte)PduType.AAssociateAc, (await peer.ReadPduAsync())[0]);
        await peer.SendAsync(RawPeer.PData(99, 0x03, new CEchoRq { MessageId = 1 }.Command.Encode()));
        var (bytes, closed) = await peer.ReadUntilClosedAsync();
        Assert.Equal([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6], bytes);
        Assert.True(closed);
        await AssertNoAssociationLeftAsync(server);
    }

    [Fact]
    public async Task A_peer_that_disconnects_in_the_middle_of_a_dataset_fails_the_store_and_leaves_nothing_behind()
    {
        var store = new RecordingStoreHandler();
        await using var server = Start(handlers: new DicomServerHandlers { Store = store });
        using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            await peer.SendAsync(RawPeer.AssociateRequest("TEST-SCP", (1, DicomUids.SecondaryCaptureImageStorage)));
            Assert.Equal((byte)PduType.AAssociateAc, (await peer.ReadPduAsync())[0]);
            await peer.SendAsync(RawPeer.PData(1, 0x03, new CStoreRq(DicomUids.SecondaryCaptureImageStorage, "1.2.3") { MessageId = 1 }.Command.Encode()));
            var pdata = RawPeer.PData(1, 0x00, new byte[1000]);
            await peer.SendAsync(pdata[..600]);
            peer.Close();
            await peer.ReadUntilClosedAsync();
        }

        // The handler sees the broken association either as the dataset's failure or as the cancellation of its token, whichever comes first.
        var failure = await store.Failure.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(failure is DicomAssociationException or OperationCanceledException, failure.ToString());
        Assert.Contains(_log.Entries, e => e.EventId == 3004);
        await AssertNoAssociationLeftAsync(server);
    }

    [Fact]
    public async Task Associations_beyond_the_limit_are_rejected_with_a_log_line()
    {
        await using var server = Start(new DicomServerOptions { AeTitle = "TEST-SCP", MaxAssociations = 2, LoggerFactory = _log });
        await using var first = await DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client());
        await using var second = await DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client());
        var ex = await Assert.ThrowsAsync<DicomAssociationException>(() => DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client()));
        Assert.Equal(AAssociateRj.LocalLimitExceeded, ex.Rejection!.Reason);
        Assert.Contains(_log.Entries, e => e.EventId == 3008);
        await first.ReleaseAsync();
        await second.ReleaseAsync();
        await AssertNoAssociationLeftAsync(server);
    }

    private DicomServer Start(DicomServerOptions? options = null, DicomServerHandlers? handlers = null) =>
        LoopbackServer.Start(handlers ?? new DicomServerHandlers(), options ?? new DicomServerOptions { AeTitle = "TEST-SCP", LoggerFactory = _log });

    private static async Task AssertNoAssociationLeftAsync(DicomServer server)
    {
        await Eventually.UntilAsync(() => server.ActiveAssociations == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, server.ActiveAssociations);
    }

    private sealed class RecordingStoreHandler : IStoreHandler
    {
        public TaskCompletionSource<Exception> Failure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<DimseStatus> StoreAsync(DicomStoreRequest request, PipeReader dataset, CancellationToken cancellationToken)
        {
            try
            {
                await dataset.CopyToAsync(Stream.Null, cancellationToken);
                return DimseStatus.Success;
            }
            catch (Exception ex)
            {
                Failure.TrySetResult(ex);
                throw;
            }
        }
    }
}
