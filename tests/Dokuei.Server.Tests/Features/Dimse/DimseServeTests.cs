using System.Text;
using Dokuei.Dicom;
using Dokuei.Server.Tests.Hosting;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Dimse;

/// <summary>The real command line: <c>facility add --ae-port</c> makes a C-MOVE destination; <c>serve</c> listens for DIMSE.</summary>
public sealed class DimseServeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dokuei-dimse-serve-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Serve_stores_from_a_facility_AE_and_moves_to_the_destination_added_with_ae_port(string provider)
    {
        var database = await TestDatabases.CreateAsync(provider);
        string[] Db(params string[] args) => database == null ? [.. args, "--data", _data] : [.. args, "--data", _data, "--database", database];
        var pacsPort = FreePort.Next();
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync(Db("facility", "add", "Clinic", "--ae", "CLINIC", "--ae", "CLINIC_PACS", "--ae-host", "127.0.0.1", "--ae-port", Dcmtk.Port(pacsPort)));
        Assert.True(exit == 0, stderr);
        Assert.NotEqual(0, (await DokueiProcess.RunAsync(Db("facility", "add", "No host", "--ae", "NOHOST", "--ae-port", "104"))).ExitCode);
        Assert.Contains($"CLINIC_PACS@127.0.0.1:{pacsPort}", (await DokueiProcess.RunAsync(Db("facility", "list"))).StdOut, StringComparison.Ordinal);

        var instance = DicomFixtures.Create();
        var (directory, datasets) = await DimseSite.WriteAsync(_data, TransferSyntax.ExplicitVRLittleEndian, [instance]);
        var dimsePort = Dcmtk.Port(FreePort.Next());
        var log = new StringBuilder();
        var server = DokueiProcess.Start(log, Db("serve", "--http-port", Dcmtk.Port(FreePort.Next()), "--dimse-port", dimsePort));
        var received = Directory.CreateDirectory(Path.Combine(_data, "pacs")).FullName;
        try
        {
            // Poll until the listener answers or the server exits; the bound only stops a hung test.
            for (var attempt = 0; (await Dcmtk.RunAsync("echoscu", "-aet", "CLINIC", "-aec", "DOKUEI", "127.0.0.1", dimsePort)).Exit != 0; attempt++)
            {
                Assert.False(server.HasExited || attempt == 600, $"dokuei serve did not listen for DIMSE:\n{log}");
                await Task.Delay(100);
            }

            (exit, stdout) = await Dcmtk.RunAsync("storescu", "-aet", "CLINIC", "-aec", "DOKUEI", "+sd", "127.0.0.1", dimsePort, directory);
            Assert.True(exit == 0, stdout);
            using var pacs = await Dcmtk.StartStorescpAsync("CLINIC_PACS", pacsPort, received);
            try
            {
                (exit, stdout) = await Dcmtk.RunAsync("movescu", "-v", "-aet", "CLINIC", "-aec", "DOKUEI", "-aem", "CLINIC_PACS", "-S", "-k", "QueryRetrieveLevel=SERIES", "-k", $"SeriesInstanceUID={instance.SeriesUid}", "127.0.0.1", dimsePort);
                Assert.True(exit == 0 && !stdout.Contains("error status", StringComparison.Ordinal), stdout);
            }
            finally
            {
                pacs.Kill();
                await pacs.WaitForExitAsync();
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }

        Assert.Equal(datasets[instance.SopUid], Assert.Single(await Dcmtk.DatasetsAsync(received)).Value);
        Assert.Contains("DIMSE listening", log.ToString(), StringComparison.Ordinal);
    }
}
