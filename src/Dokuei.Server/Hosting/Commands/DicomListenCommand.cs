using System.CommandLine;
using System.Net;
using Dokuei.Dicom.Network;

namespace Dokuei.Server.Hosting.Commands;

/// <summary><c>dokuei dicom listen PORT --out DIR</c>: a storage SCP writing each instance as a Part 10 file named by its SOP Instance UID.</summary>
internal static class DicomListenCommand
{
    public static Command Create()
    {
        var port = new Argument<int>("PORT") { Description = "Port to listen on (0 picks a free one; the first line printed says which)" };
        var output = new Option<string>("--out") { Description = "Folder the received files are written to", Required = true };
        var aeTitle = new Option<string>("--aet") { Description = "Our AE title; when given, associations calling another AE title are rejected", DefaultValueFactory = _ => "DOKUEI" };
        var maxAssociations = new Option<int>("--max-associations") { Description = "Associations open at once; more are rejected", DefaultValueFactory = _ => 64 };
        var idle = new Option<int>("--idle-timeout") { Description = "Seconds a peer may stay silent before its association is aborted (0 = no limit)", DefaultValueFactory = _ => 300 };
        var loopback = new Option<bool>("--loopback") { Description = "Listen on 127.0.0.1 only" };
        var asyncOps = new Option<int>("--async-ops") { Description = "C-STOREs performed at once on one association when the peer proposes an asynchronous operations window", DefaultValueFactory = _ => 1 };
        var requireClientCert = new Option<bool>("--tls-require-client-cert") { Description = "With --tls: peers must present a certificate trusted by --tls-ca" };
        var network = new DicomNetworkOptions();
        var command = new Command("listen", "Receive instances (C-STORE) and answer C-ECHO until stopped (Ctrl+C).") { port, output, aeTitle, maxAssociations, idle, loopback, asyncOps, requireClientCert, network.Verbose };
        network.AddTlsOptions(command);
        command.SetAction((result, cancellationToken) => DicomNetworkOptions.RunAsync(async () =>
        {
            var directory = Path.GetFullPath(result.GetValue(output)!);
            Directory.CreateDirectory(directory);
            using var logging = network.CreateLoggerFactory(result);
            var idleSeconds = result.GetValue(idle);
            var options = new DicomServerOptions
            {
                AeTitle = result.GetValue(aeTitle)!,
                CheckCalledAeTitle = result.GetResult(aeTitle) is { Implicit: false },
                MaxAssociations = result.GetValue(maxAssociations),
                MaxAsyncOperations = Math.Clamp(result.GetValue(asyncOps), 1, DicomAssociation.MaxAsyncOperations),
                IdleTimeout = idleSeconds > 0 ? TimeSpan.FromSeconds(idleSeconds) : Timeout.InfiniteTimeSpan,
                Tls = network.ReadTls(result, result.GetValue(requireClientCert)),
                LoggerFactory = logging,
            };
            var store = new DicomFileStoreHandler(directory);
            var address = result.GetValue(loopback) ? IPAddress.Loopback : IPAddress.Any;
            await using var server = DicomServer.Start(new IPEndPoint(address, result.GetValue(port)), options, new DicomServerHandlers { Store = store });
            Console.WriteLine($"listening on port {server.Port} as {options.AeTitle}, writing to {directory}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop listening and end open associations.
            }

            Console.WriteLine($"stopped; {store.Stored} instances received");
            return 0;
        }));
        return command;
    }
}
