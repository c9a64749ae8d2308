using System.CommandLine;
using System.Globalization;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;

namespace Dokuei.Server.Hosting.Commands;

/// <summary><c>dokuei dicom find|move|get</c>: query/retrieve SCU (study root by default, patient root, modality worklist for find).</summary>
internal static class DicomQueryCommands
{
    private static readonly string[] CommonStorage =
    [
        DicomUids.CTImageStorage, DicomUids.MRImageStorage, DicomUids.ComputedRadiographyImageStorage, DicomUids.DigitalXRayImageStorageForPresentation,
        DicomUids.DigitalMammographyXRayImageStorageForPresentation, DicomUids.UltrasoundImageStorage, DicomUids.UltrasoundMultiFrameImageStorage,
        DicomUids.SecondaryCaptureImageStorage, DicomUids.EnhancedCTImageStorage, DicomUids.EnhancedMRImageStorage, DicomUids.NuclearMedicineImageStorage,
        DicomUids.PositronEmissionTomographyImageStorage, DicomUids.XRayAngiographicImageStorage, DicomUids.EncapsulatedPDFStorage,
        DicomUids.BasicTextSRStorage, DicomUids.EnhancedSRStorage, DicomUids.ComprehensiveSRStorage, DicomUids.KeyObjectSelectionDocumentStorage,
        DicomUids.GrayscaleSoftcopyPresentationStateStorage,
    ];

