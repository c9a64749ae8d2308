using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dokuei.Server.Tests.Network;

/// <summary><c>dokuei dicom listen 0 --loopback ...</c> running in the background; killed (and awaited) when disposed.</summary>
internal sealed partial class DokueiListener : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly Task[] _pumps;

    private DokueiListener(Process process, int port, StringBuilder output, Task[] pumps)
    {
        _process = process;
        Port = port;
        _output = output;
        _pumps = pumps;
    }

    public int Port { get; }

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

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

    /// <summary>Peak resident memory of the listener so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture) * 1024;
        }
    }

    public static async Task<DokueiListener> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliPath());
        foreach (var argument in (string[])["dicom", "listen", "0", "--loopback", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pumps = new[]
        {
            Pump(process.StandardOutput, output, port),
            Pump(process.StandardError, output, null),
        };
        if (await Task.WhenAny(port.Task, Task.Delay(TimeSpan.FromSeconds(60))) != port.Task || !port.Task.IsCompletedSuccessfully)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            throw new InvalidOperationException("dokuei dicom listen did not start: " + output);
        }

        return new DokueiListener(process, port.Task.Result, output, pumps);
    }

    private static async Task Pump(StreamReader reader, StringBuilder output, TaskCompletionSource<int>? port)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            if (port != null && PortPattern().Match(line) is { Success: true } match)
            {
                port.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        port?.TrySetException(new InvalidOperationException("the listener ended"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await Task.WhenAll(_pumps);
        _process.Dispose();
    }

    /// <summary>The dokuei.dll that ./test or ./dokuei built (as Hosting/DokueiProcess finds it).</summary>
    public static string CliPath()
    {
        if (Environment.GetEnvironmentVariable("DOKUEI_CLI") is { Length: > 0 } fromEnvironment && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dokuei.slnx")))
            {
                return Path.Combine(dir.FullName, ".build", "dokuei", "dokuei.dll");
            }
        }

        throw new InvalidOperationException("The repository root (Dokuei.slnx) was not found above the test assembly.");
    }

    [GeneratedRegex(@"listening on port (\d+)")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
