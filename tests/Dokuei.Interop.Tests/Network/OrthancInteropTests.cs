using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Interop.Tests.Peers;

namespace Dokuei.Interop.Tests.Network;

/// <summary>
/// Orthanc (Debian's, on loopback) as the PACS on the other side: our SCU stores to it, queries it and has it C-MOVE a
/// study to our SCP; Orthanc as SCU verifies and stores to our SCP; storage commitment both ways (OrthancInteropTests.Commitment.cs).
/// </summary>
public sealed partial class OrthancInteropTests : IAsyncLifetime, IDisposable
{
    private readonly QueryRetrieveFixture _fixture = new();
    private readonly string _out = NetworkTestFiles.TempDirectory();
    private readonly DicomCommitmentReports _reports = new();
    private DicomFileStoreHandler _received = null!;
    private DicomServer _server = null!;
    private OrthancPeer _orthanc = null!;

    public async Task InitializeAsync()
    {
        _received = new DicomFileStoreHandler(_out);
        _server = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DOKUEI" }, new DicomServerHandlers { Store = _received, Commitment = this, CommitmentReport = _reports });
        _orthanc = await OrthancPeer.StartAsync(new Dictionary<string, int> { ["DOKUEI"] = _server.Port });
    }

    public async Task DisposeAsync()
    {
        await _orthanc.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Our_client_stores_queries_and_has_orthanc_move_a_study_back_to_our_server()
    {
        var options = new DicomClientOptions { CallingAeTitle = "DOKUEI", CalledAeTitle = OrthancPeer.AeTitle };
        var sources = new List<DicomStoreSource>();
        foreach (var path in _fixture.Files)
        {
            sources.Add(await DicomStoreSource.FromFileAsync(path));
        }

        await using (var client = await DicomClient.ConnectAsync("127.0.0.1", _orthanc.DicomPort, DicomClient.CreateStoreRequest(options, sources), options))
        {
            foreach (var source in sources)
            {
                var response = await client.StoreAsync(source);
                Assert.True(response.Status.IsSuccess, $"{source.Path}: {response.Status}\n{_orthanc.Log}");
            }

            await client.ReleaseAsync();
        }

        Assert.Equal(_fixture.Files.Count, await _orthanc.CountInstancesAsync());

        var request = DicomClient.CreateRequest(options, [
            (DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomClient.UncompressedTransferSyntaxes),
            (DicomUids.StudyRootQueryRetrieveInformationModelMove, DicomClient.UncompressedTransferSyntaxes)]);
        await using (var client = await DicomClient.ConnectAsync("127.0.0.1", _orthanc.DicomPort, request, options))
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
            var final = await client.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "DOKUEI", move);
            Assert.True(final.Status == DimseStatus.Success, $"{final.Status}\n{_orthanc.Log}");
            Assert.Equal((ushort)2, final.Completed);
            await client.ReleaseAsync();
        }

        // What Orthanc moved to us is what we stored in it, value for value (Orthanc gives sequences defined lengths, so both
        // sides are compared re-encoded the same way).
        Assert.Equal(2, _received.Stored);
        foreach (var path in _fixture.Files.Take(2))
        {
            var sent = DicomFile.Open(path);
            var arrived = DicomFile.Open(Path.Combine(_out, sent.Dataset.GetString(DicomTag.SOPInstanceUID) + ".dcm"));
            Assert.Equal(DatasetBytes(sent), DatasetBytes(arrived));
        }
    }

    [Fact]
    public async Task Orthanc_as_scu_verifies_and_stores_to_our_server()
    {
        foreach (var path in _fixture.Files)
        {
            await _orthanc.UploadAsync(await File.ReadAllBytesAsync(path));
        }

        using (var echo = await _orthanc.Http.PostAsync(new Uri("modalities/DOKUEI/echo", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.True(echo.IsSuccessStatusCode, await echo.Content.ReadAsStringAsync() + _orthanc.Log);
        }

        var instances = JsonNode.Parse(await _orthanc.Http.GetStringAsync(new Uri("instances", UriKind.Relative)))!.AsArray();
        var body = new JsonObject { ["Resources"] = new JsonArray([.. instances.Select(i => (JsonNode)i!.GetValue<string>())]), ["Synchronous"] = true };
        using var store = await _orthanc.Http.PostAsync(new Uri("modalities/DOKUEI/store", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(store.IsSuccessStatusCode, await store.Content.ReadAsStringAsync() + _orthanc.Log);

        Assert.Equal(_fixture.Files.Count, _received.Stored);
        Assert.Equal(_fixture.Files.Count, Directory.GetFiles(_out, "*.dcm").Length);
    }

    private static byte[] DatasetBytes(DicomFile file)
    {
        using var stream = new MemoryStream();
        new DicomDatasetWriter(TransferSyntax.ExplicitVRLittleEndian, preserveEncoding: false).Write(file.Dataset, stream);
        return stream.ToArray();
    }
}
