using System.CommandLine;
using Dokuei.Dicom;
using Dokuei.Dicom.Deidentification;
using Dokuei.Dicom.IO;

namespace Dokuei.Server.Hosting.Commands;

/// <summary><c>dokuei dicom ...</c>: the DICOM toolkit on the command line (dump, json, convert, anonymize, validate).</summary>
internal static class DicomCommands
{
    public static Command Create()
    {
        var dicom = new Command("dicom", "Read, convert, check and de-identify DICOM files.");
        dicom.Subcommands.Add(Dump());
        dicom.Subcommands.Add(Json());
        dicom.Subcommands.Add(Convert());
        dicom.Subcommands.Add(Anonymize());
        dicom.Subcommands.Add(Validate());
        DicomNetworkCommands.AddTo(dicom);
        return dicom;
    }

    private static Command Dump()
    {
        var files = new Argument<string[]>("FILE") { Description = "DICOM files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("dump", "List the elements of DICOM files, one a line, sequences indented (like dcmdump).") { files };
        command.SetAction(result =>
        {
            var status = 0;
            var output = Console.Out;
            foreach (var path in result.GetValue(files)!)
            {
                try
                {
                    var file = DicomFile.Open(path);
                    DicomDump.Write(file, output);
                }
                catch (Exception ex) when (ex is DicomParseException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"{path}: {ex.Message}");
                    status = 1;
                }
            }

            return status;
        });
        return command;
    }

    private static Command Json()
    {
        var files = new Argument<string[]>("FILE") { Description = "DICOM files", Arity = ArgumentArity.OneOrMore };
        var threshold = new Option<long>("--bulk-threshold") { Description = "Binary values longer than this many bytes are written as BulkDataURI", DefaultValueFactory = _ => 1024 };
        var command = new Command("json", "Print each file's dataset as one line of DICOM JSON (PS3.18 Annex F), in argument order.") { files, threshold };
        command.SetAction(async (result, cancellationToken) =>
        {
            var status = 0;
            var stdout = Console.OpenStandardOutput();
            await using (stdout.ConfigureAwait(false))
            {
                foreach (var path in result.GetValue(files)!)
                {
                    var uri = new Uri(Path.GetFullPath(path)).AbsoluteUri;
                    var options = new DicomWebWriterOptions
                    {
                        BulkDataThreshold = result.GetValue(threshold),
                        BulkDataUriFactory = (attributePath, _) => uri + "#" + attributePath,
                    };
                    try
                    {
                        var file = await DicomFile.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                        using var line = new MemoryStream();
                        DicomJsonWriter.Write(line, file.Dataset, options);
                        line.WriteByte((byte)'\n');
                        line.Position = 0;
                        await line.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is DicomParseException or IOException or UnauthorizedAccessException)
                    {
                        var error = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = $"{path}: {ex.Message}" });
                        await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(error + "\n"), cancellationToken).ConfigureAwait(false);
                        status = 1;
                    }
                }
            }

