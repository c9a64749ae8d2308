using Dokuei.Bench;

if (args.Length == 0)
{
    Console.Error.WriteLine("""
        usage: Dokuei.Bench <command> [options]
          generate --out DIR [--studies 3] [--instances 200] [--size 512]   synthetic CT studies written by DicomFileWriter
          parse --dir DIR [--reps 5] [--pydicom-script PATH]               ours vs pydicom vs dcmdump over every file under DIR
          parse-profile --dir DIR                                           where header-only parse time goes (I/O vs parsing)
          large-write --path FILE [--frames 4200]                          a multi-frame native file, streamed to disk
          large-read --path FILE --mode file|sink|baseline [--frames N]    parse it with pixel data streamed; prints peak memory
          generate-index --out DIR [--studies 10000]                        small single-instance studies with varied names, IDs, dates
          stow --server URL[|TOKEN] --dir DIR [--clients 1] [--batch 50]     STOW-RS every file under DIR; prints seconds, instances, bytes
          qido --orthanc URL --dokuei URL[|TOKEN] [--studies 10000] [--reps 40]   study searches against both, median and p95
          wado --server URL[|TOKEN] --study-of FILE [--reps 5]              WADO-RS of a whole study; prints seconds and bytes per rep
          fuzz [--seconds 60] [--corpus DIR] [--seed N] [--repro SEED --out FILE]
        """);
    return 2;
}

var options = Arguments.Parse(args.AsSpan(1));
return args[0] switch
{
    "generate" => SyntheticStudies.Generate(options),
    "parse" => await ParseBenchmark.RunAsync(options).ConfigureAwait(false),
    "parse-profile" => await ParseProfile.RunAsync(options).ConfigureAwait(false),
    "large-write" => LargeFileBenchmark.Write(options),
    "large-read" => await LargeFileBenchmark.ReadAsync(options).ConfigureAwait(false),
    "fuzz" => Fuzzer.Run(options),
    "generate-index" => IndexStudies.Generate(options),
    "stow" => await ArchiveBenchmark.StowAsync(options).ConfigureAwait(false),
    "qido" => await ArchiveBenchmark.QidoAsync(options).ConfigureAwait(false),
    "wado" => await ArchiveBenchmark.WadoAsync(options).ConfigureAwait(false),
    _ => Fail($"unknown command {args[0]}"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
