using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dokuei.Dicom;

namespace Dokuei.Bench;

/// <summary>
/// The HTTP side of <c>bench/run-archive.sh</c>: one DICOMweb client, used the same way against Orthanc and Dokuei.
/// A server is given as <c>URL</c> or <c>URL|TOKEN</c> (the token goes in <c>Authorization: Bearer</c>).
/// </summary>
internal static class ArchiveBenchmark
{
    /// <summary>
    /// <c>stow --server S --dir DIR [--clients 1] [--batch 50]</c>: every file under DIR in STOW-RS requests of --batch
    /// instances, from --clients concurrent connections. Prints "seconds instances bytes".
    /// </summary>
    public static async Task<int> StowAsync(Arguments options)
    {
        var server = Server.Parse(options.Require("server"));
        var files = Directory.EnumerateFiles(options.Require("dir"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var clients = options.GetInt32("clients", 1);
        var batchSize = options.GetInt32("batch", 50);
        var batches = files.Chunk(batchSize).ToArray();
        using var http = server.CreateClient(clients);
        var next = -1;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Length)
            {
                Interlocked.Add(ref bytes, await StoreBatchAsync(http, server, batches[index]).ConfigureAwait(false));
            }
        })).ConfigureAwait(false);
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F3} {files.Length} {bytes}"));
        return 0;
    }

    private static async Task<long> StoreBatchAsync(HttpClient http, Server server, string[] batch)
    {
        using var content = new MultipartContent("related", "dokuei-bench-" + Guid.NewGuid().ToString("N"));
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        long bytes = 0;
        foreach (var path in batch)
        {
            var part = new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), 256 * 1024);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            content.Add(part);
            bytes += new FileInfo(path).Length;
        }

        using var response = await http.PostAsync(server.Url("studies"), content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"STOW-RS to {server.Base} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        }

        return bytes;
    }

    /// <summary>
    /// <c>qido --orthanc S --dokuei S [--studies 10000] [--reps 40]</c>: the typical study searches over the studies of
    /// <c>generate-index</c>, each rep against both servers in turn; prints one row per query kind (median and p95 in ms)
    /// and whether both returned the same number of studies.
    /// </summary>
    public static async Task<int> QidoAsync(Arguments options)
    {
        var servers = new[] { Server.Parse(options.Require("orthanc")), Server.Parse(options.Require("dokuei")) };
        var studies = options.GetInt32("studies", 10000);
        var reps = options.GetInt32("reps", 40);
        var clients = servers.Select(s => s.CreateClient(1)).ToArray();
        var kinds = new (string Name, Func<int, string> Query)[]
        {
            ("PatientName=NAME*", r => "PatientName=" + Prefix(IndexStudies.FamilyNames[r % IndexStudies.FamilyNames.Length], 4) + "*"),
            ("PatientID", r => "PatientID=" + IndexStudies.PatientId(r * 7919 % (studies / 2))),
            ("StudyDate range (1 month)", r => string.Create(CultureInfo.InvariantCulture, $"StudyDate={2020 + r % 6}{1 + r % 12:D2}01-{2020 + r % 6}{1 + r % 12:D2}28")),
            ("AccessionNumber", r => "AccessionNumber=" + IndexStudies.AccessionNumber(r * 104729 % studies)),
            ("ModalitiesInStudy", r => "ModalitiesInStudy=" + IndexStudies.Modalities[r % IndexStudies.Modalities.Length].Modality),
        };
        var times = new List<double>[kinds.Length, servers.Length];
        var mismatches = new int[kinds.Length];
        var counts = new long[kinds.Length, servers.Length];
        for (var k = 0; k < kinds.Length; k++)
        {
            for (var s = 0; s < servers.Length; s++)
            {
                times[k, s] = [];
            }
        }

        // Two warm-up rounds (not timed): connections, JIT, SQLite page cache.
        for (var r = -2; r < reps; r++)
        {
            for (var k = 0; k < kinds.Length; k++)
            {
                var query = kinds[k].Query(Math.Abs(r) + 1000 * (r < 0 ? 1 : 0)) + "&limit=100";
                var found = new int[servers.Length];
                for (var s = 0; s < servers.Length; s++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await clients[s].GetAsync(servers[s].Url("studies?" + query)).ConfigureAwait(false);
                    var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    clock.Stop();
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
                    {
                        throw new InvalidOperationException($"QIDO-RS {query} to {servers[s].Base} answered {(int)response.StatusCode}");
                    }

                    found[s] = body.Length == 0 ? 0 : JsonDocument.Parse(body).RootElement.GetArrayLength();
                    if (r >= 0)
                    {
                        times[k, s].Add(clock.Elapsed.TotalMilliseconds);
                        counts[k, s] += found[s];
                    }
                }

                if (r >= 0 && found[0] != found[1])
                {
                    mismatches[k]++;
                }
            }
        }

        // One line per query kind: name|orthanc median|orthanc p95|dokuei median|dokuei p95|mean results|mismatches
        for (var k = 0; k < kinds.Length; k++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kinds[k].Name}|{Percentile(times[k, 0], 0.5):F2}|{Percentile(times[k, 0], 0.95):F2}|{Percentile(times[k, 1], 0.5):F2}|{Percentile(times[k, 1], 0.95):F2}|{(double)counts[k, 1] / reps:F0}|{mismatches[k]}"));
        }

        var all0 = Enumerable.Range(0, kinds.Length).SelectMany(k => times[k, 0]).ToList();
        var all1 = Enumerable.Range(0, kinds.Length).SelectMany(k => times[k, 1]).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all queries|{Percentile(all0, 0.5):F2}|{Percentile(all0, 0.95):F2}|{Percentile(all1, 0.5):F2}|{Percentile(all1, 0.95):F2}||{mismatches.Sum()}"));
        foreach (var client in clients)
        {
            client.Dispose();
        }

        return 0;
    }

    /// <summary>
    /// <c>wado --server S --study-of FILE [--reps 5]</c>: retrieves the whole study of FILE as multipart/related, reading
    /// every byte; prints "seconds bytes" per rep.
    /// </summary>
    public static async Task<int> WadoAsync(Arguments options)
    {
        var server = Server.Parse(options.Require("server"));
        var study = DicomFile.Open(options.Require("study-of"), new Dicom.IO.DicomReaderOptions { StopAtTag = DicomTag.PixelData })
            .Dataset.GetString(DicomTag.StudyInstanceUID) ?? throw new InvalidOperationException("no Study Instance UID");
        var reps = options.GetInt32("reps", 5);
        using var http = server.CreateClient(1);
        var buffer = new byte[256 * 1024];
        for (var r = 0; r < reps; r++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.Url("studies/" + study));
            request.Headers.TryAddWithoutValidation("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"WADO-RS of {study} from {server.Base} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
            }

            var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            long bytes = 0;
            int read;
            while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                bytes += read;
            }

            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F4} {bytes}"));
        }

        return 0;
    }

    private static string Prefix(string text, int length) => text[..Math.Min(text.Length, length)];

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private sealed record Server(string Base, string? Token)
    {
        public static Server Parse(string value)
        {
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            var url = (bar < 0 ? value : value[..bar]).TrimEnd('/') + "/";
            return new Server(url, bar < 0 ? null : value[(bar + 1)..]);
        }

        public Uri Url(string relative) => new(Base + relative);

        public HttpClient CreateClient(int connections)
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
            {
                Timeout = TimeSpan.FromMinutes(10),
            };
            if (Token != null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            }

            return http;
        }
    }
}
