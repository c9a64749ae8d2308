using System.Net;
using System.Runtime.CompilerServices;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Tests.Network;

public sealed class ServiceTests : IFindHandler, ICommitmentHandler, IAssociationHandler
{
    private readonly TaskCompletionSource _findCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AAssociateRq? _seenRequest;

    [Fact]
    public async Task Stopping_a_find_early_sends_C_CANCEL_the_handler_sees_it_and_the_association_carries_on()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Find = this });
        var options = LoopbackServer.Client();
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, DicomClient.CreateRequest(options, [
            (DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomClient.UncompressedTransferSyntaxes),
            (DicomUids.Verification, DicomClient.UncompressedTransferSyntaxes)]), options);
        var query = new DicomDataset();
        query.SetString(DicomTag.QueryRetrieveLevel, "STUDY");
        var seen = 0;
        await foreach (var match in client.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, query))
        {
            Assert.Equal("STUDY", match.GetString(DicomTag.QueryRetrieveLevel));
            if (++seen == 3)
            {
                break;
            }
        }

        await _findCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task Identity_async_window_role_selection_and_extended_negotiation_are_carried_and_answered()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Association = this, Find = this, Get = new NoInstances() });
        var options = LoopbackServer.Client() with
        {
            UserIdentity = UserIdentityRq.FromJwt("eyJhbGciOiJub25lIn0.e30.", positiveResponseRequested: true),
            AsynchronousOperationsWindow = new AsynchronousOperationsWindow(4, 4),
        };
        var request = DicomClient.CreateGetRequest(options, DicomUids.StudyRootQueryRetrieveInformationModelGet, [DicomUids.CTImageStorage]);
        request.UserInformation.ExtendedNegotiations.Add(new SopClassExtendedNegotiation(DicomUids.StudyRootQueryRetrieveInformationModelGet, new byte[] { 1 }));
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, request, options);

        Assert.Equal("eyJhbGciOiJub25lIn0.e30.", _seenRequest!.UserInformation.UserIdentityRq!.PrimaryText);
        Assert.Single(_seenRequest.UserInformation.ExtendedNegotiations);
        var answer = client.Association.Accepted!.UserInformation;
        Assert.NotNull(answer.UserIdentityAc);
        var extended = Assert.Single(answer.ExtendedNegotiations);
        Assert.Equal([0], extended.ServiceClassApplicationInformation.ToArray());
        Assert.Equal(new AsynchronousOperationsWindow(1, 1), answer.AsynchronousOperationsWindow);
        Assert.Equal(new ScpScuRoleSelection(DicomUids.CTImageStorage, false, true), Assert.Single(answer.RoleSelections));
        Assert.Equal(Dokuei.Dicom.IO.DicomFileWriter.ImplementationClassUid, answer.ImplementationClassUid);
        Assert.NotNull(client.Association.FindContext(DicomUids.CTImageStorage));
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task The_association_hook_can_reject_a_calling_AE_title()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Association = this });
        var ex = await Assert.ThrowsAsync<DicomAssociationException>(() =>
            DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client() with { CallingAeTitle = "STRANGER" }));
        Assert.Contains("calling AE title not recognized", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_commitment_answers_N_ACTION_then_reports_with_N_EVENT_REPORT_on_the_same_association()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Commitment = this });
        var options = LoopbackServer.Client();
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port,
            DicomClient.CreateRequest(options, [(DicomUids.StorageCommitmentPushModel, DicomClient.UncompressedTransferSyntaxes)]), options);
        var result = await client.CommitAsync("1.2.3.99", [new(DicomUids.CTImageStorage, "1.2.3.1"), new(DicomUids.CTImageStorage, "1.2.3.2")], TimeSpan.FromSeconds(30));
        Assert.Equal("1.2.3.1", Assert.Single(result.Committed).SopInstanceUid);
        var failed = Assert.Single(result.Failed);
        Assert.Equal("1.2.3.2", failed.Reference.SopInstanceUid);
        Assert.Equal((ushort)0x0112, failed.FailureReason);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task Get_between_our_client_and_server_stores_on_the_same_association()
    {
        var folder = Directory.CreateTempSubdirectory("dokuei-get-");
        try
        {
            var source = Path.Combine(folder.FullName, "in.dcm");
            var ds = new DicomDataset();
            ds.SetString(DicomTag.SOPClassUID, DicomUids.CTImageStorage);
            ds.SetString(DicomTag.SOPInstanceUID, "1.2.3.4.5.6");
            Dokuei.Dicom.IO.DicomFileWriter.Write(new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian), source);
            var instance = await DicomStoreSource.FromFileAsync(source);
            await using var server = LoopbackServer.Start(new DicomServerHandlers { Get = new NoInstances([instance, instance]) });
            var options = LoopbackServer.Client();
            await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port,
                DicomClient.CreateGetRequest(options, DicomUids.StudyRootQueryRetrieveInformationModelGet, [DicomUids.CTImageStorage]), options);
            var output = Directory.CreateDirectory(Path.Combine(folder.FullName, "out")).FullName;
            var store = new DicomFileStoreHandler(output);
            var pending = new List<CGetRsp>();
            var query = new DicomDataset();
            query.SetString(DicomTag.QueryRetrieveLevel, "IMAGE");
            var final = await client.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, query, store, pending.Add);
            Assert.Equal(DimseStatus.Success, final.Status);
            Assert.Equal((ushort)2, final.Completed);
            Assert.Null(final.Remaining);
            Assert.Equal((ushort)1, Assert.Single(pending).Remaining);
            Assert.Equal(2, store.Stored);
            // The second copy replaced the first under the same name, and no temporary name is left behind.
            Assert.Equal(Path.Combine(output, "1.2.3.4.5.6.dcm"), Assert.Single(Directory.GetFiles(output)));
            await client.ReleaseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public async IAsyncEnumerable<DicomDataset> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; ; i++)
            {
                var match = new DicomDataset();
                match.SetString(DicomTag.QueryRetrieveLevel, "STUDY");
                match.SetString(DicomTag.StudyID, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                yield return match;
                await Task.Delay(20, cancellationToken);
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _findCancelled.TrySetResult();
            }
        }
    }

    public ValueTask<DicomCommitmentResult> CommitAsync(DicomCommitmentRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new DicomCommitmentResult([request.References[0]], [(request.References[1], (ushort)0x0112)]));

    public ValueTask<AAssociateRj?> ValidateAsync(AAssociateRq request, EndPoint? remoteEndPoint, CancellationToken cancellationToken)
    {
        _seenRequest = request;
        return ValueTask.FromResult(request.CallingAeTitle == "STRANGER"
            ? new AAssociateRj(AAssociateRjResult.RejectedPermanent, AAssociateRjSource.ServiceUser, AAssociateRj.CallingAeTitleNotRecognized)
            : null);
    }

    private sealed class NoInstances(IReadOnlyList<DicomStoreSource>? instances = null) : IGetHandler
    {
        public ValueTask<IReadOnlyList<DicomStoreSource>> GetAsync(DicomGetRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(instances ?? []);
    }
}
