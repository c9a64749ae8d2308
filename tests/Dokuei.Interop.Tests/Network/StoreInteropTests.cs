using System.Globalization;
using System.Net;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Interop.Tests.Network;

public sealed class StoreInteropTests : IDisposable
{
    private readonly string _received = NetworkTestFiles.TempDirectory();

    public void Dispose() => Directory.Delete(_received, recursive: true);

    /// <summary>storescu proposes one family of transfer syntaxes per run; the option that proposes each syntax of the packaged files.</summary>
    private static readonly Dictionary<string, string> StorescuOption = new(StringComparer.Ordinal)
    {
        ["1.2.840.10008.1.2"] = "-xi",
        ["1.2.840.10008.1.2.1"] = "-xe",
        ["1.2.840.10008.1.2.2"] = "-xb",
        ["1.2.840.10008.1.2.1.99"] = "-xd",
        ["1.2.840.10008.1.2.4.50"] = "-xy",
        ["1.2.840.10008.1.2.4.51"] = "-xx",
        ["1.2.840.10008.1.2.4.70"] = "-xs",
        ["1.2.840.10008.1.2.4.80"] = "-xt",
        ["1.2.840.10008.1.2.4.81"] = "-xu",
        ["1.2.840.10008.1.2.4.90"] = "-xv",
        ["1.2.840.10008.1.2.4.91"] = "-xw",
        ["1.2.840.10008.1.2.5"] = "-xr",
    };

    [Fact]
    public async Task Storescu_sends_the_packaged_files_in_their_own_transfer_syntaxes_and_we_store_the_same_datasets()
    {
        var files = NetworkTestFiles.Sendable.Where(f => StorescuOption.ContainsKey(f.TransferSyntax.Uid)).ToList();
        var handler = new DicomFileStoreHandler(_received);
        await using var server = StartServer(handler);
        var sent = new List<DicomStoreSource>();
        foreach (var group in files.GroupBy(f => StorescuOption[f.TransferSyntax.Uid]))
        {
            // -R proposes only the contexts the files need, so each file arrives in its own transfer syntax.
            var result = await DcmtkPeer.RunAsync("storescu", ["-aet", "STORESCU", "-aec", "DOKUEI", "-R", group.Key, "-nh", "127.0.0.1", Port(server), .. group.Select(f => f.Path)]);
            var accepted = group.Where(f => !DcmtkIgnored(result, f)).ToList();
            Assert.True(result.ExitCode == 0 || accepted.Count == 0, result.StandardError);
            sent.AddRange(accepted);
        }

        Assert.True(sent.Count >= 40, $"storescu sent only {sent.Count} of the packaged files");
        Assert.True(sent.Select(f => f.TransferSyntax).Distinct().Count() >= 6, "the files sent should cover several transfer syntaxes");
        foreach (var file in sent)
        {
            var received = Path.Combine(_received, file.SopInstanceUid + ".dcm");
            Assert.True(File.Exists(received), $"{file.Path} ({file.TransferSyntax.Name}) did not arrive");
            var arrived = await DicomStoreSource.FromFileAsync(received);
            Assert.Equal(file.TransferSyntax, arrived.TransferSyntax);
            Assert.Equal(file.SopClassUid, arrived.SopClassUid);
            Assert.Equal(NetworkTestFiles.DumpDataset(file.Path), NetworkTestFiles.DumpDataset(received));
        }
    }

    [Fact]
    public async Task Three_storescu_processes_at_once_each_get_an_association_and_all_files_arrive()
    {
        var files = NetworkTestFiles.DcmtkReadable.Where(f => !f.TransferSyntax.IsEncapsulated && !f.TransferSyntax.IsDeflated).ToList();
        var handler = new DicomFileStoreHandler(_received);
        await using var server = StartServer(handler);
        var parts = Enumerable.Range(0, 3).Select(i => files.Where((_, n) => n % 3 == i).ToList()).ToList();
        var results = await Task.WhenAll(parts.Select(part => DcmtkPeer.RunAsync("storescu", ["-aec", "DOKUEI", "-R", "-nh", "127.0.0.1", Port(server), .. part.Select(f => f.Path)])));
        var sent = new List<DicomStoreSource>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(results[i].ExitCode == 0, results[i].StandardError);
            sent.AddRange(parts[i].Where(f => !DcmtkIgnored(results[i], f)));
        }

