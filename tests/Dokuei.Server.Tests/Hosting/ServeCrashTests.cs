using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dokuei.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace Dokuei.Server.Tests.Hosting;

/// <summary>
/// The real <c>dokuei serve</c> killed with SIGKILL at random moments while several clients store into it, then started
/// again, several times over. After each start: every acknowledged instance is there and byte-identical to what was sent;
/// the index lists nothing whose blob is missing or differs from what a client sent; no blob under a key is half-written;
/// temporary files of the interrupted writes are gone. The seed of the random choices is printed; DOKUEI_CRASH_SEED
/// replays them (timing still varies).
/// </summary>
public sealed class ServeCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int KillRounds = 3;
    private const string AeTitle = "CRASH_MODALITY";

    /// <summary>
    /// The clients that store while the server is killed: three STOW-RS clients and three modalities on C-STORE
    /// associations, so the kill also lands inside group commits shared by both.
    /// </summary>
    private static readonly CrashTestClient[] Clients =
    [
        CrashTestClients.StowRsAsync,
        CrashTestClients.StowRsAsync,
        CrashTestClients.StowRsAsync,
        CrashTestClients.CStoreAsync,
        CrashTestClients.CStoreAsync,
        CrashTestClients.CStoreAsync,
    ];

    private readonly string _data = Directory.CreateTempSubdirectory("dokuei-crash-").FullName;

    public static TheoryData<string> Providers => TestDatabases.Providers;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Acknowledged_instances_survive_SIGKILL_at_random_moments_whole_and_nothing_half_written_is_visible(string provider)
    {
        var seed = Environment.GetEnvironmentVariable("DOKUEI_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"crash test on {provider}: seed {seed} (DOKUEI_CRASH_SEED={seed} replays the same choices)");
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();

        var database = await TestDatabases.CreateAsync(provider);
        string[] Db(params string[] args) => database == null ? [.. args, "--data", _data] : [.. args, "--data", _data, "--database", database];
        // facility add migrates the new database first, as every operator command does.
        var (addExit, addOut, addErr) = await DokueiProcess.RunAsync(Db("facility", "add", "Crash Hospital", "--ae", AeTitle, "--ae-host", "127.0.0.1"));
        Assert.True(addExit == 0, addErr);
        var token = addOut.TrimEnd().Split('\n')[^1].Trim();

        var ledger = new CrashTestLedger();
        var temporary = Path.Combine(_data, "blobs", ".tmp");
        int Temporary(string pattern) => Directory.Exists(temporary) ? Directory.EnumerateFiles(temporary, pattern).Count() : 0;
        // Rounds 1..KillRounds store and end in a kill; the last start only checks what the last kill left.
        for (var round = 1; round <= KillRounds + 1; round++)
        {
            // Staged files cut by the kill (*.part), and committed blobs whose commit it kept from settling (*.pending).
            var leftBehind = Temporary("*.part");
            var pendingLeft = Temporary("*.pending");
            var log = new StringBuilder();
            var dimsePort = FreePort.Next();
            var httpPort = FreePort.Next();
            var server = DokueiProcess.Start(log, Db("serve", "--http-port", Invariant(httpPort), "--dimse-port", Invariant(dimsePort)));
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Invariant(httpPort)}/") };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                await DokueiProcess.WaitForHealthAsync(client, server, log);

                Assert.Empty(Directory.EnumerateFiles(temporary));
                if (leftBehind > 0)
                {
                    // The console logger writes from a queue of its own, so the line can reach us after /health answers.
                    var cleaned = $"Removed {leftBehind} temporary blobs left by an earlier run";
                    using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                    {
                        while (!Logged(log).Contains(cleaned, StringComparison.Ordinal) && !wait.IsCancellationRequested)
                        {
                            await Task.Delay(20, CancellationToken.None);
                        }
                    }

                    Assert.Contains(cleaned, Logged(log), StringComparison.Ordinal);
                }

                int indexed, blobs;
                try
                {
                    (indexed, blobs) = await VerifyAsync(client, ledger);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    var lines = Logged(log).Split('\n');
                    throw new Xunit.Sdk.XunitException($"after start {round}: {ex.Message}\n--- dokuei serve, last lines ---\n{string.Join('\n', lines[^Math.Min(lines.Length, 40)..])}");
                }

                output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s, start {round}: {leftBehind} temporary files and {pendingLeft} pending blobs settled; {indexed} instances indexed, {blobs} blobs, " +
                    $"{ledger.Acknowledged.Count} acknowledged of {ledger.SentCount} sent so far");
                if (round > KillRounds)
                {
                    break;
                }

                var target = new CrashTestTarget(client.BaseAddress, dimsePort, token, AeTitle);
                using var stop = new CancellationTokenSource();
                var running = Clients.Select(store => new { Store = store, Random = new Random(random.Next()) })
                    .Select(c => Task.Run(() => c.Store(target, ledger, c.Random, stop.Token)))
                    .ToArray();
                // The kill lands at a random moment once the load is flowing (the first acknowledgement of the round), not
                // in the start-up of the first requests only.
                var acknowledgedAtStart = ledger.AcknowledgedCount;
                using (var warm = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                {
                    while (ledger.AcknowledgedCount == acknowledgedAtStart && !warm.IsCancellationRequested && !server.HasExited)
                    {
                        await Task.Delay(10, CancellationToken.None);
                    }
                }

                Assert.False(server.HasExited, Logged(log));
                var killAfter = random.Next(0, 1000);
                await Task.Delay(killAfter);
                var acknowledgedBefore = ledger.Acknowledged.Count;
                stop.Cancel();
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                await Task.WhenAll(running);
                output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s, round {round}: SIGKILL {killAfter} ms after the first acknowledgement, with {acknowledgedBefore} acknowledged in all, " +
                    $"{ledger.FailedRequests} requests cut so far, {Temporary("*")} temporary files left");
            }
            finally
            {
                if (!server.HasExited)
                {
                    server.Kill(entireProcessTree: true);
                    await server.WaitForExitAsync();
                }

                server.Dispose();
            }
        }

        Assert.Empty(ledger.FailuresWhileAlive);
        Assert.NotEmpty(ledger.Acknowledged);
    }

    /// <summary>
    /// Everything the index shows is whole and was sent, everything acknowledged is shown, and every blob under a key holds
    /// the content its key names. Returns the numbers of indexed instances and of blobs.
    /// </summary>
    private async Task<(int Indexed, int Blobs)> VerifyAsync(HttpClient client, CrashTestLedger ledger)
    {
        // The index, as QIDO-RS lists it: SOP Instance UID -> study.
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        const int page = 1000;
        for (var offset = 0; ; offset += page)
        {
            var instances = await QueryAsync(client, $"dicomweb/instances?limit={page}&offset={offset}");
            foreach (var instance in instances.EnumerateArray())
            {
                var sop = DicomJson.String(instance, "00080018")!;
                Assert.True(ledger.BySopInstanceUid(sop) != null, $"QIDO lists {sop}, which no client sent");
                Assert.True(listed.TryAdd(sop, DicomJson.String(instance, "0020000D")!), $"QIDO lists {sop} twice");
            }

            if (instances.GetArrayLength() < page)
            {
                break;
            }
        }

        foreach (var acknowledged in ledger.Acknowledged)
        {
            Assert.True(listed.ContainsKey(acknowledged), $"{acknowledged} was acknowledged but is not in the index after the restart");
        }

        // Each study's instances, retrieved with WADO-RS: exactly those listed, each byte-identical to what a client sent.
        var studies = listed.GroupBy(p => p.Value, p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var study in studies)
        {
            var response = await client.GetAsync($"dicomweb/studies/{study.Key}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"WADO-RS study {study.Key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var retrieved = new List<string>();
            foreach (var (_, bytes) in await Multipart.ReadAsync(response))
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
                var sent = ledger.ByHash(hash);
                Assert.True(sent != null, $"study {study.Key} returned {bytes.Length} bytes (SHA-256 {hash}) that no client sent: half-written or corrupt");
                retrieved.Add(sent.SopUid);
            }

            Assert.Equal(study.Order(StringComparer.Ordinal), retrieved.Order(StringComparer.Ordinal));
        }

        // Study-level counts of the index agree with its instance rows.
        var studyRows = await QueryAsync(client, "dicomweb/studies?limit=10000");
        Assert.Equal(studies.Count, studyRows.GetArrayLength());
        foreach (var row in studyRows.EnumerateArray())
        {
            var uid = DicomJson.String(row, "0020000D")!;
            Assert.Equal(Invariant(listed.Count(p => p.Value == uid)), DicomJson.String(row, "00201208"));
        }

        // Blobs under their keys: named by their SHA-256, so a torn write would show. Those a kill left between the blob
        // commit and the index commit were removed at the start, and those whose index commit happened were kept, so there
        // are exactly as many as the index needs.
        var blobs = Directory.EnumerateFiles(Path.Combine(_data, "blobs"), "*.dcm", SearchOption.AllDirectories).ToList();
        foreach (var blob in blobs)
        {
            Assert.Equal(Path.GetFileNameWithoutExtension(blob), Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))));
        }

        Assert.True(blobs.Count == listed.Count, $"{listed.Count} instances indexed but {blobs.Count} blobs stored");
        return (listed.Count, blobs.Count);
    }

    private static async Task<JsonElement> QueryAsync(HttpClient client, string uri)
    {
        var response = await client.GetAsync(uri);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await DicomJson.ReadAsync(response);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Logged(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
