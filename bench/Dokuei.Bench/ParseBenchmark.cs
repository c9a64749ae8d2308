using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Bench;

/// <summary>
/// Header-only and full parsing of every file under a folder, by Dokuei.Dicom (in this process), pydicom (one python process
/// per measurement, timing only its loop) and dcmtk's dcmdump (one invocation over all files via xargs, timed from outside).
/// Files one of them cannot read are left out for all. Measurements alternate; each figure is the median of the repetitions.
/// </summary>
internal static class ParseBenchmark
{
    private static readonly DicomReaderOptions HeaderOnly = new() { StopAtTag = DicomTag.PixelData };

    public static async Task<int> RunAsync(Arguments options)
    {
        var folder = options.Require("dir");
        var reps = options.GetInt32("reps", 5);
        var script = options.Get("pydicom-script") ?? FindScript();
        var work = Path.Combine(Path.GetTempPath(), "dokuei-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            var all = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            var files = await SelectReadableAsync(all, script, work).ConfigureAwait(false);
            var listFile = Path.Combine(work, "files.txt");
            await File.WriteAllLinesAsync(listFile, files).ConfigureAwait(false);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse: {files.Count} of {all.Count} files readable by all three ({bytes / 1e6:F1} MB); {reps} alternating repetitions, median"));

            var cases = new List<Case>
            {
                new("dokuei header (StopAtTag PixelData)", () => Ours(files, HeaderOnly, touchPixels: false, dump: false)),
                new("dokuei header + DicomDump text", () => Ours(files, HeaderOnly, touchPixels: false, dump: true)),
                new("dokuei full (pixel data left in file)", () => Ours(files, null, touchPixels: false, dump: false)),
                new("dokuei full + pixel data in memory", () => Ours(files, null, touchPixels: true, dump: false)),
                new("pydicom header (stop_before_pixels)", () => Python(script, "header", listFile)),
                new("pydicom full + ds.PixelData", () => Python(script, "full", listFile)),
                new("dcmdump header (-M +sb PixelData +P SOPInstanceUID)", () => Shell(listFile, "dcmdump -q -M +sb 7fe0,0010 +P 0008,0018")),
                new("dcmdump header, full text dump (-M +sb PixelData)", () => Shell(listFile, "dcmdump -q -M +sb 7fe0,0010")),
                new("dcmdump full (+M loads pixel data, +P SOPInstanceUID)", () => Shell(listFile, "dcmdump -q +M +P 0008,0018")),
            };

            // Warm-up: JIT for our side, page cache for everyone.
            foreach (var c in cases)
            {
                c.Measure();
            }

            for (var r = 0; r < reps; r++)
            {
                foreach (var c in cases)
                {
                    c.Seconds.Add(c.Measure());
                }

                Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rrepetition {r + 1}/{reps}"));
            }

            Console.Error.WriteLine();
            PrintTable(cases, files.Count, bytes);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void PrintTable(List<Case> cases, int fileCount, long bytes)
    {
        double Median(string prefix) => cases.First(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).Median;

        Console.WriteLine();
        Console.WriteLine("| measure | median s | min-max s | files/s | MB/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var c in cases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Name} | {c.Median:F3} | {c.Seconds.Min():F3}-{c.Seconds.Max():F3} | {fileCount / c.Median:F0} | {bytes / 1e6 / c.Median:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| ratio (how many times faster Dokuei is) | value | target |");
        Console.WriteLine("|---|---:|---|");
        void Ratio(string name, double value, string target) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {value:F1}x | {target} |"));
        var header = Median("dokuei header (");
        Ratio("header: pydicom stop_before_pixels / dokuei header", Median("pydicom header") / header, ">= 20x");
        Ratio("header: dcmdump +P one tag / dokuei header", Median("dcmdump header (") / header, ">= 2x");
        Ratio("header with text: dcmdump full dump / dokuei header + DicomDump", Median("dcmdump header, full") / Median("dokuei header + DicomDump"), "");
        Ratio("full: pydicom + PixelData / dokuei full + pixel data in memory", Median("pydicom full") / Median("dokuei full + pixel"), "");
        Ratio("full: dcmdump +M / dokuei full + pixel data in memory", Median("dcmdump full") / Median("dokuei full + pixel"), "");
        Ratio("full: pydicom + PixelData / dokuei full (pixel data left in file)", Median("pydicom full") / Median("dokuei full (pixel"), "");
    }

    private static double Ours(List<string> files, DicomReaderOptions? options, bool touchPixels, bool dump)
    {
        using var text = dump ? new StreamWriter(Stream.Null, Encoding.UTF8) : null;
        var stopwatch = Stopwatch.StartNew();
        long touched = 0;
        foreach (var path in files)
        {
            var file = DicomFile.Open(path, options);
            if (touchPixels)
            {
                touched += file.Dataset[DicomTag.PixelData] switch
                {
                    DicomValueElement value => value.Buffer.Memory.Length,
                    DicomFragmentSequence fragments => fragments.Fragments.Sum(f => (long)f.Memory.Length),
                    _ => 0,
                };
            }

            if (text != null)
            {
                DicomDump.Write(file, text);
            }
        }

        text?.Flush();
        GC.KeepAlive(touched);
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static double Python(string script, string mode, string listFile)
    {
        var output = Run("/usr/bin/python3", [script, mode, listFile], out _);
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static double Shell(string listFile, string command)
    {
        var stopwatch = Stopwatch.StartNew();
        Run("/bin/bash", ["-c", $"xargs -d '\\n' -a '{listFile}' {command} > /dev/null"], out _);
        return stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>The files every reader can read: ours in full, pydicom in full with PixelData, dcmdump with +M.</summary>
    private static async Task<List<string>> SelectReadableAsync(List<string> all, string script, string work)
    {
        var excluded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in all)
        {
            try
            {
                var file = DicomFile.Open(path);
                if (file.Dataset[DicomTag.PixelData] is DicomValueElement { Length: < int.MaxValue } value)
                {
                    _ = value.Buffer.Memory;
                }
            }
            catch (Exception ex)
            {
                excluded.TryAdd(path, "dokuei: " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        var listFile = Path.Combine(work, "all.txt");
        await File.WriteAllLinesAsync(listFile, all).ConfigureAwait(false);
        foreach (var line in Run("/usr/bin/python3", [script, "check", listFile], out _).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            excluded.TryAdd(line, "pydicom");
        }

        foreach (var path in all)
        {
            Run("dcmdump", ["-q", "+M", path], out var exitCode, allowFailure: true, discardOutput: true);
            if (exitCode != 0)
            {
                excluded.TryAdd(path, "dcmdump");
            }
        }

        foreach (var group in excluded.GroupBy(e => e.Value.Split(':')[0]))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"excluded, unreadable by {group.Key}: {group.Count()} files"));
            foreach (var (path, reason) in group.Take(100))
            {
                Console.WriteLine($"  {Path.GetFileName(path)} ({reason})");
            }
        }

        return all.Where(f => !excluded.ContainsKey(f)).ToList();
    }

    private static string Run(string program, IEnumerable<string> arguments, out int exitCode, bool allowFailure = false, bool discardOutput = false)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        string output;
        if (discardOutput)
        {
            process.StandardOutput.BaseStream.CopyTo(Stream.Null);
            output = "";
        }
        else
        {
            output = process.StandardOutput.ReadToEnd();
        }

        process.WaitForExit();
        exitCode = process.ExitCode;
        if (exitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exitCode}): {stderr.Result}");
        }

        return output;
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "pydicom-parse.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("bench/pydicom-parse.py not found; pass --pydicom-script");
    }

    private sealed class Case(string name, Func<double> measure)
    {
        public string Name => name;

        public List<double> Seconds { get; } = [];

        public double Median => Seconds.Order().ElementAt(Seconds.Count / 2);

        public double Measure() => measure();
    }
}

/// <summary>Where the time of a header-only parse goes: opening and reading files, or parsing bytes already in memory.</summary>
internal static class ParseProfile
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var files = Directory.EnumerateFiles(options.Require("dir"), "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var headerOnly = new DicomReaderOptions { StopAtTag = DicomTag.PixelData };
        var heads = files.Select(f => File.ReadAllBytes(f).AsSpan(0, (int)Math.Min(new FileInfo(f).Length, 64 * 1024)).ToArray()).ToList();
        var cases = new (string Name, Func<Task> Run)[]
        {
            ("open + read first 64 KiB + close (FileStream, bufferSize 1)", () =>
            {
                var buffer = new byte[64 * 1024];
                foreach (var f in files)
                {
                    using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
                    _ = s.Read(buffer);
                }

                return Task.CompletedTask;
            }),
            ("open + read first 4 KiB + close (File.OpenHandle, RandomAccess)", () =>
            {
                var buffer = new byte[4096];
                foreach (var f in files)
                {
                    using var h = File.OpenHandle(f);
                    _ = RandomAccess.Read(h, buffer, 0);
                }

                return Task.CompletedTask;
            }),
            ("DicomFileReader.ReadAsync(MemoryStream of first 64 KiB), header-only", async () =>
            {
                foreach (var bytes in heads)
                {
                    using var ms = new MemoryStream(bytes, writable: false);
                    await DicomFileReader.ReadAsync(ms, headerOnly).ConfigureAwait(false);
                }
            }),
            ("bare DicomReader tokens over the same bytes (no dataset built)", () =>
            {
                long tokens = 0;
                foreach (var bytes in heads)
                {
                    tokens += CountTokens(bytes, headerOnly);
                }

                GC.KeepAlive(tokens);
                return Task.CompletedTask;
            }),
            ("bare DicomReader tokens + reader.AttributePath per token", () =>
            {
                long chars = 0;
                foreach (var bytes in heads)
                {
                    chars += CountTokens(bytes, headerOnly, withPath: true);
                }

                GC.KeepAlive(chars);
                return Task.CompletedTask;
            }),
            ("DicomFileReader.ReadAsync(MemoryStream of the first 64 KiB), full (no source path)", async () =>
            {
                foreach (var bytes in heads)
                {
                    using var ms = new MemoryStream(bytes, writable: false);
                    try
                    {
                        await DicomFileReader.ReadAsync(ms).ConfigureAwait(false);
                    }
                    catch (DicomParseException)
                    {
                        // The pixel data is cut at 64 KiB; only the cost up to there matters.
                    }
                }
            }),
            ("DicomFile.Open(path, header-only)", () =>
            {
                foreach (var f in files)
                {
                    DicomFile.Open(f, headerOnly);
                }

                return Task.CompletedTask;
            }),
            ("DicomFile.Open(path), full, pixel data left in file", () =>
            {
                foreach (var f in files)
                {
                    DicomFile.Open(f);
                }

                return Task.CompletedTask;
            }),
        };
        var results = cases.Select(_ => new List<double>()).ToList();
        for (var rep = 0; rep < 6; rep++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                await cases[i].Run().ConfigureAwait(false);
                if (rep > 0)
                {
                    results[i].Add(sw.Elapsed.TotalSeconds);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse-profile: {files.Count} files, median of 5 after a warm-up"));
        for (var i = 0; i < cases.Length; i++)
        {
            var median = results[i].Order().ElementAt(2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[i].Name}: {median * 1e6 / files.Count:F0} us/file"));
        }

        var tokenCount = CountTokens(heads[0], headerOnly);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({tokenCount} tokens in the first file)"));
        return 0;
    }

    /// <summary>Runs the bare reader from after "DICM" (meta and dataset are both explicit VR little endian here).</summary>
    private static long CountTokens(byte[] bytes, DicomReaderOptions options, bool withPath = false)
    {
        var reader = new DicomReader(new System.Buffers.ReadOnlySequence<byte>(bytes, 132, bytes.Length - 132), true, new DicomReaderState(explicitVR: true, bigEndian: false, 132, options));
        long n = 0;
        while (reader.Read() && reader.TokenType != DicomTokenType.Stopped)
        {
            n += withPath ? reader.AttributePath.Length : 1;
        }

        return n;
    }
}
