using System.Buffers.Binary;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Tests.TestSupport;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>
/// Seeded random damage to valid files: whatever the bytes, reading ends in a dataset or a <see cref="DicomParseException"/>,
/// never another exception, a hang, or unbounded memory.
/// </summary>
public class FuzzTests
{
    private const int MutationsPerSeed = 400;
    private const long AllocationLimit = 64L << 20;

    private static readonly DicomReaderOptions Options = new() { MaxTotalAllocation = AllocationLimit, MaxBufferedValueLength = 4096 };

    public static TheoryData<string> Seeds() =>
    [
        "synthetic-explicit", "synthetic-implicit", "synthetic-big", "synthetic-deflated", "synthetic-encapsulated",
        "test_files/CT_small.dcm", "test_files/UN_sequence.dcm", "test_files/dicomdirtests/DICOMDIR",
    ];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Damaged_files_give_a_dataset_or_a_parse_error(string seed)
    {
        var original = Seed(seed);
        var random = new Random(seed.Length * 7919 + original.Length);
        var failures = new List<string>();
        for (var i = 0; i < MutationsPerSeed; i++)
        {
            var (mutated, how) = Mutate(original, random);
            // Counted on the parsing thread (the work is synchronous): the tests running in parallel do not add to it.
            var parse = Task.Run(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var error = ParseAndWrite(mutated);
                return (Error: error, Allocated: GC.GetAllocatedBytesForCurrentThread() - before);
            });
            if (await Task.WhenAny(parse, Task.Delay(TimeSpan.FromSeconds(5))) != parse)
            {
                failures.Add($"#{i} {how}: no result after 5 s");
                break;
            }

            var (parseError, allocated) = await parse;
            if (allocated > 4 * AllocationLimit)
            {
                failures.Add($"#{i} {how}: allocated {allocated} bytes");
            }

            if (parseError is { } error)
            {
                failures.Add($"#{i} {how}: {error}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures, e.g.:\n" + string.Join('\n', failures.Take(10)));
    }

    /// <summary>Reads the bytes; a file that reads must also write. Returns what went wrong, or null.</summary>
    internal static string? ParseAndWrite(byte[] bytes)
    {
        try
        {
            var file = DicomFiles.Read(bytes, Options);
            DicomFiles.Write(file);
            return null;
        }
        catch (DicomParseException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message + " " + ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Dokuei", StringComparison.Ordinal))?.Trim();
        }
    }

    private static byte[] Seed(string name) => name switch
    {
        "synthetic-explicit" => DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.AllVRs(SyntheticPixels.Native), TransferSyntax.ExplicitVRLittleEndian)),
        "synthetic-implicit" => DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.AllVRs(SyntheticPixels.Native), TransferSyntax.ImplicitVRLittleEndian)),
        "synthetic-big" => DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.AllVRs(SyntheticPixels.Native), TransferSyntax.ExplicitVRBigEndian)),
        "synthetic-deflated" => DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.Small(), TransferSyntax.DeflatedExplicitVRLittleEndian)),
        "synthetic-encapsulated" => DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.AllVRs(SyntheticPixels.Encapsulated), TransferSyntax.JpegBaseline8Bit)),
        _ => File.ReadAllBytes(DebianDicomFiles.Pydicom(name)),
    };

    private static (byte[] Bytes, string How) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var at = random.Next(128, bytes.Length);
        switch (random.Next(6))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return (bytes, $"bit flip at {at}");
            case 1:
                bytes[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                return (bytes, $"byte {bytes[at]:X2} at {at}");
            case 2:
                return (bytes[..at], $"truncated at {at}");
            case 3:
                {
                    var inserted = new byte[random.Next(1, 9)];
                    random.NextBytes(inserted);
                    return ([.. bytes[..at], .. inserted, .. bytes[at..]], $"{inserted.Length} bytes inserted at {at}");
                }

            case 4:
                {
                    // A 32-bit length field (or anything 4 bytes long) set to a huge or undefined value.
                    var position = Math.Min(at - at % 2, bytes.Length - 4);
                    var value = random.Next(3) switch { 0 => 0xFFFFFFFFu, 1 => 0xFFFFFFF0u, _ => (uint)random.Next(1 << 20, int.MaxValue) };
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(position), value);
                    return (bytes, $"uint32 {value:X8} at {position}");
                }

            default:
                {
                    var position = Math.Min(at - at % 2, bytes.Length - 2);
                    bytes[position] = 0xFF;
                    bytes[position + 1] = 0xFF;
                    return (bytes, $"uint16 FFFF at {position}");
                }
        }
    }
}
