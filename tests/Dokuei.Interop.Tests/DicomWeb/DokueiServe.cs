using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Dokuei.Interop.Tests.DicomWeb;

/// <summary>
/// The real <c>dokuei serve</c>, started as an operator starts it (migrate, facility add, serve) on a fresh data
/// directory and free loopback ports, for peers that talk to it over HTTP. The built command line comes from
/// <c>DOKUEI_CLI</c> (./test sets it) or <c>.build/dokuei/dokuei.dll</c> under the repository root (./dokuei builds it).
/// </summary>
internal sealed class DokueiServe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _data;

    private DokueiServe(Process process, StringBuilder log, string data, int port, string token)
    {
        _process = process;
        _log = log;
        _data = data;
        DicomWebUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/dicomweb";
        Token = token;
    }

    /// <summary>The DICOMweb service root, without a trailing slash.</summary>
    public string DicomWebUrl { get; }

    /// <summary>The bearer token of the one facility the server was given.</summary>
    public string Token { get; }

    /// <summary>What the server wrote so far (for failure messages).</summary>
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

    public static async Task<DokueiServe> StartAsync()
    {
        var cli = FindCli();
        var data = Directory.CreateTempSubdirectory("dokuei-interop-").FullName;
        RunToEnd(cli, "migrate", "--data", data);
        var added = RunToEnd(cli, "facility", "add", "Conformance Hospital", "--ae", "CONFORMANCE", "--data", data);
        var token = added.TrimEnd().Split('\n')[^1].Trim();

        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // A DIMSE port of its own too, so that parallel tests never meet on the default 11112.
        foreach (var argument in new[] { cli, "serve", "--data", data, "--http-port", port.ToString(CultureInfo.InvariantCulture), "--dimse-port", FreePort.Next().ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new DokueiServe(process, log, data, port, token);
        try
        {
            await server.WaitForHealthAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient();
        // The bound only stops a hung start; it asserts nothing about speed.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var health = new Uri(DicomWebUrl.Replace("/dicomweb", "/health", StringComparison.Ordinal));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dokuei serve exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await http.GetAsync(health, limit.Token)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, limit.Token);
        }
    }

    private static string RunToEnd(string cli, params string[] arguments)
    {
        var result = PeerTools.Run("dotnet", [cli, .. arguments]);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"dokuei {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StandardError}");
    }

    private static string FindCli()
    {
        if (Environment.GetEnvironmentVariable("DOKUEI_CLI") is { Length: > 0 } fromEnvironment && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var built = Path.Combine(RepositoryRoot, ".build", "dokuei", "dokuei.dll");
        return File.Exists(built)
            ? built
            : throw new InvalidOperationException($"{built} does not exist: run ./dokuei --help (or ./test) once to build the command line.");
    }

    /// <summary>The folder holding Dokuei.slnx, above the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Dokuei.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (Dokuei.slnx) was not found above the test assembly.");
        }
    }
}
