namespace Dokuei.Dicom;

/// <summary>How a file began before its dataset.</summary>
public enum DicomFilePrefix
{
    /// <summary>128-byte preamble, "DICM", file meta information (PS3.10 section 7).</summary>
    PreambleAndMeta,

    /// <summary>"DICM" and file meta information without the preamble (a vendor fault).</summary>
    MagicAndMeta,

    /// <summary>File meta information without preamble or "DICM" (a vendor fault).</summary>
    MetaOnly,

    /// <summary>A bare dataset (ACR-NEMA style, or a dataset saved without Part 10 framing).</summary>
    None,
}

/// <summary>A DICOM file (PS3.10): preamble, file meta information and the dataset, as read or to be written.</summary>
public sealed class DicomFile
{
    /// <summary>Creates a file around a dataset; the file meta information is filled in when written.</summary>
    public DicomFile(DicomDataset dataset, TransferSyntax transferSyntax)
    {
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        FileMetaInformation = new DicomDataset();
    }

    internal DicomFile(DicomDataset meta, DicomDataset dataset, TransferSyntax transferSyntax)
    {
        FileMetaInformation = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    /// <summary>The 128-byte preamble (usually zeros; null if the file had none).</summary>
    public byte[]? Preamble { get; set; }

    /// <summary>How the file began.</summary>
    public DicomFilePrefix Prefix { get; set; } = DicomFilePrefix.PreambleAndMeta;

    /// <summary>File meta information, group 0002.</summary>
    public DicomDataset FileMetaInformation { get; }

    /// <summary>The dataset.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the dataset was read in (or is to be written in).</summary>
    public TransferSyntax TransferSyntax { get; set; }

    /// <summary>Faults tolerated while reading, each with its offset and attribute path.</summary>
    public IReadOnlyList<DicomParseWarning> Warnings { get; internal set; } = [];

    /// <summary>The file this was read from, if any; large values may still be read from it on demand.</summary>
    public string? SourcePath { get; internal set; }

    /// <summary>True if reading stopped early (<see cref="IO.DicomReaderOptions.StopAtTag"/>); the dataset is then incomplete.</summary>
    public bool IsPartial { get; internal set; }

    /// <summary>Bytes after the last element too few to form one (kept to write the file back unchanged).</summary>
    internal ReadOnlyMemory<byte> TrailingBytes { get; set; }

    /// <summary>The deflated bytes as they were in the file, reused when an unchanged deflated dataset is written back.</summary>
    internal DicomBuffer? OriginalDeflatedBytes { get; set; }

    /// <summary>Transfer syntax the dataset was read in; writing in it preserves the original encoding.</summary>
    internal TransferSyntax? SourceTransferSyntax { get; set; }

    /// <summary>Reads a file; see <see cref="IO.DicomFileReader"/>.</summary>
    public static DicomFile Open(string path, IO.DicomReaderOptions? options = null) => IO.DicomFileReader.Read(path, options);

    /// <summary>Reads a file asynchronously; see <see cref="IO.DicomFileReader"/>.</summary>
    public static Task<DicomFile> OpenAsync(string path, IO.DicomReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        IO.DicomFileReader.ReadAsync(path, options, cancellationToken);
}
