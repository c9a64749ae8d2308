using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Hosting;

/// <summary>
/// The real command line, as an operator runs it: migrate, facility add/list, serve; STOW-RS, QIDO-RS and WADO-RS over
/// HTTP; the server killed (SIGKILL) and restarted finds everything it acknowledged.
/// </summary>
public sealed class ServeEndToEndTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dokuei-e2e-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Facility_add_then_store_query_retrieve_and_survive_a_kill(string provider)
    {
        var database = await TestDatabases.CreateAsync(provider);
        string[] Db(params string[] args) => database == null ? [.. args, "--data", _data] : [.. args, "--data", _data, "--database", database];

        var (migrateExit, migrateOut, migrateErr) = await DokueiProcess.RunAsync(Db("migrate"));
        Assert.True(migrateExit == 0, migrateErr);
        Assert.Contains("operator token", migrateOut, StringComparison.Ordinal);
        Assert.Contains("up to date", (await DokueiProcess.RunAsync(Db("migrate"))).StdOut, StringComparison.Ordinal);

        var (addExit, addOut, addErr) = await DokueiProcess.RunAsync(Db("facility", "add", "Hospital A", "--ae", "MODALITY_A", "--ae-host", "127.0.0.1"));
        Assert.True(addExit == 0, addErr);
        var token = addOut.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("dk_", token, StringComparison.Ordinal);
        Assert.NotEqual(0, (await DokueiProcess.RunAsync(Db("facility", "add", "Hospital A", "--ae", "OTHER"))).ExitCode);
        var list = (await DokueiProcess.RunAsync(Db("facility", "list"))).StdOut;
        Assert.Contains("Hospital A\tMODALITY_A@127.0.0.1", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);

        var instances = new[] { DicomFixtures.Create(instanceNumber: 1) }.ToList();
        instances.Add(DicomFixtures.Create(instances[0].StudyUid, instances[0].SeriesUid, instanceNumber: 2, pixelSeed: 1));
        instances.Add(DicomFixtures.Create(instances[0].StudyUid, instances[0].SeriesUid, instanceNumber: 3, pixelSeed: 2));
        var first = instances[0];

        var port = FreePort.Next();
        var dimsePort = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var log = new StringBuilder();
        var server = DokueiProcess.Start(log, Db("serve", "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dimse-port", dimsePort));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            await DokueiProcess.WaitForHealthAsync(client, server, log);
            var stored = await client.PostAsync("dicomweb/studies", Multipart.Related([.. instances.Select(i => i.Bytes)]));
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            var found = await DicomJson.ReadAsync(await client.GetAsync("dicomweb/studies?PatientName=yamada*"));
            Assert.Equal("3", DicomJson.String(found[0], "00201208"));
            var retrieved = await Multipart.ReadAsync(await client.GetAsync($"dicomweb/studies/{first.StudyUid}/series/{first.SeriesUid}/instances/{first.SopUid}"));
            Assert.Equal(first.Bytes, Assert.Single(retrieved).Bytes);
            Assert.Contains("dokuei_instances_received_total 3", await client.GetStringAsync("metrics"), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }

        var restarted = DokueiProcess.Start(log, Db("serve", "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dimse-port", dimsePort));
        try
        {
            await DokueiProcess.WaitForHealthAsync(client, restarted, log);
            var study = await Multipart.ReadAsync(await client.GetAsync($"dicomweb/studies/{first.StudyUid}"));
            Assert.Equal(instances.Select(i => Convert.ToBase64String(i.Bytes)).Order(), study.Select(p => Convert.ToBase64String(p.Bytes)).Order());
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
            restarted.Dispose();
        }
    }
}
