using System.CommandLine;
using System.Diagnostics;
using Dokuei.Dicom.Network;

namespace Dokuei.Server.Hosting.Commands;

/// <summary><c>dokuei dicom echo HOST PORT</c>: C-ECHO, to check that a peer is reachable and accepts us.</summary>
internal static class DicomEchoCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "Peer host name or address" };
        var port = new Argument<int>("PORT") { Description = "Peer port" };
        var network = new DicomNetworkOptions();
        var command = new Command("echo", "Verify a DICOM peer with C-ECHO. Exit 0 on success, 1 on a failure status, 2 if no association came about.") { host, port };
        network.AddClientOptions(command);
        command.SetAction((result, cancellationToken) => DicomNetworkOptions.RunAsync(async () =>
        {
            using var logging = network.CreateLoggerFactory(result);
            var options = network.ReadClient(result, logging);
            var watch = Stopwatch.StartNew();
            await using var client = await DicomClient.ConnectForEchoAsync(result.GetValue(host)!, result.GetValue(port), options, cancellationToken).ConfigureAwait(false);
            var status = await client.EchoAsync(cancellationToken).ConfigureAwait(false);
            await client.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            var peer = $"{options.CalledAeTitle} at {result.GetValue(host)}:{result.GetValue(port)}";
            if (!status.IsSuccess)
            {
                await Console.Error.WriteLineAsync($"dokuei: C-ECHO to {peer} answered {status}").ConfigureAwait(false);
                return DicomNetworkOptions.ExitFailureStatus;
            }

            Console.WriteLine($"C-ECHO to {peer}: success ({watch.ElapsedMilliseconds} ms)");
            return 0;
        }));
        return command;
    }
}
