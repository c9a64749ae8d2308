using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Server.Tests.Hosting;

namespace Dokuei.Server.Tests.Network;

public sealed class DicomQueryCommandsTests : IDisposable, IFindHandler, IMoveHandler, IGetHandler
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dokuei-cli-qr-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<DicomStoreSource> _instances = [];
    private DicomDataset? _lastIdentifier;
    private DicomMoveDestination? _destination;

    public DicomQueryCommandsTests()
    {
        Directory.CreateDirectory(_root);
        for (var i = 0; i < 3; i++)
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTag.SOPClassUID, DicomUids.SecondaryCaptureImageStorage);
            ds.SetString(DicomTag.SOPInstanceUID, DicomUidGenerator.FromGuid(Guid.NewGuid()));
            ds.SetString(DicomTag.PatientName, "Yamada^Tarou");
            var path = Path.Combine(_root, $"i{i}.dcm");
            Dokuei.Dicom.IO.DicomFileWriter.Write(new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian), path);
            _instances.Add(DicomStoreSource.FromFileAsync(path).GetAwaiter().GetResult());
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Find_prints_one_DICOM_JSON_line_per_match_and_sends_the_keys()
    {
        await using var server = Start();
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync("dicom", "find", "127.0.0.1", Port(server), "--aec", "DOKUEI", "--level", "STUDY", "-k", "PatientName=Yamada*", "-k", "0020,000D", "-k", "StudyDescription");
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var json = JsonDocument.Parse(lines[0]);
        Assert.Equal("Yamada^Tarou", json.RootElement.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("Yamada*", _lastIdentifier!.GetString(DicomTag.PatientName));
        Assert.Equal("STUDY", _lastIdentifier.GetString(DicomTag.QueryRetrieveLevel));
        Assert.True(_lastIdentifier.Contains(DicomTag.StudyInstanceUID));
    }

    [Fact]
    public async Task Find_with_an_unknown_keyword_explains_and_fails()
    {
        await using var server = Start();
        var (exit, _, stderr) = await DokueiProcess.RunAsync("dicom", "find", "127.0.0.1", Port(server), "--aec", "DOKUEI", "-k", "NoSuchThing=1");
        Assert.NotEqual(0, exit);
        Assert.Contains("unknown attribute \"NoSuchThing\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_writes_the_retrieved_instances()
    {
        await using var server = Start();
        var output = Path.Combine(_root, "got");
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync("dicom", "get", "127.0.0.1", Port(server), "--aec", "DOKUEI", "--out", output, "-k", "PatientID=P1");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("retrieved 3", stdout, StringComparison.Ordinal);
        Assert.All(_instances, i => Assert.True(File.Exists(Path.Combine(output, i.SopInstanceUid + ".dcm"))));
    }

    [Fact]
    public async Task Move_reports_the_sub_operation_counts()
    {
        var received = Path.Combine(_root, "moved");
        Directory.CreateDirectory(received);
        var store = new DicomFileStoreHandler(received);
        await using var destination = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DEST" }, new DicomServerHandlers { Store = store });
        _destination = new DicomMoveDestination("127.0.0.1", destination.Port, "DEST");
        await using var server = Start();
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync("dicom", "move", "127.0.0.1", Port(server), "--aec", "DOKUEI", "--dest", "DEST", "-k", "PatientID=P1");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("moved: completed 3, failed 0, warning 0", stdout, StringComparison.Ordinal);
        Assert.Equal(3, store.Stored);
    }

    public async IAsyncEnumerable<DicomDataset> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _lastIdentifier = request.Identifier;
        for (var i = 0; i < 2; i++)
        {
            var match = new DicomDataset();
            match.SetString(DicomTag.QueryRetrieveLevel, "STUDY");
            match.SetString(DicomTag.PatientName, "Yamada^Tarou");
            match.SetString(DicomTag.StudyInstanceUID, DicomUidGenerator.FromGuid(Guid.NewGuid()));
            await Task.Yield();
            yield return match;
        }
    }

    public ValueTask<DicomMoveResult> MoveAsync(DicomMoveRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new DicomMoveResult(_destination, _instances));

    public ValueTask<IReadOnlyList<DicomStoreSource>> GetAsync(DicomGetRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<DicomStoreSource>>(_instances);

    private DicomServer Start() => DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DOKUEI" },
        new DicomServerHandlers { Find = this, Move = this, Get = this });

    private static string Port(DicomServer server) => server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
