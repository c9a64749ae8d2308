using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Tests.Network;

public class EchoTests
{
    [Fact]
    public async Task Echo_between_our_client_and_server_succeeds_and_releases()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers());
        await using var client = await DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client());
        Assert.Equal(AssociationState.Sta6, client.Association.State);
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
        await client.ReleaseAsync();
        Assert.Equal(AssociationState.Sta1, client.Association.State);
    }

    [Fact]
    public async Task Wrong_called_AE_title_is_rejected_with_a_reason_an_operator_understands()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers());
        var ex = await Assert.ThrowsAsync<DicomAssociationException>(() => DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client("NOBODY")));
        Assert.Equal(DicomAssociationFailure.Rejected, ex.Failure);
        Assert.Equal(AAssociateRj.CalledAeTitleNotRecognized, ex.Rejection!.Reason);
        Assert.Contains("called AE title not recognized", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_says_so()
    {
        int port;
        await using (var server = LoopbackServer.Start(new DicomServerHandlers()))
        {
            port = server.Port;
        }

        var ex = await Assert.ThrowsAsync<DicomAssociationException>(() => DicomClient.ConnectForEchoAsync("127.0.0.1", port, LoopbackServer.Client()));
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Associations_beyond_the_limit_are_rejected_transiently()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers(), new DicomServerOptions { AeTitle = "TEST-SCP", MaxAssociations = 1 });
        await using var first = await DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client());
        var ex = await Assert.ThrowsAsync<DicomAssociationException>(() => DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client()));
        Assert.Equal(AAssociateRjResult.RejectedTransient, ex.Rejection!.Result);
        Assert.Equal(AAssociateRj.LocalLimitExceeded, ex.Rejection.Reason);
        Assert.Equal(DimseStatus.Success, await first.EchoAsync());
        await first.ReleaseAsync();
    }
}
