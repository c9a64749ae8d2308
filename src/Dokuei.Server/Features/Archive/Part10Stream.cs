using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Server.Features.Archive;

/// <summary>
/// A DICOM Part 10 stream made of a file meta header and a dataset that arrives as a stream (a C-STORE's data set in
/// its negotiated transfer syntax), so DIMSE ingest takes the same path as STOW-RS without copying the dataset first.
/// </summary>
internal sealed class Part10Stream : Stream
{
    private readonly MemoryStream _header;
    private readonly Stream _dataset;

    public Part10Stream(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, Stream dataset)
    {
        var file = new DicomFile(new DicomDataset(), TransferSyntax.Lookup(transferSyntaxUid));
        file.FileMetaInformation.SetString(new DicomTag(0x00020002), DicomVR.UI, sopClassUid);
        file.FileMetaInformation.SetString(new DicomTag(0x00020003), DicomVR.UI, sopInstanceUid);
        _header = new MemoryStream();
        DicomFileWriter.Write(file, _header);
        _header.Position = 0;
        _dataset = dataset;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _header.Read(buffer);
        return read > 0 ? read : _dataset.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _header.Read(buffer.Span);
        return read > 0 ? read : await _dataset.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _header.Dispose();
        }

        base.Dispose(disposing);
    }
}
