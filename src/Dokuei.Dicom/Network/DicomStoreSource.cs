using System.Buffers.Binary;
using System.Text;
using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Network;

/// <summary>
/// An instance to send with C-STORE, read from a file without loading it: the SOP class, instance and transfer syntax come from the
/// file meta information, and the dataset bytes are streamed from where they start in the file.
/// </summary>
public sealed class DicomStoreSource
{
    private DicomStoreSource(string path, string sopClassUid, string sopInstanceUid, TransferSyntax transferSyntax, long datasetOffset)
    {
        Path = path;
        SopClassUid = sopClassUid;
        SopInstanceUid = sopInstanceUid;
        TransferSyntax = transferSyntax;
        DatasetOffset = datasetOffset;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>SOP Class UID.</summary>
    public string SopClassUid { get; }

    /// <summary>SOP Instance UID.</summary>
    public string SopInstanceUid { get; }

    /// <summary>The transfer syntax the dataset is encoded in.</summary>
    public TransferSyntax TransferSyntax { get; }

    /// <summary>Where the dataset begins in the file (after the file meta information).</summary>
    public long DatasetOffset { get; }

    /// <summary>Bytes of the dataset.</summary>
    public long DatasetLength => new FileInfo(Path).Length - DatasetOffset;

    /// <summary>Reads what is needed to send a file: the file meta information (Part 10 files) or the first elements (bare datasets).</summary>
    public static async Task<DicomStoreSource> FromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var head = new byte[64 * 1024];
        int length;
        // Read synchronously: from the page cache that is a copy, while an asynchronous file read on Unix is a thread-pool hop.
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            length = 0;
            int read;
            while (length < head.Length && (read = RandomAccess.Read(handle, head.AsSpan(length), length)) > 0)
            {
                length += read;
            }
        }

        var ts = "";
        long offset = 0;
        var streamable = length > 132 && head.AsSpan(128, 4).SequenceEqual("DICM"u8) && TryReadMeta(head.AsSpan(0, length), out _, out _, out ts, out offset) && ts.Length > 0;

        // The command must carry the dataset's own UIDs (peers check them against the dataset), which the meta information may contradict.
        // They are near the start of the dataset: read from the bytes already in hand when possible.
        string? cls = null, inst = null;
        DicomFile? file = null;
        if (streamable && TransferSyntax.Lookup(ts) is { IsDeflated: false } syntax && TryReadUids(head.AsMemory((int)offset, length - (int)offset), syntax, length < head.Length, out var c0, out var i0))
        {
            (cls, inst) = (c0, i0);
        }
        else
        {
            file = await DicomFileReader.ReadAsync(path, DicomReaderOptions.Default with { StopAtTag = new DicomTag(0x00080019) }, cancellationToken).ConfigureAwait(false);
            cls = file.Dataset.GetString(DicomTag.SOPClassUID) is { Length: > 0 } c ? c : file.FileMetaInformation.GetString(new DicomTag(0x00020002));
            inst = file.Dataset.GetString(DicomTag.SOPInstanceUID) is { Length: > 0 } i ? i : file.FileMetaInformation.GetString(new DicomTag(0x00020003));
        }

        if (streamable && !string.IsNullOrEmpty(cls) && !string.IsNullOrEmpty(inst))
        {
            return new DicomStoreSource(path, cls, inst, TransferSyntax.Lookup(ts), offset);
        }

        if (string.IsNullOrEmpty(cls) || string.IsNullOrEmpty(inst))
        {
            throw new DicomParseException("no SOP Class UID or SOP Instance UID: cannot be sent with C-STORE", 0, "");
        }

        file ??= await DicomFileReader.ReadAsync(path, DicomReaderOptions.Default with { StopAtTag = new DicomTag(0x00080019) }, cancellationToken).ConfigureAwait(false);
        if (file.Prefix != DicomFilePrefix.None)
        {
            throw new DicomParseException("the file meta information is not in the form this sender streams (preamble, \"DICM\", group 0002 within 64 kB)", 0, "");
        }

