using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Dokuei.Dicom.Network;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Hosting;

/// <summary>Where a crash-test client sends: the running server's HTTP root and DIMSE port, and the facility's credentials.</summary>
/// <param name="Http">The server root (<c>http://127.0.0.1:PORT/</c>).</param>
/// <param name="DimsePort">The DIMSE port serve was given (for C-STORE clients).</param>
/// <param name="Token">The facility's DICOMweb bearer token.</param>
/// <param name="AeTitle">The calling AE title the facility was registered with (for C-STORE clients).</param>
internal sealed record CrashTestTarget(Uri Http, int DimsePort, string Token, string AeTitle);

/// <summary>
/// A client of the crash test: stores instances into <paramref name="target"/> until <paramref name="stop"/> is cancelled
/// (just before the server is killed: requests in flight are cut by the kill, not by the client; then it returns),
/// recording in <paramref name="ledger"/> every instance before sending it and every acknowledgement it receives. Batch
/// shapes and sizes come from <paramref name="random"/> (UIDs are fresh), so a seed replays the same kind of load.
/// </summary>
internal delegate Task CrashTestClient(CrashTestTarget target, CrashTestLedger ledger, Random random, CancellationToken stop);

/// <summary>
/// What the clients sent and what the server acknowledged. An instance sent but not acknowledged may or may not be in the
/// archive after a crash; if it is, it must be whole. An acknowledged one must be there, byte for byte.
/// </summary>
internal sealed class CrashTestLedger
{
    private readonly ConcurrentDictionary<string, SentInstance> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SentInstance> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _failuresWhileAlive = [];
    private int _failedRequests;

    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    public int AcknowledgedCount => _acknowledged.Count;

    public int SentCount => _sent.Count;

    public int FailedRequests => _failedRequests;

    /// <summary>Records an instance about to be sent (before the request starts: a crash may store it without an answer).</summary>
    public void Sending(DicomFixtures.Instance instance)
    {
        var sent = new SentInstance(instance.StudyUid, instance.SeriesUid, instance.SopUid, Convert.ToHexStringLower(SHA256.HashData(instance.Bytes)));
        _sent[instance.SopUid] = sent;
        _byHash[sent.Sha256] = sent;
    }

    /// <summary>Records an instance the server acknowledged (listed in the ReferencedSOPSequence of a 200 response).</summary>
    public void Acknowledge(string sopInstanceUid)
    {
        if (!_sent.ContainsKey(sopInstanceUid))
        {
            throw new InvalidOperationException($"the server acknowledged {sopInstanceUid}, which no client sent");
        }

        _acknowledged[sopInstanceUid] = true;
    }

    /// <summary>
    /// Counts a request that did not end with 200; <paramref name="whileAlive"/> says what went wrong when the server had
    /// not been killed yet (null when the kill cut it, as expected).
    /// </summary>
    public void RequestFailed(string? whileAlive)
    {
        Interlocked.Increment(ref _failedRequests);
        if (whileAlive != null)
        {
            _failuresWhileAlive.Add(whileAlive);
        }
    }

    /// <summary>Requests that failed while the server was running: each one is a fault of the server.</summary>
    public IReadOnlyCollection<string> FailuresWhileAlive => [.. _failuresWhileAlive];

    public SentInstance? BySopInstanceUid(string sopInstanceUid) => _sent.GetValueOrDefault(sopInstanceUid);

    public SentInstance? ByHash(string sha256) => _byHash.GetValueOrDefault(sha256);
}

/// <summary>An instance a client sent: its UIDs and the SHA-256 (lower-case hex) of its Part 10 bytes.</summary>
internal sealed record SentInstance(string StudyUid, string SeriesUid, string SopUid, string Sha256);

