using System.IO.Pipelines;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Tests.Network;

/// <summary>The asynchronous operations window (PS3.7 D.3.3.3): several C-STOREs outstanding on one association, performed at once.</summary>
public sealed class AsyncOperationsTests : IDisposable
{
    private const int Window = 4;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dokuei-async-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData(1, 8, 1)]
    [InlineData(4, 8, 4)]
    [InlineData(4, 2, 2)]
    [InlineData(4, 0, 4)]
    public async Task The_server_grants_the_smaller_of_its_limit_and_the_proposed_window(int serverLimit, ushort proposed, int granted)
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers(), new DicomServerOptions { AeTitle = "TEST-SCP", MaxAsyncOperations = serverLimit });
        var options = LoopbackServer.Client() with { AsynchronousOperationsWindow = new AsynchronousOperationsWindow(proposed, 1) };
        await using var client = await DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, options);
        Assert.Equal(new AsynchronousOperationsWindow((ushort)granted, 1), client.Association.Accepted!.UserInformation.AsynchronousOperationsWindow);
        Assert.Equal(granted, client.Association.OperationsInvoked);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task Without_a_proposed_window_operations_stay_one_at_a_time()
    {
        await using var server = LoopbackServer.Start(new DicomServerHandlers(), new DicomServerOptions { AeTitle = "TEST-SCP", MaxAsyncOperations = Window });
        await using var client = await DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, LoopbackServer.Client());
        Assert.Null(client.Association.Accepted!.UserInformation.AsynchronousOperationsWindow);
        Assert.Equal(1, client.Association.OperationsInvoked);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task Stores_run_concurrently_up_to_the_window_and_out_of_order_responses_reach_their_requests()
    {
        var sources = new List<DicomStoreSource>();
        for (var i = 0; i < 12; i++)
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTag.SOPClassUID, DicomUids.CTImageStorage);
            ds.SetString(DicomTag.SOPInstanceUID, "1.2.3.4." + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var path = Path.Combine(_folder.FullName, i + ".dcm");
            DicomFileWriter.Write(new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian), path);
            sources.Add(await DicomStoreSource.FromFileAsync(path));
        }

        var handler = new GatedStore(sources[0].SopInstanceUid, sources[1].SopInstanceUid);
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Store = handler }, new DicomServerOptions { AeTitle = "TEST-SCP", MaxAsyncOperations = Window });
        var options = LoopbackServer.Client() with { AsynchronousOperationsWindow = new AsynchronousOperationsWindow(Window, 1) };
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, DicomClient.CreateStoreRequest(options, sources), options);
        var answered = new List<string>();

        var outcomes = await client.StoreAsync(sources, outcome =>
        {
            answered.Add(outcome.Source.SopInstanceUid);
            handler.Answered(outcome.Source.SopInstanceUid);
        });
        await client.ReleaseAsync();

        Assert.Equal(sources.Count, outcomes.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            // Each instance gets the status its own handler call gave: odd ones a warning.
            Assert.Same(sources[i], outcomes[i].Source);
            Assert.Equal(sources[i].SopInstanceUid, outcomes[i].Response!.AffectedSopInstanceUid);
            Assert.Equal(i % 2 == 1 ? DimseStatus.CoercionOfDataElements : DimseStatus.Success, outcomes[i].Response!.Status);
        }

        Assert.True(answered.IndexOf(sources[1].SopInstanceUid) < answered.IndexOf(sources[0].SopInstanceUid), string.Join(", ", answered));
        Assert.Equal(Window, handler.MaxConcurrent);
    }

    [Fact]
    public async Task A_release_request_that_arrives_while_stores_are_performed_is_answered_after_their_responses()
    {
        var handler = new StoreAfterRelease();
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Store = handler }, new DicomServerOptions { AeTitle = "TEST-SCP", MaxAsyncOperations = Window });
        using var peer = await RawPeer.ConnectAsync(server.Port);
        var request = new AAssociateRq { CallingAeTitle = "RAW", CalledAeTitle = "TEST-SCP" };
        request.PresentationContexts.Add(new PresentationContextRq(1, DicomUids.CTImageStorage, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        request.UserInformation.MaximumLength = 16384;
        request.UserInformation.ImplementationClassUid = "1.2.3";
        request.UserInformation.AsynchronousOperationsWindow = new AsynchronousOperationsWindow(2, 1);
        await peer.SendAsync(PduTests.Whole(request.Write));
        Assert.Equal(PduType.AAssociateAc, (PduType)(await peer.ReadPduAsync())[0]);

        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SOPClassUID, DicomUids.CTImageStorage);
        dataset.SetString(DicomTag.SOPInstanceUID, "1.2.3.4");
        await peer.SendAsync(RawPeer.PData(1, PDataTf.CommandBit | PDataTf.LastFragmentBit, new CStoreRq(DicomUids.CTImageStorage, "1.2.3.4") { MessageId = 7 }.Command.Encode()));
        await peer.SendAsync(RawPeer.PData(1, PDataTf.LastFragmentBit, DimseDatasets.Encode(dataset, TransferSyntax.ImplicitVRLittleEndian)));
        await peer.SendAsync(PduTests.Whole(AReleaseRq.Write));

        // The handler returns only once the release request was read: its C-STORE-RSP must still come before the A-RELEASE-RP.
        Assert.Equal(PduType.PDataTf, (PduType)(await peer.ReadPduAsync())[0]);
        Assert.Equal(PduType.AReleaseRp, (PduType)(await peer.ReadPduAsync())[0]);
        Assert.Equal(1, handler.Stored);
    }

    /// <summary>Finishes a store only after the peer's release request has reached the association (Sta8).</summary>
    private sealed class StoreAfterRelease : IStoreHandler
    {
        private int _stored;

        public int Stored => Volatile.Read(ref _stored);

        public async ValueTask<DimseStatus> StoreAsync(DicomStoreRequest request, PipeReader dataset, CancellationToken cancellationToken)
        {
            await dataset.CopyToAsync(Stream.Null, cancellationToken);
            while (request.Association.State != AssociationState.Sta8)
            {
                await Task.Delay(5, cancellationToken);
            }

            Interlocked.Increment(ref _stored);
            return DimseStatus.Success;
        }
    }

    /// <summary>
    /// Holds the first <see cref="Window"/> calls until all of them are in progress at once, and the first instance's call until the
    /// client has the response to the second: so the window fills and responses come back out of order.
    /// </summary>
    private sealed class GatedStore(string first, string second) : IStoreHandler
    {
        private readonly TaskCompletionSource _windowFull = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _secondAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private int _calls;
        private int _maxConcurrent;

        public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

        public void Answered(string uid)
        {
            if (uid == second)
            {
                _secondAnswered.TrySetResult();
            }
        }

        public async ValueTask<DimseStatus> StoreAsync(DicomStoreRequest request, PipeReader dataset, CancellationToken cancellationToken)
        {
            await dataset.CopyToAsync(Stream.Null, cancellationToken);
            var running = Interlocked.Increment(ref _running);
            var call = Interlocked.Increment(ref _calls);
            int max;
            while ((max = Volatile.Read(ref _maxConcurrent)) < running && Interlocked.CompareExchange(ref _maxConcurrent, running, max) != max)
            {
            }

            if (running == Window)
            {
                _windowFull.TrySetResult();
            }

            if (call <= Window)
            {
                await _windowFull.Task.WaitAsync(cancellationToken);
            }

            if (request.SopInstanceUid == first)
            {
                await _secondAnswered.Task.WaitAsync(cancellationToken);
            }

            Interlocked.Decrement(ref _running);
            var index = int.Parse(request.SopInstanceUid[(request.SopInstanceUid.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            return index % 2 == 1 ? DimseStatus.CoercionOfDataElements : DimseStatus.Success;
        }
    }
}
