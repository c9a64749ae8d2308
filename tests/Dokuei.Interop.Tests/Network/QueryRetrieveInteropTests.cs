using System.Globalization;
using System.Net;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Interop.Tests.Network;

public sealed class QueryRetrieveInteropTests : IDisposable
{
    private readonly QueryRetrieveFixture _fixture = new();
    private readonly string _out = NetworkTestFiles.TempDirectory();

    public void Dispose()
    {
        _fixture.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Findscu_study_root_query_gets_one_pending_response_per_matching_study()
    {
        var handler = new FolderQueryHandler(_fixture.Files);
        await using var server = Start(handler);
        var result = await DcmtkPeer.RunAsync("findscu", "-S", "-aec", "DOKUEI", "-X", "-od", _out,
            "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=P1", "-k", "StudyInstanceUID", "-k", "StudyDescription", "127.0.0.1", Port(server));
        Assert.True(result.ExitCode == 0, result.StandardError);
        var responses = Directory.GetFiles(_out);
        Assert.Equal(2, responses.Length);
        var studies = responses.Select(r => DicomFile.Open(r).Dataset.GetString(DicomTag.StudyInstanceUID)).Order(StringComparer.Ordinal);
        Assert.Equal(_fixture.StudyUids.Take(2).Order(StringComparer.Ordinal), studies);
    }

    [Fact]
    public async Task Findscu_patient_root_query_finds_the_patient()
    {
        await using var server = Start(new FolderQueryHandler(_fixture.Files));
        var result = await DcmtkPeer.RunAsync("findscu", "-P", "-aec", "DOKUEI", "-X", "-od", _out,
            "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=P2", "-k", "PatientName", "127.0.0.1", Port(server));
        Assert.True(result.ExitCode == 0, result.StandardError);
        var response = Assert.Single(Directory.GetFiles(_out));
        Assert.Equal("Suzuki^Hanako", DicomFile.Open(response).Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public async Task Findscu_modality_worklist_query_gets_the_scheduled_procedure_step()
    {
        await using var server = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DOKUEI" },
            new DicomServerHandlers { Find = new WorklistHandler() });
        var result = await DcmtkPeer.RunAsync("findscu", "-W", "-aec", "DOKUEI", "-X", "-od", _out,
            "-k", "PatientName", "-k", "ScheduledProcedureStepSequence[0].Modality=CT", "-k", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
            "127.0.0.1", Port(server));
        Assert.True(result.ExitCode == 0, result.StandardError);
        var item = DicomFile.Open(Assert.Single(Directory.GetFiles(_out))).Dataset;
        Assert.Equal("Sato^Jiro", item.GetString(DicomTag.PatientName));
        Assert.Equal("CT", item.GetSequence(DicomTag.ScheduledProcedureStepSequence)!.Items[0].GetString(DicomTag.Modality));
    }

    [Fact]
    public async Task Movescu_moves_a_study_from_our_server_to_its_own_storage_port()
    {
        var handler = new FolderQueryHandler(_fixture.Files);
        var movePort = FreePort.Next();
        handler.AddDestination("MOVESCU", movePort);
        await using var server = Start(handler);
        var result = await DcmtkPeer.RunAsync("movescu", "-S", "-aet", "MOVESCU", "-aec", "DOKUEI", "-aem", "MOVESCU", "--port", movePort.ToString(CultureInfo.InvariantCulture), "-od", _out,
            "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + _fixture.StudyUids[1], "127.0.0.1", Port(server));
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(2, Directory.GetFiles(_out).Length);
    }

    [Fact]
    public async Task Movescu_to_an_unknown_destination_gets_move_destination_unknown()
    {
        await using var server = Start(new FolderQueryHandler(_fixture.Files));
        var result = await DcmtkPeer.RunAsync("movescu", "-S", "-aec", "DOKUEI", "-aem", "NOWHERE",
            "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + _fixture.StudyUids[1], "127.0.0.1", Port(server));
        Assert.True(result.StandardError.Contains("Refused: MoveDestinationUnknown", StringComparison.Ordinal), result.StandardError);
    }

    [Fact]
    public async Task Getscu_gets_a_study_back_on_the_same_association()
    {
        await using var server = Start(new FolderQueryHandler(_fixture.Files));
        var result = await DcmtkPeer.RunAsync("getscu", "-S", "-aec", "DOKUEI", "-od", _out,
            "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + _fixture.StudyUids[0], "127.0.0.1", Port(server));
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.True(Directory.GetFiles(_out).Length == 2, result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task Our_find_move_and_get_work_against_dcmqrscp()
    {
        var db = Path.Combine(_out, "db");
        Directory.CreateDirectory(db);
        var qrPort = FreePort.Next();
        var received = new DicomFileStoreHandler(Path.Combine(_out, "moved"));
        Directory.CreateDirectory(received.Directory);
        await using var destination = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DOKUEI" }, new DicomServerHandlers { Store = received });
        var config = Path.Combine(_out, "dcmqrscp.cfg");
        await File.WriteAllTextAsync(config, $"""
            NetworkTCPPort = {qrPort}
            MaxPDUSize = 16384
            MaxAssociations = 16
            HostTable BEGIN
            dokuei = (DOKUEI, 127.0.0.1, {destination.Port})
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            QRSCP {db} RW (200, 1024mb) ANY
            AETable END
            """);
        await using var qrscp = await DcmtkPeer.StartServerAsync("dcmqrscp", qrPort, "-c", config, "--disable-host-lookup");
        var store = await DcmtkPeer.RunAsync("storescu", ["-aec", "QRSCP", "127.0.0.1", qrPort.ToString(CultureInfo.InvariantCulture), .. _fixture.Files]);
        Assert.True(store.ExitCode == 0, store.StandardError + qrscp.Output);

        var options = new DicomClientOptions { CallingAeTitle = "DOKUEI", CalledAeTitle = "QRSCP" };
        var request = DicomClient.CreateRequest(options, [
            (DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomClient.UncompressedTransferSyntaxes),
            (DicomUids.StudyRootQueryRetrieveInformationModelMove, DicomClient.UncompressedTransferSyntaxes)]);
        await using (var client = await DicomClient.ConnectAsync("127.0.0.1", qrPort, request, options))
        {
            var query = new DicomDataset();
            query.SetString(DicomTag.QueryRetrieveLevel, "STUDY");
            query.SetString(DicomTag.PatientID, "P1");
            query.SetString(DicomTag.StudyInstanceUID, "");
            var studies = new List<string>();
            await foreach (var match in client.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, query))
            {
                studies.Add(match.GetString(DicomTag.StudyInstanceUID)!);
            }

            Assert.Equal(_fixture.StudyUids.Take(2).Order(StringComparer.Ordinal), studies.Order(StringComparer.Ordinal));

            var move = new DicomDataset();
            move.SetString(DicomTag.QueryRetrieveLevel, "STUDY");
            move.SetString(DicomTag.StudyInstanceUID, _fixture.StudyUids[0]);
            var pending = 0;
            var final = await client.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "DOKUEI", move, _ => pending++);
            Assert.Equal(DimseStatus.Success, final.Status);
            Assert.Equal((ushort)2, final.Completed);
            Assert.Equal(2, received.Stored);
            await client.ReleaseAsync();
        }

        var got = new DicomFileStoreHandler(Path.Combine(_out, "got"));
        Directory.CreateDirectory(got.Directory);
        var getRequest = DicomClient.CreateGetRequest(options, DicomUids.StudyRootQueryRetrieveInformationModelGet, [DicomUids.CTImageStorage]);
        await using (var client = await DicomClient.ConnectAsync("127.0.0.1", qrPort, getRequest, options))
        {
            var get = new DicomDataset();
            get.SetString(DicomTag.QueryRetrieveLevel, "STUDY");
            get.SetString(DicomTag.StudyInstanceUID, _fixture.StudyUids[2]);
            var final = await client.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, get, got);
            Assert.True(final.Status.IsSuccess, $"{final.Status} {qrscp.Output}");
            Assert.Equal(1, got.Stored);
            await client.ReleaseAsync();
        }
    }

    private static DicomServer Start(FolderQueryHandler handler) => DicomServer.Start(
        new IPEndPoint(IPAddress.Loopback, 0),
        new DicomServerOptions { AeTitle = "DOKUEI" },
        new DicomServerHandlers { Find = handler, Move = handler, Get = handler });

    private static string Port(DicomServer server) => server.Port.ToString(CultureInfo.InvariantCulture);

    private sealed class WorklistHandler : IFindHandler
    {
        public async IAsyncEnumerable<DicomDataset> FindAsync(DicomFindRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Assert.Equal(DicomUids.ModalityWorklistInformationModelFind, request.SopClassUid);
            var modality = request.Identifier.GetSequence(DicomTag.ScheduledProcedureStepSequence)?.Items[0].GetString(DicomTag.Modality);
            if (modality != "CT")
            {
                yield break;
            }

            var step = new DicomDataset();
            step.SetString(DicomTag.Modality, "CT");
            step.SetString(DicomTag.ScheduledStationAETitle, "CT01");
            var item = new DicomDataset();
            item.SetString(DicomTag.PatientName, "Sato^Jiro");
            item.SetSequence(DicomTag.ScheduledProcedureStepSequence, step);
            await Task.Yield();
            yield return item;
        }
    }
}
