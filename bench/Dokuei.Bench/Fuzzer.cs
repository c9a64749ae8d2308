using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Bench;

/// <summary>
/// Mutates synthetic files (every transfer syntax the writer makes) and files of a corpus folder (pydicom's test files):
/// bit flips, truncation, inserted and deleted bytes, length fields set to huge values, interesting numbers, splices.
/// Each case parses from memory or from a file, full or header-only, then dumps and re-writes what it read.
/// A parse may throw <see cref="DicomParseException"/>; anything else, a parse over 1 s, or an allocation over 256 MB is reported
/// with the seed that reproduces it (<c>fuzz --repro SEED --out FILE</c> writes the mutated file).
/// </summary>
internal static class Fuzzer
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);
    private const long AllocationReport = 256L * 1024 * 1024;

    private static readonly string[] VRs =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    public static int Run(Arguments options)
    {
        var corpus = LoadCorpus(options.Get("corpus"));
        var seed = options.GetInt64("seed", Environment.TickCount64 & 0xFFFFFFF);
        if (options.Get("repro") is { } repro)
        {
            var (bytes, description, mode) = Mutate(corpus, long.Parse(repro, CultureInfo.InvariantCulture));
            var output = options.Require("out");
            File.WriteAllBytes(output, bytes);
            var reproTemp = Path.Combine(Path.GetTempPath(), $"dokuei-fuzz-repro-{Environment.ProcessId}.dcm");
            var result = ParseAndUse(bytes, mode, reproTemp) ?? "parsed without fault";
            File.Delete(reproTemp);
            Console.WriteLine($"{output}: {description}; parsed [{mode}]: {result}");
            return 0;
        }

        var seconds = options.GetInt32("seconds", 60);
        var deadline = Stopwatch.StartNew();
        var temp = Path.Combine(Path.GetTempPath(), $"dokuei-fuzz-{Environment.ProcessId}.dcm");
        var findings = new Dictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        long cases = 0, parsed = 0, rejected = 0, slowest = 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {corpus.Count} seed files, {seconds} s, master seed {seed}"));
        try
        {
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                var caseSeed = seed * 1_000_000 + cases;
                cases++;
                var (bytes, description, mode) = Mutate(corpus, caseSeed);
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                var watch = Stopwatch.StartNew();
                var task = Task.Run(() => ParseAndUse(bytes, mode, temp));
                string? outcome;
                if (!task.Wait(Hang))
                {
                    outcome = "HANG (> 20 s, left running)";
                    temp = Path.Combine(Path.GetTempPath(), $"dokuei-fuzz-{Environment.ProcessId}-{cases}.dcm");
                }
                else
                {
                    outcome = task.Result;
                }

                var elapsed = watch.Elapsed;
                slowest = Math.Max(slowest, elapsed.Ticks);
                var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
                if (outcome == null)
                {
                    parsed++;
                }
                else if (outcome == "rejected")
                {
                    rejected++;
                    outcome = null;
                }

                if (outcome == null && elapsed > Slow)
                {
                    outcome = $"SLOW {elapsed.TotalSeconds:F1} s";
                }

                if (outcome == null && allocated > AllocationReport)
                {
                    outcome = $"ALLOCATED {allocated / 1048576} MiB";
                }

                if (outcome != null)
                {
                    var key = outcome.StartsWith("SLOW", StringComparison.Ordinal) ? "SLOW (> 1 s)" : outcome.StartsWith("ALLOCATED", StringComparison.Ordinal) ? "ALLOCATED > 256 MiB" : outcome.Split(": ")[0];
                    var line = $"seed {caseSeed} [{mode}] {description}: {outcome}";
                    if (!findings.TryGetValue(key, out var seen))
                    {
                        Console.WriteLine("FINDING " + line);
                        findings[key] = (1, line);
                    }
                    else
                    {
                        findings[key] = (seen.Count + 1, seen.First);
                    }
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {cases} cases in {deadline.Elapsed.TotalSeconds:F0} s ({cases / deadline.Elapsed.TotalSeconds:F0}/s): {parsed} parsed, {rejected} rejected with DicomParseException, slowest {TimeSpan.FromTicks(slowest).TotalMilliseconds:F0} ms, {findings.Count} distinct findings"));
        foreach (var (key, (count, first)) in findings.OrderByDescending(f => f.Value.Count))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,6} x {key}\n         first: {first}"));
        }

        return findings.Count == 0 ? 0 : 1;
    }

    /// <summary>Null if parsed and used without fault, "rejected" for a DicomParseException, otherwise what went wrong.</summary>
    private static string? ParseAndUse(byte[] bytes, string mode, string temp)
    {
        DicomFile file;
        var options = mode.Contains("header", StringComparison.Ordinal) ? new DicomReaderOptions { StopAtTag = DicomTag.PixelData } : null;
        try
        {
            if (mode.StartsWith("file", StringComparison.Ordinal))
            {
                File.WriteAllBytes(temp, bytes);
                file = DicomFile.Open(temp, options);
            }
            else
            {
                using var stream = new MemoryStream(bytes, writable: false);
                file = DicomFileReader.ReadAsync(stream, options).GetAwaiter().GetResult();
            }
        }
        catch (DicomParseException)
        {
            return "rejected";
        }
        catch (Exception ex)
        {
            return $"parse threw {ex.GetType().Name} at {Where(ex)}: {FirstLine(ex.Message)}";
        }

        try
        {
            DicomDump.Write(file, TextWriter.Null);
            Touch(file.Dataset);
            if (!file.TransferSyntax.IsEncapsulated || file.Dataset[DicomTag.PixelData] is not DicomValueElement)
            {
                DicomFileWriter.Write(file, Stream.Null);
            }
        }
        catch (Exception ex) when (ex is DicomParseException or Dokuei.Dicom.DicomCharacterSetException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return $"after parse, dump/values/write threw {ex.GetType().Name} at {Where(ex)}: {FirstLine(ex.Message)}";
        }

        return null;
    }

    /// <summary>Reads every value through the typed accessors, as an indexer would.</summary>
    private static void Touch(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        Touch(item);
                    }

                    break;
                case DicomValueElement value when value.VR.IsString:
                    _ = dataset.GetStrings(value.Tag);
                    if (value.VR == DicomVR.PN)
                    {
                        _ = dataset.GetPersonName(value.Tag);
                    }
                    else if (value.VR == DicomVR.DA)
                    {
                        _ = dataset.TryGetDate(value.Tag, out _);
                    }
                    else if (value.VR == DicomVR.DS || value.VR == DicomVR.IS)
                    {
                        _ = dataset.TryGetDouble(value.Tag, out _);
                    }

                    break;
                case DicomValueElement value when value.Buffer.IsInMemory:
                    _ = dataset.TryGetInt64(value.Tag, out _);
                    break;
                default:
                    break;
            }
        }
    }

    private static (byte[] Bytes, string Description, string Mode) Mutate(List<(string Name, byte[] Bytes)> corpus, long caseSeed)
    {
        var rng = new Random((int)(caseSeed ^ (caseSeed >> 32)));
        var (name, original) = corpus[rng.Next(corpus.Count)];
        var bytes = new List<byte>(original);
        var description = new StringBuilder(name);
        var count = rng.Next(1, 5);
        for (var m = 0; m < count; m++)
        {
            switch (rng.Next(8))
            {
                case 0:
                    {
                        var flips = rng.Next(1, 9);
                        for (var i = 0; i < flips && bytes.Count > 0; i++)
                        {
                            var at = rng.Next(bytes.Count);
                            bytes[at] ^= (byte)(1 << rng.Next(8));
                        }

                        description.Append(CultureInfo.InvariantCulture, $"; {flips} bit flips");
                        break;
                    }

                case 1:
                    {
                        var at = rng.Next(bytes.Count + 1);
                        bytes.RemoveRange(at, bytes.Count - at);
                        description.Append(CultureInfo.InvariantCulture, $"; truncated at {at}");
                        break;
                    }

                case 2:
                    {
                        var at = rng.Next(bytes.Count + 1);
                        var insert = new byte[rng.Next(1, 17)];
                        rng.NextBytes(insert);
                        bytes.InsertRange(at, insert);
                        description.Append(CultureInfo.InvariantCulture, $"; {insert.Length} bytes inserted at {at}");
                        break;
                    }

                case 3:
                    {
                        var at = rng.Next(bytes.Count + 1);
                        var n = Math.Min(rng.Next(1, 17), bytes.Count - at);
                        bytes.RemoveRange(at, n);
                        description.Append(CultureInfo.InvariantCulture, $"; {n} bytes deleted at {at}");
                        break;
                    }

                case 4:
                case 5:
                    description.Append("; ").Append(HugeLength(bytes, rng));
                    break;
                case 6:
                    {
                        uint[] interesting = [0, 1, 0xFF, 0xFFFF, 0x7FFF, 0x8000, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD];
                        var value = interesting[rng.Next(interesting.Length)];
                        var at = bytes.Count >= 4 ? rng.Next(bytes.Count - 3) : 0;
                        for (var i = 0; i < 4 && at + i < bytes.Count; i++)
                        {
                            bytes[at + i] = (byte)(value >> (8 * i));
                        }

                        description.Append(CultureInfo.InvariantCulture, $"; 0x{value:X8} written at {at}");
                        break;
                    }

                default:
                    {
                        var (otherName, other) = corpus[rng.Next(corpus.Count)];
                        var from = rng.Next(other.Length);
                        var n = Math.Min(rng.Next(1, 257), other.Length - from);
                        var at = rng.Next(bytes.Count + 1);
                        bytes.InsertRange(at, other.AsSpan(from, n).ToArray());
                        description.Append(CultureInfo.InvariantCulture, $"; {n} bytes of {otherName}@{from} spliced in at {at}");
                        break;
                    }
            }
        }

        string[] modes = ["memory", "file", "memory-header", "file-header"];
        return (bytes.ToArray(), description.ToString(), modes[rng.Next(modes.Length)]);
    }

    /// <summary>Finds an explicit VR element header (two capital letters forming a VR) and sets its length to a huge value.</summary>
    private static string HugeLength(List<byte> bytes, Random rng)
    {
        for (var attempt = 0; attempt < 64 && bytes.Count > 12; attempt++)
        {
            var at = rng.Next(4, bytes.Count - 8);
            var vr = Encoding.ASCII.GetString([bytes[at], bytes[at + 1]]);
            if (Array.IndexOf(VRs, vr) < 0)
            {
                continue;
            }

            var longForm = vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV";
            if (longForm)
            {
                uint[] huge = [0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFF0, 0x7FFFFFFF, 0x80000000, (uint)rng.Next(1 << 20, int.MaxValue)];
                var value = huge[rng.Next(huge.Length)];
                Span<byte> le = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(le, value);
                for (var i = 0; i < 4; i++)
                {
                    bytes[at + 4 + i] = le[i];
                }

                return string.Create(CultureInfo.InvariantCulture, $"length of {vr} at {at - 4} set to 0x{value:X8}");
            }

            var shortValue = (ushort)(rng.Next(2) == 0 ? 0xFFFF : rng.Next(0x8000, 0xFFFF));
            bytes[at + 2] = (byte)shortValue;
            bytes[at + 3] = (byte)(shortValue >> 8);
            return string.Create(CultureInfo.InvariantCulture, $"length of {vr} at {at - 4} set to 0x{shortValue:X4}");
        }

        // Implicit VR data: a 4-byte length right after some tag.
        var pos = bytes.Count > 8 ? rng.Next(bytes.Count - 4) & ~1 : 0;
        var big = (uint)rng.Next(1 << 24, int.MaxValue) * 2u;
        for (var i = 0; i < 4 && pos + i < bytes.Count; i++)
        {
            bytes[pos + i] = (byte)(big >> (8 * i));
        }

        return string.Create(CultureInfo.InvariantCulture, $"0x{big:X8} written at {pos} (implicit length)");
    }

    private static List<(string Name, byte[] Bytes)> LoadCorpus(string? folder)
    {
        var corpus = new List<(string, byte[])>();
        for (var s = 0; s < 3; s++)
        {
            var ids = new SyntheticStudies.StudyIds(s, deterministic: true);
            var dataset = SyntheticStudies.CreateCtImage(ids, s, 16, 16, frames: s + 1, SyntheticStudies.PixelPattern(16, 16, s + 1, s));
            foreach (var syntax in new[] { TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian, TransferSyntax.DeflatedExplicitVRLittleEndian })
            {
                using var stream = new MemoryStream();
                DicomFileWriter.Write(new DicomFile(dataset, syntax), stream, syntax);
                corpus.Add(($"synthetic{s + 1}-{syntax.Uid}", stream.ToArray()));
            }
        }

        if (folder != null)
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (new FileInfo(path).Length is > 132 and <= 4 * 1024 * 1024)
                {
                    corpus.Add((Path.GetRelativePath(folder, path), File.ReadAllBytes(path)));
                }
            }
        }

        return corpus;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static string Where(Exception ex)
    {
        var frame = new StackTrace(ex, fNeedFileInfo: true).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Dokuei.Dicom", StringComparison.Ordinal) == true);
        return frame == null ? "?" : $"{frame.GetMethod()?.DeclaringType?.Name}.{frame.GetMethod()?.Name}:{frame.GetFileLineNumber()}";
    }
}