/// <summary>The clients the crash test runs: STOW-RS over HTTP and C-STORE over DIMSE.</summary>
internal static class CrashTestClients
{
    /// <summary>
    /// A STOW-RS client: requests of one to four instances (some multi-instance), studies of several requests each,
    /// instances of 32 B to 96 KiB of pixel data (so some writes take long enough to be cut by the kill).
    /// </summary>
    public static async Task StowRsAsync(CrashTestTarget target, CrashTestLedger ledger, Random random, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = target.Http, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        var study = DicomFixtures.NewUid();
        var series = DicomFixtures.NewUid();
        var requestsLeftInStudy = random.Next(2, 12);
        var instanceNumber = 0;
        while (!stop.IsCancellationRequested)
        {
            if (requestsLeftInStudy-- == 0)
            {
                (study, series, requestsLeftInStudy, instanceNumber) = (DicomFixtures.NewUid(), DicomFixtures.NewUid(), random.Next(2, 12), 0);
            }

            var batch = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => DicomFixtures.Create(study, series, patientId: "CRASH-" + study[^6..], instanceNumber: ++instanceNumber,
                    pixelSeed: (ushort)random.Next(ushort.MaxValue), frames: random.Next(1, 3000)))
                .ToList();
            foreach (var instance in batch)
            {
                ledger.Sending(instance);
            }

            try
            {
                // Not cancelled by stop: the kill, not the client, must cut the requests in flight.
                using var response = await http.PostAsync("dicomweb/studies", Multipart.Related([.. batch.Select(i => i.Bytes)]), CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    ledger.RequestFailed(stop.IsCancellationRequested ? null : $"HTTP {(int)response.StatusCode}: {body}");
                    continue;
                }

                using var json = JsonDocument.Parse(body);
                foreach (var item in DicomJson.Sequence(json.RootElement, "00081199").EnumerateArray())
                {
                    ledger.Acknowledge(DicomJson.String(item, "00081155")!);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                // The server died under the request: nothing was acknowledged. Before the kill this is a failure of the server.
                ledger.RequestFailed(stop.IsCancellationRequested ? null : ex.Message);
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// A modality sending with C-STORE (our SCU, over a real association to serve's DIMSE port): associations of one to
    /// twenty instances, one at a time as modalities send, each acknowledged by its own C-STORE response.
    /// </summary>
    public static async Task CStoreAsync(CrashTestTarget target, CrashTestLedger ledger, Random random, CancellationToken stop)
    {
        var folder = Directory.CreateTempSubdirectory("dokuei-crash-cstore-");
        try
        {
            var study = DicomFixtures.NewUid();
            var series = DicomFixtures.NewUid();
            var instanceNumber = 0;
            while (!stop.IsCancellationRequested)
            {
                if (random.Next(4) == 0)
                {
                    (study, series, instanceNumber) = (DicomFixtures.NewUid(), DicomFixtures.NewUid(), 0);
                }

                var batch = new List<(DicomFixtures.Instance Instance, DicomStoreSource Source)>();
                for (var i = random.Next(1, 21); i > 0; i--)
                {
                    var instance = DicomFixtures.Create(study, series, patientId: "CRASH-" + study[^6..], instanceNumber: ++instanceNumber,
                        pixelSeed: (ushort)random.Next(ushort.MaxValue), frames: random.Next(1, 3000));
                    var path = Path.Combine(folder.FullName, instance.SopUid + ".dcm");
                    await File.WriteAllBytesAsync(path, instance.Bytes, CancellationToken.None);
                    batch.Add((instance, await DicomStoreSource.FromFileAsync(path, CancellationToken.None)));
                }

                try
                {
                    var options = new DicomClientOptions { CallingAeTitle = target.AeTitle, CalledAeTitle = "DOKUEI" };
                    // Not cancelled by stop: the kill, not the client, must cut the association.
                    await using var client = await DicomClient.ConnectAsync("127.0.0.1", target.DimsePort,
                        DicomClient.CreateStoreRequest(options, batch.Select(b => b.Source)), options, CancellationToken.None);
                    foreach (var (instance, source) in batch)
                    {
                        ledger.Sending(instance);
                        var response = await client.StoreAsync(source, CancellationToken.None);
                        if (response.Status.IsSuccess)
                        {
                            ledger.Acknowledge(instance.SopUid);
                        }
                        else
                        {
                            ledger.RequestFailed(stop.IsCancellationRequested ? null : $"C-STORE of {instance.SopUid} answered {response.Status}");
                        }
                    }

                    await client.ReleaseAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is DicomAssociationException or IOException or SocketException or TimeoutException or OperationCanceledException)
                {
                    // The server died under the association: the C-STORE in flight was not acknowledged.
                    ledger.RequestFailed(stop.IsCancellationRequested ? null : ex.Message);
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
                finally
                {
                    foreach (var (_, source) in batch)
                    {
                        File.Delete(source.Path);
                    }
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
