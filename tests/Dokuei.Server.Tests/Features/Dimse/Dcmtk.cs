using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Network;

namespace Dokuei.Server.Tests.Features.Dimse;

/// <summary>dcmtk's network tools as the facility's modalities and PACS: run to completion, or a storescp kept running.</summary>
internal static class Dcmtk
{
    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs a tool; returns its exit code and its output and error streams together.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string tool, params string[] args)
    {
        using var process = Process.Start(Start(tool, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>
    /// A storescp writing what it receives exactly as it arrives (+B) into <paramref name="directory"/>, once it answers C-ECHO;
    /// <paramref name="options"/> choose what it accepts (+xi: implicit VR only).
    /// </summary>
    public static async Task<Process> StartStorescpAsync(string aeTitle, int port, string directory, params string[] options)
    {
        var process = Process.Start(Start("storescp", [.. options, "-aet", aeTitle, "+B", "-od", directory, Port(port)]))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Poll until it listens; the bound only stops a hung test, it asserts nothing about speed.
        for (var attempt = 0; ; attempt++)
        {
            if ((await RunAsync("echoscu", "-aec", aeTitle, "127.0.0.1", Port(port))).Exit == 0)
            {
                return process;
            }

            if (process.HasExited || attempt == 200)
            {
                process.Dispose();
                throw new InvalidOperationException($"storescp did not start on port {port}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The dataset bytes of a Part 10 file (after its file meta information), by SOP Instance UID.</summary>
    public static async Task<Dictionary<string, byte[]>> DatasetsAsync(string directory)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var source = await DicomStoreSource.FromFileAsync(path);
            result[source.SopInstanceUid] = (await File.ReadAllBytesAsync(path))[(int)source.DatasetOffset..];
        }

        return result;
    }

    /// <summary>The responses findscu extracted (-X) into <paramref name="directory"/>, in order.</summary>
    public static async Task<List<DicomDataset>> ResponsesAsync(string directory)
    {
        var list = new List<DicomDataset>();
        foreach (var path in Directory.EnumerateFiles(directory, "rsp*.dcm").Order(StringComparer.Ordinal))
        {
            list.Add((await DicomFileReader.ReadAsync(path)).Dataset);
        }

        return list;
    }

    private static ProcessStartInfo Start(string tool, string[] args)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // dcmtk keeps Nagle's algorithm on otherwise, and every exchange waits for delayed acknowledgements.
        start.Environment["TCP_NODELAY"] = "1";
        return start;
    }
}
