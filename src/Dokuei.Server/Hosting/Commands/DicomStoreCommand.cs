using System.CommandLine;
using System.Diagnostics;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;

namespace Dokuei.Server.Hosting.Commands;

/// <summary><c>dokuei dicom store HOST PORT FILE_OR_DIR...</c>: C-STORE SCU, files streamed from disk over one or more associations.</summary>
internal static class DicomStoreCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "Peer host name or address" };
        var port = new Argument<int>("PORT") { Description = "Peer port" };
        var inputs = new Argument<string[]>("FILE_OR_DIR") { Description = "DICOM files, or folders searched recursively", Arity = ArgumentArity.OneOrMore };
        var associations = new Option<int>("--associations") { Description = "Associations used in parallel", DefaultValueFactory = _ => 1 };
        var asyncOps = new Option<int>("--async-ops") { Description = "Propose an asynchronous operations window: up to N C-STOREs outstanding on each association, if the peer agrees", DefaultValueFactory = _ => 1 };
        var network = new DicomNetworkOptions();
        var command = new Command("store", "Send DICOM files with C-STORE, proposing the contexts the files need. Exit 0 if all were stored, 1 if some failed, 2 if no association came about.") { host, port, inputs, associations, asyncOps };
        network.AddClientOptions(command);
        command.SetAction((result, cancellationToken) => DicomNetworkOptions.RunAsync(async () =>
        {
            using var logging = network.CreateLoggerFactory(result);
            var options = network.ReadClient(result, logging);
            var window = Math.Clamp(result.GetValue(asyncOps), 1, DicomAssociation.MaxAsyncOperations);
            if (window > 1)
            {
                options = options with { AsynchronousOperationsWindow = new Dokuei.Dicom.Network.Pdus.AsynchronousOperationsWindow((ushort)window, 1) };
            }
            var watch = Stopwatch.StartNew();
            var files = result.GetValue(inputs)!.SelectMany(Expand).ToList();
            // Each association reads the headers of its own files, then associates: the others' reading overlaps the first's
            // sending (as with one storescu per association), instead of every header being read before anything is sent.
            var count = Math.Clamp(result.GetValue(associations), 1, Math.Max(1, files.Count));
            var parts = Enumerable.Range(0, count).Select(i => files.Where((_, n) => n % count == i).ToList()).ToList();
            var outcomes = await Task.WhenAll(parts.Select(part => Task.Run(() => SendAsync(result.GetValue(host)!, result.GetValue(port), part, options, cancellationToken), cancellationToken))).ConfigureAwait(false);
            var unreadable = outcomes.Sum(o => o.Unreadable);
            var sent = outcomes.Sum(o => o.Sent);
            var failed = outcomes.Sum(o => o.Failed) + unreadable;
            var bytes = outcomes.Sum(o => o.Bytes);
            var seconds = Math.Max(watch.Elapsed.TotalSeconds, 0.001);
            Console.WriteLine($"sent {sent}, failed {failed} ({bytes / 1e6:0.0} MB in {seconds:0.00} s, {sent / seconds:0} instances/s, {bytes / 1e6 / seconds:0.0} MB/s)");
            if (outcomes.FirstOrDefault(o => o.Error != null) is { Error: { } error } && sent == 0)
            {
                throw error;
            }

            return failed > 0 ? DicomNetworkOptions.ExitFailureStatus : 0;
        }));
        return command;
    }

    private sealed record Outcome(int Sent, int Failed, int Unreadable, long Bytes, DicomAssociationException? Error);

    private static async Task<Outcome> SendAsync(string host, int port, List<string> files, DicomClientOptions options, CancellationToken cancellationToken)
    {
        var unreadable = 0;
        var sources = new List<DicomStoreSource>(files.Count);
        foreach (var file in files)
        {
            try
            {
                sources.Add(await DicomStoreSource.FromFileAsync(file, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is DicomParseException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{file}: not sent: {ex.Message}").ConfigureAwait(false);
                unreadable++;
            }
        }

        if (sources.Count == 0)
        {
            return new Outcome(0, 0, unreadable, 0, null);
        }

        int sent = 0, failed = 0;
        long bytes = 0;
        try
        {
            await using var client = await DicomClient.ConnectAsync(host, port, DicomClient.CreateStoreRequest(options, sources), options, cancellationToken).ConfigureAwait(false);
            await client.StoreAsync(sources, outcome =>
            {
                if (outcome.Response is { Status.Kind: Dokuei.Dicom.Network.Dimse.DimseStatusKind.Success or Dokuei.Dicom.Network.Dimse.DimseStatusKind.Warning })
                {
                    sent++;
                    bytes += outcome.Source.DatasetLength;
                    return;
                }

                failed++;
                Console.Error.WriteLine(outcome.Response is { } response
                    ? $"{outcome.Source.Path}: refused with status {response.Status}{(response.ErrorComment is { } c ? ": " + c : "")}"
                    : $"{outcome.Source.Path}: {outcome.Error?.Message}");
            }, cancellationToken).ConfigureAwait(false);

            await client.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return new Outcome(sent, failed, unreadable, bytes, null);
        }
        catch (DicomAssociationException ex)
        {
            await Console.Error.WriteLineAsync($"dokuei: {ex.Message}").ConfigureAwait(false);
            return new Outcome(sent, sources.Count - sent, unreadable, bytes, ex);
        }
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [path];
}