            return status;
        });
        return command;
    }

    private static Command Convert()
    {
        var input = new Argument<string>("IN") { Description = "DICOM file to read" };
        var output = new Argument<string>("OUT") { Description = "File to write" };
        var syntax = new Option<string?>("--transfer-syntax") { Description = "explicit-le, implicit-le, explicit-be or deflated; without it the file is written as it was read" };
        syntax.AcceptOnlyFromAmong("explicit-le", "implicit-le", "explicit-be", "deflated");
        var command = new Command("convert", "Write a DICOM file again, unchanged or re-encoded in another transfer syntax.") { input, output, syntax };
        command.SetAction(result =>
        {
            var inPath = result.GetValue(input)!;
            var outPath = result.GetValue(output)!;
            TransferSyntax? target = result.GetValue(syntax) switch
            {
                "explicit-le" => TransferSyntax.ExplicitVRLittleEndian,
                "implicit-le" => TransferSyntax.ImplicitVRLittleEndian,
                "explicit-be" => TransferSyntax.ExplicitVRBigEndian,
                "deflated" => TransferSyntax.DeflatedExplicitVRLittleEndian,
                _ => null,
            };
            try
            {
                var file = DicomFile.Open(inPath);
                if (file.Prefix == DicomFilePrefix.None)
                {
                    // A bare dataset becomes a proper Part 10 file.
                    file.Prefix = DicomFilePrefix.PreambleAndMeta;
                }

                DicomFileWriter.Write(file, outPath, target);
                return 0;
            }
            catch (Exception ex) when (ex is DicomParseException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                Console.Error.WriteLine($"{inPath}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Anonymize()
    {
        var input = new Argument<string>("IN") { Description = "DICOM file or folder" };
        var output = new Argument<string>("OUT") { Description = "Output file, or folder for a folder input" };
        var map = new Option<string?>("--map") { Description = "UID map file: loaded if it exists, saved after; keeps UIDs consistent across runs and allows re-identification" };
        var retainDates = new Option<bool>("--retain-dates") { Description = "Retain Longitudinal Temporal Information (Full Dates) option" };
        var retainCharacteristics = new Option<bool>("--retain-patient-characteristics") { Description = "Retain Patient Characteristics option" };
        var patientId = new Option<string?>("--patient-id") { Description = "Pseudonymous Patient ID to set" };
        var patientName = new Option<string?>("--patient-name") { Description = "Pseudonymous Patient's Name to set" };
        var command = new Command("anonymize", "De-identify DICOM files (PS3.15 Annex E Basic Application Level Confidentiality Profile).")
        {
            input, output, map, retainDates, retainCharacteristics, patientId, patientName,
        };
        command.SetAction(result =>
        {
            var inPath = result.GetValue(input)!;
            var outPath = result.GetValue(output)!;
            var mapPath = result.GetValue(map);
            var options = DicomConfidentialityOptions.None;
            if (result.GetValue(retainDates))
            {
                options |= DicomConfidentialityOptions.RetainLongitudinalTemporalInformationFullDates;
            }

            if (result.GetValue(retainCharacteristics))
            {
                options |= DicomConfidentialityOptions.RetainPatientCharacteristics;
            }

            var uidMap = mapPath != null && File.Exists(mapPath) ? DicomUidMap.Load(mapPath) : new DicomUidMap();
            var deidentifier = new DicomDeidentifier(uidMap, new DicomDeidentificationSettings { Options = options, RecordOriginalIdentity = mapPath != null });
            var pseudonym = result.GetValue(patientId) is null && result.GetValue(patientName) is null
                ? null
                : new DicomPseudonym(result.GetValue(patientId), result.GetValue(patientName));

            var status = 0;
            var folderMode = Directory.Exists(inPath);
            IEnumerable<string> inputs = folderMode ? Directory.EnumerateFiles(inPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [inPath];
            var count = 0;
            foreach (var path in inputs)
            {
                try
                {
                    var file = DicomFile.Open(path);
                    deidentifier.Deidentify(file.Dataset, file.FileMetaInformation, pseudonym);
                    var target = outPath;
                    if (folderMode)
                    {
                        // Names come from the new UIDs: original file and folder names may identify the patient.
                        var study = file.Dataset.GetString(new DicomTag(0x0020, 0x000D)) ?? "unknown-study";
                        var instance = file.Dataset.GetString(new DicomTag(0x0008, 0x0018)) ?? Guid.NewGuid().ToString("N");
                        Directory.CreateDirectory(Path.Combine(outPath, study));
                        target = Path.Combine(outPath, study, instance + ".dcm");
                    }

                    DicomFileWriter.Write(file, target);
                    count++;
                }
                catch (DicomParseException ex) when (folderMode)
                {
                    Console.Error.WriteLine($"{path}: skipped, not readable DICOM: {ex.Message}");
                }
                catch (Exception ex) when (ex is DicomParseException or IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    Console.Error.WriteLine($"{path}: {ex.Message}");
                    status = 1;
                }
            }

            if (mapPath != null)
            {
                uidMap.Save(mapPath);
            }

            Console.Error.WriteLine($"{count} file(s) de-identified.");
            return status;
        });
        return command;
    }

    private static Command Validate()
    {
        var files = new Argument<string[]>("FILE") { Description = "DICOM files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check the structure of DICOM files and report every problem clearly.") { files };
        command.SetAction(result =>
        {
            var status = 0;
            foreach (var path in result.GetValue(files)!)
            {
                var report = DicomFileValidator.Validate(path);
                Console.WriteLine(report.Errors.Count == 0
                    ? $"{path}: valid ({report.Warnings.Count} warning(s))"
                    : $"{path}: INVALID ({report.Errors.Count} error(s), {report.Warnings.Count} warning(s))");
                foreach (var error in report.Errors)
                {
                    Console.WriteLine($"  error: {error}");
                }

                foreach (var warning in report.Warnings)
                {
                    Console.WriteLine($"  warning: {warning}");
                }

                if (report.Errors.Count > 0)
                {
                    status = 1;
                }
            }

            return status;
        });
        return command;
    }
}
