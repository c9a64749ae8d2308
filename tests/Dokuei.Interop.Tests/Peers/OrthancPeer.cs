using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Dokuei.Interop.Tests.Peers;

/// <summary>
/// A throwaway Orthanc (Debian package <c>orthanc</c>, with <c>orthanc-dicomweb</c>) for one test class: its own storage and
/// index under a temporary folder, free ports, DICOMweb at <see cref="DicomWebRoot"/>. Orthanc 1.10 listens on every address,
/// so it runs with <c>Peers/loopback_bind.c</c> preloaded, which turns its wildcard binds into loopback binds.
/// </summary>
public sealed class OrthancPeer : IAsyncDisposable
{
    /// <summary>The AE title Orthanc answers to.</summary>
    public const string AeTitle = "ORTHANC";

    private const string Program = "/usr/sbin/Orthanc";
    private const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log;

    private OrthancPeer(Process process, string folder, int httpPort, int dicomPort, StringBuilder log)
    {
        _process = process;
        _folder = folder;
        _log = log;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Orthanc's REST API port on 127.0.0.1.</summary>
    public int HttpPort { get; }

    /// <summary>Orthanc's DICOM port on 127.0.0.1.</summary>
    public int DicomPort { get; }

    /// <summary>A client for Orthanc's REST API (relative paths such as <c>instances</c>).</summary>
    public HttpClient Http { get; }

    /// <summary>The DICOMweb base address (QIDO-RS, WADO-RS, STOW-RS).</summary>
    public Uri DicomWebRoot => new($"http://127.0.0.1:{HttpPort}/dicom-web/");

    /// <summary>Orthanc's console output so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts Orthanc and waits until its REST API answers. <paramref name="modalities"/> are the DICOM peers Orthanc may
    /// query and move to: AE title → port on 127.0.0.1.
    /// </summary>
    public static async Task<OrthancPeer> StartAsync(IReadOnlyDictionary<string, int>? modalities = null)
    {
        PeerTools.Require(Program, "orthanc");
        if (!File.Exists(DicomWebPlugin))
        {
            throw new InvalidOperationException($"{DicomWebPlugin} not found: the Debian package orthanc-dicomweb is missing. ./test installs it.");
        }

        var folder = Directory.CreateTempSubdirectory("dokuei-orthanc-").FullName;
        var shim = BuildLoopbackShim(folder);
        var httpPort = FreePort.Next();
        var dicomPort = FreePort.Next();
        var config = new JsonObject
        {
            ["Name"] = "dokuei-test",
            ["StorageDirectory"] = Path.Combine(folder, "storage"),
            ["IndexDirectory"] = Path.Combine(folder, "index"),
            [nameof(HttpPort)] = httpPort,
            [nameof(DicomPort)] = dicomPort,
            ["DicomAet"] = AeTitle,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomCheckCalledAet"] = false,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomAlwaysAllowFind"] = true,
            ["DicomAlwaysAllowMove"] = true,
            ["DicomAlwaysAllowGet"] = true,
            ["UnknownSopClassAccepted"] = true,
            ["StableAge"] = 1,
            ["HttpCompressionEnabled"] = false,
            ["Plugins"] = new JsonArray(DicomWebPlugin),
            ["DicomWeb"] = new JsonObject { ["Enable"] = true, ["Root"] = "/dicom-web/" },
            ["DicomModalities"] = Modalities(modalities),
        };
        var configPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString()).ConfigureAwait(false);

        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(configPath);
        start.Environment["LD_PRELOAD"] = shim;

        // Without it, Orthanc's DICOM side waits on Nagle's algorithm (about 40 ms per exchange).
        start.Environment["TCP_NODELAY"] = "1";
        var log = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Orthanc.");
        DataReceivedEventHandler append = (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var peer = new OrthancPeer(process, folder, httpPort, dicomPort, log);
        try
        {
            await peer.WaitUntilReadyAsync().ConfigureAwait(false);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The number of instances Orthanc holds.</summary>
    public async Task<int> CountInstancesAsync()
    {
        var statistics = JsonNode.Parse(await Http.GetStringAsync(new Uri("statistics", UriKind.Relative)).ConfigureAwait(false))!;
        return statistics["CountInstances"]!.GetValue<int>();
    }

    /// <summary>Stores Part 10 bytes through Orthanc's REST API (not DIMSE), returning Orthanc's instance id.</summary>
    public async Task<string> UploadAsync(byte[] part10)
    {
        using var content = new ByteArrayContent(part10);
        using var response = await Http.PostAsync(new Uri("instances", UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Orthanc refused the upload: {(int)response.StatusCode} {body}");
        }

        return JsonNode.Parse(body)!["ID"]!.GetValue<string>();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temporary folder is cleaned with the machine.
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Orthanc exited with {_process.ExitCode} at start:\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("system", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"Orthanc did not answer on port {HttpPort} within 60 s:\n{Log}");
    }

    private static JsonObject Modalities(IReadOnlyDictionary<string, int>? modalities)
    {
        var result = new JsonObject();
        foreach (var (aeTitle, port) in modalities ?? new Dictionary<string, int>())
        {
            result[aeTitle] = new JsonArray(aeTitle, "127.0.0.1", port);
        }

        return result;
    }

    /// <summary>Compiles the shim with the system C compiler (./test installs gcc), once per test run and folder.</summary>
    private static string BuildLoopbackShim(string folder)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Peers", "loopback_bind.c");
        var library = Path.Combine(folder, "loopback_bind.so");
        var compiler = PeerTools.Require("gcc", "gcc");
        var result = PeerTools.Run(compiler, ["-shared", "-fPIC", "-O2", "-o", library, source, "-ldl"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc could not build the loopback shim:\n{result.StandardError}");
        }

        return library;
    }
}