        return new DicomStoreSource(path, cls, inst, file.TransferSyntax, 0);
    }

    /// <summary>Opens the dataset bytes as they are in the file (for a context with the file's own transfer syntax).</summary>
    public Stream OpenDataset()
    {
        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.Position = DatasetOffset;
        return stream;
    }

    /// <summary>
    /// Opens the dataset encoded in <paramref name="target"/>: the file's bytes if it is the file's syntax, else the dataset re-encoded
    /// (uncompressed syntaxes only) into a temporary file, so memory stays bounded for large instances.
    /// </summary>
    public async Task<Stream> OpenDatasetAsync(TransferSyntax target, CancellationToken cancellationToken = default)
    {
        if (target.Equals(TransferSyntax))
        {
            return OpenDataset();
        }

        if (TransferSyntax.IsEncapsulated || target.IsEncapsulated)
        {
            throw new NotSupportedException($"{Path}: converting {TransferSyntax.Name} to {target.Name} needs transcoding of pixel data");
        }

        var file = await DicomFileReader.ReadAsync(Path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var temp = new FileStream(System.IO.Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        DicomNetworkFiles.WriteDataset(file.Dataset, target, temp);
        temp.Position = 0;
        return temp;
    }

    /// <summary>Walks group 0002 (explicit VR little endian) after "DICM"; true if it ends within the buffer.</summary>
    private static bool TryReadMeta(ReadOnlySpan<byte> head, out string sopClass, out string sopInstance, out string transferSyntax, out long datasetOffset)
    {
        sopClass = sopInstance = transferSyntax = "";
        datasetOffset = 0;
        var position = 132;
        while (position + 8 <= head.Length)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(head[position..]);
            if (group != 0x0002)
            {
                datasetOffset = position;
                return true;
            }

            var element = BinaryPrimitives.ReadUInt16LittleEndian(head[(position + 2)..]);
            var vr0 = head[position + 4];
            var vr1 = head[position + 5];
            int valueLength;
            int headerLength;
            if (IsLongVR(vr0, vr1))
            {
                if (position + 12 > head.Length)
                {
                    return false;
                }

                valueLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(head[(position + 8)..]), int.MaxValue);
                headerLength = 12;
            }
            else
            {
                valueLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(position + 6)..]);
                headerLength = 8;
            }

            if (position + headerLength + valueLength > head.Length)
            {
                return false;
            }

            var value = head.Slice(position + headerLength, valueLength);
            switch (element)
            {
                case 0x0002:
                    sopClass = Text(value);
                    break;
                case 0x0003:
                    sopInstance = Text(value);
                    break;
                case 0x0010:
                    transferSyntax = Text(value);
                    break;
            }

            position += headerLength + valueLength;
        }

        return false;
    }

    /// <summary>SOP Class and Instance UIDs from the first bytes of a dataset; false if they are not both within those bytes.</summary>
    private static bool TryReadUids(ReadOnlyMemory<byte> data, TransferSyntax syntax, bool wholeFile, out string sopClass, out string sopInstance)
    {
        sopClass = sopInstance = "";
        var options = DicomReaderOptions.Default with { StopAtTag = new DicomTag(0x00080019) };
        var dataset = new DicomDataset();
        var state = new DicomReaderState(syntax.IsExplicitVR, syntax.IsBigEndian, 0, options);
        var builder = new DicomDatasetBuilder(dataset, options, null, syntax.IsBigEndian, state.Warnings, null);
        var reader = new DicomReader(new System.Buffers.ReadOnlySequence<byte>(data), wholeFile, state);
        var stopped = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == DicomTokenType.Stopped)
                {
                    stopped = true;
                    break;
                }

                builder.Handle(ref reader);
            }
        }
        catch (DicomParseException)
        {
            return false;
        }

        if (!stopped && !wholeFile)
        {
            return false;
        }

        sopClass = dataset.GetString(DicomTag.SOPClassUID) ?? "";
        sopInstance = dataset.GetString(DicomTag.SOPInstanceUID) ?? "";
        return sopClass.Length > 0 && sopInstance.Length > 0;
    }

    /// <summary>VRs with a reserved field and a 4-byte length in explicit VR (PS3.5 Table 7.1-1).</summary>
    private static bool IsLongVR(byte a, byte b) => (char)a switch
    {
        'O' => b is (byte)'B' or (byte)'D' or (byte)'F' or (byte)'L' or (byte)'V' or (byte)'W',
        'S' => b is (byte)'Q' or (byte)'V',
        'U' => b is (byte)'C' or (byte)'N' or (byte)'R' or (byte)'T' or (byte)'V',
        _ => false,
    };

    private static string Text(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
}
