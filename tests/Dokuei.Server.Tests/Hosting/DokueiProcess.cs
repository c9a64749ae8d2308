using System.Diagnostics;
using System.Text;

namespace Dokuei.Server.Tests.Hosting;

/// <summary>Runs the built <c>dokuei</c> command line as operators do, as a separate process.</summary>
internal static class DokueiProcess
{
    private static readonly Lazy<string> Cli = new(FindCli);

    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Cli.Value);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running command (serve); the caller stops it. Output is collected into <paramref name="output"/>.</summary>
    public static Process Start(System.Text.StringBuilder output, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Cli.Value);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls <c>/health</c> until the server answers 200, or fails with its output if it exits first.</summary>
    public static async Task WaitForHealthAsync(HttpClient client, Process server, StringBuilder log)
    {
        // The overall bound only stops a hung test; it asserts nothing about speed.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (server.HasExited)
            {
                string output;
                lock (log)
                {
                    output = log.ToString();
                }

                throw new InvalidOperationException($"dokuei serve exited with {server.ExitCode}:\n{output}");
            }

            try
            {
                if ((await client.GetAsync("health", limit.Token)).StatusCode == System.Net.HttpStatusCode.OK)
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

    /// <summary>The dokuei.dll that ./test (or ./dokuei) built: DOKUEI_CLI, else .build/dokuei under the repository root.</summary>
    private static string FindCli()
    {
        if (Environment.GetEnvironmentVariable("DOKUEI_CLI") is { Length: > 0 } fromEnvironment && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dokuei.slnx")))
            {
                var built = Path.Combine(dir.FullName, ".build", "dokuei", "dokuei.dll");
                if (File.Exists(built))
                {
                    return built;
                }

                throw new InvalidOperationException($"{built} does not exist: run ./dokuei --help (or ./test) once to build the command line.");
            }
        }

        throw new InvalidOperationException("The repository root (Dokuei.slnx) was not found above the test assembly.");
    }
}