        Assert.True(sent.Count >= 40, $"storescu sent only {sent.Count} files");
        Assert.True(sent.Count == handler.Stored, string.Join("\n", results.Select(r => r.StandardError)));
        Assert.All(sent, f => Assert.True(File.Exists(Path.Combine(_received, f.SopInstanceUid + ".dcm")), f.Path));
    }

    /// <summary>Files dcmtk's own parser refuses to send: a few packaged files are deliberately odd (a store that failed is not one of them).</summary>
    private static bool DcmtkIgnored(ProcessResult result, DicomStoreSource file) =>
        result.StandardError.Contains(file.Path + ", ignoring file", StringComparison.Ordinal)
        || result.StandardError.Contains("No SOP Class or Instance UID in file: " + file.Path, StringComparison.Ordinal);

    [Fact]
    public async Task Our_client_stores_to_storescp_and_storescp_writes_the_same_datasets()
    {
        var files = NetworkTestFiles.DcmtkReadable;
        var port = FreePort.Next();
        await using var storescp = await DcmtkPeer.StartServerAsync("storescp", port, "-aet", "STORESCP", "+xa", "-uf", "-od", _received, port.ToString(CultureInfo.InvariantCulture));
        // An asynchronous operations window is proposed; storescp grants none, so requests go one at a time.
        var options = new DicomClientOptions { CallingAeTitle = "DOKUEI", CalledAeTitle = "STORESCP", AsynchronousOperationsWindow = new(8, 1) };
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", port, DicomClient.CreateStoreRequest(options, files), options);
        Assert.Equal(1, client.Association.OperationsInvoked);
        var outcomes = await client.StoreAsync(files);
        var failures = outcomes.Where(o => o.Response?.Status.IsSuccess != true).Select(o => $"{o.Source.Path}: {o.Response?.Status.ToString() ?? o.Error?.Message}").ToList();

        await client.ReleaseAsync();
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + storescp.Output);
        foreach (var file in files)
        {
            var written = Directory.GetFiles(_received, "*" + file.SopInstanceUid + "*");
            Assert.True(written.Length == 1, $"storescp did not write {file.Path}");

            // storescp may prefer another uncompressed syntax than the file's (the dataset is then re-encoded): the content must not change.
            Assert.Equal(NetworkTestFiles.DumpDataset(file.Path, withTransferSyntax: false), NetworkTestFiles.DumpDataset(written[0], withTransferSyntax: false));
        }
    }

    [Fact]
    public async Task Our_client_to_our_server_keeps_every_dataset_byte_for_byte()
    {
        var files = NetworkTestFiles.Sendable;
        var handler = new DicomFileStoreHandler(_received);
        await using var server = StartServer(handler);
        // With an asynchronous operations window: up to 8 instances in flight, stored at once by the server.
        var options = new DicomClientOptions { CallingAeTitle = "DOKUEI-SCU", CalledAeTitle = "DOKUEI", MaxPduLength = 16384, AsynchronousOperationsWindow = new(8, 1) };
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, DicomClient.CreateStoreRequest(options, files), options);
        Assert.Equal(8, client.Association.OperationsInvoked);
        Assert.All(await client.StoreAsync(files), o => Assert.Equal(DimseStatus.Success, o.Response?.Status));

        await client.ReleaseAsync();
        foreach (var file in files)
        {
            // A deflated dataset of odd length gains its pad byte on the way (PS3.5 A.5): nothing else may change.
            var sent = NetworkTestFiles.DatasetBytes(file.Path);
            var expected = sent.Length % 2 == 1 ? [.. sent, 0] : sent;
            Assert.Equal(expected, NetworkTestFiles.DatasetBytes(Path.Combine(_received, file.SopInstanceUid + ".dcm")));
        }
    }

    private static DicomServer StartServer(IStoreHandler handler) =>
        DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DOKUEI", MaxPduLength = 32768, MaxAsyncOperations = 8 }, new DicomServerHandlers { Store = handler });

    private static string Port(DicomServer server) => server.Port.ToString(CultureInfo.InvariantCulture);
}
