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
    _ => Fail($"unknown command {args[0]}"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
