using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dokuei.Interop.Tests.Network;

/// <summary>
/// dcmtk's network tools as peers: clients run to the end, servers run in the background until disposed (killed, not left behind).
/// Every tool gets TCP_NODELAY=1: dcmtk keeps Nagle's algorithm on otherwise, which costs ~40 ms per exchange on loopback.
/// </summary>
internal sealed class DcmtkPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DcmtkPeer(Process process) => _process = process;

    /// <summary>Everything the server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs a dcmtk client to the end (within 5 minutes).</summary>
    public static async Task<ProcessResult> RunAsync(string tool, params string[] arguments)
    {
        var start = Start(tool, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within 5 minutes");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a dcmtk server listening on <paramref name="port"/> and waits until it accepts connections.</summary>
    public static async Task<DcmtkPeer> StartServerAsync(string tool, int port, params string[] arguments)
    {
        var process = Process.Start(Start(tool, arguments)) ?? throw new InvalidOperationException($"could not start {tool}");
        var peer = new DcmtkPeer(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {peer.Output}");
            }

            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return peer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line != null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static ProcessStartInfo Start(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(PeerTools.Require(tool, "dcmtk"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TCP_NODELAY"] = "1";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