    public static Command Find()
    {
        var (host, port, level, keys, model, network) = Common();
        var command = new Command("find", "Query with C-FIND; prints each match as one line of DICOM JSON. Exit 0 on success, 1 on a failure status, 2 if no association came about.")
        {
            host, port, level, keys, model,
        };
        network.AddClientOptions(command);
        command.SetAction((result, cancellationToken) => DicomNetworkOptions.RunAsync(async () =>
        {
            using var logging = network.CreateLoggerFactory(result);
            var options = network.ReadClient(result, logging);
            var sopClass = ModelUid(result.GetValue(model)!, "FIND");
            var identifier = Identifier(result.GetValue(level), result.GetValue(keys) ?? [], worklist: sopClass == DicomUids.ModalityWorklistInformationModelFind);
            await using var client = await DicomClient.ConnectAsync(result.GetValue(host)!, result.GetValue(port),
                DicomClient.CreateRequest(options, [(sopClass, DicomClient.UncompressedTransferSyntaxes)]), options, cancellationToken).ConfigureAwait(false);
            var stdout = Console.OpenStandardOutput();
            await using (stdout.ConfigureAwait(false))
            {
                await foreach (var match in client.FindAsync(sopClass, identifier, cancellationToken).ConfigureAwait(false))
                {
                    using var line = new MemoryStream();
                    DicomJsonWriter.Write(line, match);
                    line.WriteByte((byte)'\n');
                    await stdout.WriteAsync(line.GetBuffer().AsMemory(0, (int)line.Length), cancellationToken).ConfigureAwait(false);
                }
            }

            await client.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    public static Command Move()
    {
        var (host, port, level, keys, model, network) = Common();
        var destination = new Option<string>("--dest") { Description = "AE title the peer sends the matches to", Required = true };
        var command = new Command("move", "Retrieve with C-MOVE to another AE title; prints the sub-operation counts. Exit 0 if all completed, 1 otherwise, 2 if no association came about.")
        {
            host, port, level, keys, model, destination,
        };
        network.AddClientOptions(command);
        command.SetAction((result, cancellationToken) => DicomNetworkOptions.RunAsync(async () =>
        {
            using var logging = network.CreateLoggerFactory(result);
            var options = network.ReadClient(result, logging);
            var sopClass = ModelUid(result.GetValue(model)!, "MOVE");
            var identifier = Identifier(result.GetValue(level), result.GetValue(keys) ?? [], worklist: false);
            await using var client = await DicomClient.ConnectAsync(result.GetValue(host)!, result.GetValue(port),
                DicomClient.CreateRequest(options, [(sopClass, DicomClient.UncompressedTransferSyntaxes)]), options, cancellationToken).ConfigureAwait(false);
            var final = await client.MoveAsync(sopClass, result.GetValue(destination)!, identifier,
                pending => Console.WriteLine($"pending: remaining {pending.Remaining}, completed {pending.Completed}, failed {pending.Failed}, warning {pending.Warning}"),
                cancellationToken).ConfigureAwait(false);
            await client.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"moved: completed {final.Completed ?? 0}, failed {final.Failed ?? 0}, warning {final.Warning ?? 0}, status {final.Status}");
            return final.Status.IsSuccess ? 0 : DicomNetworkOptions.ExitFailureStatus;
        }));
        return command;
    }

    public static Command Get()
    {
        var (host, port, level, keys, model, network) = Common();
        var output = new Option<string>("--out") { Description = "Folder the retrieved files are written to (named by SOP Instance UID)", Required = true };
        var command = new Command("get", "Retrieve with C-GET on the same association; writes the instances as Part 10 files. Exit 0 if all completed, 1 otherwise, 2 if no association came about.")
        {
            host, port, level, keys, model, output,
        };
        network.AddClientOptions(command);
        command.SetAction((result, cancellationToken) => DicomNetworkOptions.RunAsync(async () =>
        {
            using var logging = network.CreateLoggerFactory(result);
            var options = network.ReadClient(result, logging);
            var sopClass = ModelUid(result.GetValue(model)!, "GET");
            var identifier = Identifier(result.GetValue(level), result.GetValue(keys) ?? [], worklist: false);
            var directory = Path.GetFullPath(result.GetValue(output)!);
            Directory.CreateDirectory(directory);
            var store = new DicomFileStoreHandler(directory);
            await using var client = await DicomClient.ConnectAsync(result.GetValue(host)!, result.GetValue(port),
                DicomClient.CreateGetRequest(options, sopClass, StorageClasses()), options, cancellationToken).ConfigureAwait(false);
            var final = await client.GetAsync(sopClass, identifier, store, cancellationToken: cancellationToken).ConfigureAwait(false);
            await client.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"retrieved {store.Stored} into {directory}: completed {final.Completed ?? 0}, failed {final.Failed ?? 0}, warning {final.Warning ?? 0}, status {final.Status}");
            return final.Status.IsSuccess ? 0 : DicomNetworkOptions.ExitFailureStatus;
        }));
        return command;
    }

    /// <summary>Parses <c>-k</c> keys (<c>PatientName=Yamada*</c>, <c>0010,0020=P1</c>, or a bare keyword as a return key) into an identifier.</summary>
    internal static DicomDataset Identifier(string? level, IEnumerable<string> keys, bool worklist)
    {
        var identifier = new DicomDataset();
        if (!worklist)
        {
            identifier.SetString(DicomTag.QueryRetrieveLevel, (level ?? "STUDY").ToUpperInvariant());
        }

        foreach (var key in keys)
        {
            var equals = key.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? key : key[..equals];
            var value = equals < 0 ? "" : key[(equals + 1)..];
            var tag = ParseTag(name);
            if (value.Any(c => c > 127))
            {
                identifier.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
            }

            identifier.SetString(tag, DicomDictionary.GetVR(tag), value);
        }

        return identifier;
    }

    private static DicomTag ParseTag(string name)
    {
        if (name.Length == 9 && name[4] == ',' && uint.TryParse(name[..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var group)
            && uint.TryParse(name[5..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var element))
        {
            return new DicomTag((group << 16) | element);
        }

        return DicomDictionary.TryGetEntry(name, out var entry) ? entry.Tag : throw new FormatException($"unknown attribute \"{name}\": give a keyword (PatientName) or gggg,eeee");
    }

    private static string ModelUid(string model, string operation) => (model.ToLowerInvariant(), operation) switch
    {
        ("study", "FIND") => DicomUids.StudyRootQueryRetrieveInformationModelFind,
        ("study", "MOVE") => DicomUids.StudyRootQueryRetrieveInformationModelMove,
        ("study", "GET") => DicomUids.StudyRootQueryRetrieveInformationModelGet,
        ("patient", "FIND") => DicomUids.PatientRootQueryRetrieveInformationModelFind,
        ("patient", "MOVE") => "1.2.840.10008.5.1.4.1.2.1.2",
        ("patient", "GET") => "1.2.840.10008.5.1.4.1.2.1.3",
        ("worklist", "FIND") => DicomUids.ModalityWorklistInformationModelFind,
        _ => throw new FormatException($"--model {model} does not support {operation}: use study, patient (or worklist for find)"),
    };

    /// <summary>The storage SOP classes proposed for C-GET: common ones first, then others, within the 127 contexts left.</summary>
    private static IEnumerable<string> StorageClasses() => CommonStorage
        .Concat(DicomUids.All.Where(u => u.Type == DicomUidType.SopClass && !u.IsRetired && u.Name.EndsWith(" Storage", StringComparison.Ordinal)
            && u.Uid.StartsWith("1.2.840.10008.5.1.4.1.1.", StringComparison.Ordinal)).Select(u => u.Uid))
        .Distinct()
        .Take(127);

    private static (Argument<string> Host, Argument<int> Port, Option<string> Level, Option<string[]> Keys, Option<string> Model, DicomNetworkOptions Network) Common() => (
        new Argument<string>("HOST") { Description = "Peer host name or address" },
        new Argument<int>("PORT") { Description = "Peer port" },
        new Option<string>("--level") { Description = "Query/Retrieve Level: PATIENT, STUDY, SERIES or IMAGE", DefaultValueFactory = _ => "STUDY" },
        new Option<string[]>("-k", "--key") { Description = "Key TAG=VALUE (keyword or gggg,eeee); a bare TAG asks for it to be returned", AllowMultipleArgumentsPerToken = false },
        new Option<string>("--model") { Description = "Information model: study, patient, worklist (find only)", DefaultValueFactory = _ => "study" },
        new DicomNetworkOptions());
}
