using System.Buffers.Binary;
using System.Text;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Server.Tests.Hosting;

namespace Dokuei.Server.Tests.Network;

public sealed class DicomNetworkCommandsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dokuei-cli-net-" + Guid.NewGuid().ToString("N")[..8]);

    public DicomNetworkCommandsTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "in"));
        Directory.CreateDirectory(Path.Combine(_root, "out"));
    }

    private string In => Path.Combine(_root, "in");

    private string Out => Path.Combine(_root, "out");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Echo_to_listen_succeeds()
    {
        await using var listener = await DokueiListener.StartAsync("--out", Out, "--aet", "LISTENER");
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", listener.PortText, "--aec", "LISTENER");
        Assert.True(exit == 0, stderr);
        Assert.Contains("success", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_logs_the_association_on_stderr_only_when_verbose()
    {
        await using var listener = await DokueiListener.StartAsync("--out", Out, "--aet", "LISTENER");
        var (quietExit, _, quiet) = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", listener.PortText, "--aec", "LISTENER");
        var (verboseExit, _, verbose) = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", listener.PortText, "--aec", "LISTENER", "--verbose");

        Assert.True(quietExit == 0, quiet);
        Assert.True(verboseExit == 0, verbose);
        Assert.DoesNotContain("info:", quiet, StringComparison.Ordinal);
        Assert.Matches(@"info: Dokuei\.Dicom\.Network\.DicomAssociation\[3007\] Association \d+ with 127\.0\.0\.1:\d+ released", verbose);
    }

    [Fact]
    public async Task Echo_with_an_unknown_called_AE_title_says_the_association_was_rejected_and_exits_2()
    {
        await using var listener = await DokueiListener.StartAsync("--out", Out, "--aet", "LISTENER");
        var (exit, _, stderr) = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", listener.PortText, "--aec", "SOMEONE");
        Assert.Equal(2, exit);
        Assert.Contains("association rejected by SOMEONE", stderr, StringComparison.Ordinal);
        Assert.Contains("called AE title not recognized", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_to_a_closed_port_says_connection_refused_and_exits_2()
    {
        var number = FreePort.Next();
        var (exit, _, stderr) = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, exit);
        Assert.Contains("connection refused", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_sends_a_folder_to_listen_over_two_associations_and_the_files_arrive_named_by_SOP_Instance_UID()
    {
        var uids = Enumerable.Range(0, 12).Select(i => WriteInstance(Path.Combine(In, $"f{i}.dcm"), 1000 + i, i % 2 == 0 ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian)).ToList();
        File.WriteAllText(Path.Combine(In, "notes.txt"), "not DICOM");
        // Both sides agree on an asynchronous operations window: several C-STOREs in flight on each association.
        await using var listener = await DokueiListener.StartAsync("--out", Out, "--async-ops", "4");
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync("dicom", "store", "127.0.0.1", listener.PortText, In, "--associations", "2", "--aec", "DOKUEI", "--async-ops", "4");

        // The text file is counted as failed: the exit code says not everything was sent.
        Assert.Equal(1, exit);
        Assert.Contains("sent 12, failed 1", stdout, StringComparison.Ordinal);
        Assert.Contains("notes.txt", stderr, StringComparison.Ordinal);
        foreach (var uid in uids)
        {
            var received = Path.Combine(Out, uid + ".dcm");
            Assert.True(File.Exists(received), uid);
            Assert.Equal(uid, DicomFile.Open(received).Dataset.GetString(DicomTag.SOPInstanceUID));
        }
    }

    [Fact]
    public async Task Listen_receives_a_300_MB_instance_in_bounded_memory()
    {
        const int pixelBytes = 300 * 1024 * 1024;
        var uid = WriteInstance(Path.Combine(In, "big.dcm"), pixelBytes, TransferSyntax.ExplicitVRLittleEndian);
        await using var listener = await DokueiListener.StartAsync("--out", Out);
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync("dicom", "store", "127.0.0.1", listener.PortText, Path.Combine(In, "big.dcm"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("sent 1, failed 0", stdout, StringComparison.Ordinal);
        var received = Path.Combine(Out, uid + ".dcm");
        var sent = await DicomStoreSource.FromFileAsync(Path.Combine(In, "big.dcm"));
        var arrived = await DicomStoreSource.FromFileAsync(received);
        Assert.Equal(sent.DatasetLength, arrived.DatasetLength);

        // A listener that buffered the instance would hold at least its 300 MB; streaming keeps it near the runtime's own footprint.
        var peak = listener.PeakResidentBytes;
        Assert.True(peak < 200L * 1024 * 1024, $"listener peak resident memory {peak / 1024 / 1024} MB for a {pixelBytes / 1024 / 1024} MB instance");
    }

    /// <summary>Writes a Part 10 secondary capture instance with <paramref name="pixelBytes"/> of pixel data, streamed (never in memory whole).</summary>
    private static string WriteInstance(string path, int pixelBytes, TransferSyntax syntax)
    {
        var uid = DicomUidGenerator.FromGuid(Guid.NewGuid());
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        DicomNetworkFiles.WriteHeader(stream, DicomUids.SecondaryCaptureImageStorage, uid, syntax, null);
        WriteElement(stream, syntax, 0x00080016, "UI", Encoding.ASCII.GetBytes(Pad(DicomUids.SecondaryCaptureImageStorage, '\0')));
        WriteElement(stream, syntax, 0x00080018, "UI", Encoding.ASCII.GetBytes(Pad(uid, '\0')));
        WriteElement(stream, syntax, 0x00100010, "PN", Encoding.ASCII.GetBytes(Pad("Test^Network", ' ')));
        var length = pixelBytes + (pixelBytes & 1);
        WriteHeader(stream, syntax, 0x7FE00010, "OB", length);
        var chunk = new byte[1 << 20];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (byte)i;
        }

        for (var written = 0; written < length; written += chunk.Length)
        {
            stream.Write(chunk, 0, Math.Min(chunk.Length, length - written));
        }

        return uid;
    }

    private static string Pad(string value, char pad) => value.Length % 2 == 0 ? value : value + pad;

    private static void WriteElement(Stream stream, TransferSyntax syntax, uint tag, string vr, byte[] value)
    {
        WriteHeader(stream, syntax, tag, vr, value.Length);
        stream.Write(value);
    }

    private static void WriteHeader(Stream stream, TransferSyntax syntax, uint tag, string vr, int length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)tag);
        if (!syntax.IsExplicitVR)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)length);
            stream.Write(header[..8]);
        }
        else if (vr == "OB")
        {
            header[4] = (byte)'O';
            header[5] = (byte)'B';
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)length);
            stream.Write(header);
        }
        else
        {
            header[4] = (byte)vr[0];
            header[5] = (byte)vr[1];
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            stream.Write(header[..8]);
        }
    }
}
