using System.IO.Compression;
using System.Text;

namespace Dokuei.Dicom.IO;

/// <summary>
/// Writes DICOM files (PS3.10). A file read and not changed, written in the transfer syntax it was read in,
/// comes out byte for byte identical; any other transfer syntax re-encodes the dataset (not its compressed pixel data).
/// </summary>
public static class DicomFileWriter
{
    /// <summary>Dokuei's Implementation Class UID (0002,0012), a UUID-derived UID (PS3.5 Annex B.2).</summary>
    public const string ImplementationClassUid = "2.25.173176785455856058096588023440470769389";

    /// <summary>Dokuei's Implementation Version Name (0002,0013), at most 16 characters.</summary>
    public const string ImplementationVersionName = "DOKUEI_1";

    /// <summary>Writes a file to a path (via a temporary file in the same folder, then renamed, so a reader never sees half a file).</summary>
    public static void Write(DicomFile file, string path, TransferSyntax? transferSyntax = null)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                Write(file, stream, transferSyntax);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes a file to a stream, in <paramref name="transferSyntax"/> or the file's own.</summary>
    public static void Write(DicomFile file, Stream stream, TransferSyntax? transferSyntax = null)
    {
        var target = transferSyntax ?? file.TransferSyntax;
        if (target.IsEncapsulated != file.TransferSyntax.IsEncapsulated && file.Dataset[DicomTag.PixelDataTag] != null
            || target.IsEncapsulated && !Equals(target, file.TransferSyntax) && file.Dataset[DicomTag.PixelDataTag] != null)
        {
            throw new NotSupportedException($"Converting pixel data from {file.TransferSyntax.Name} to {target.Name} needs transcoding, which this writer does not do.");
        }

        var preserve = Equals(target, file.SourceTransferSyntax);
        var prefix = preserve ? file.Prefix : DicomFilePrefix.PreambleAndMeta;
        if (prefix == DicomFilePrefix.PreambleAndMeta)
        {
            stream.Write(file.Preamble is { Length: 128 } preamble ? preamble : new byte[128]);
        }

        if (prefix is DicomFilePrefix.PreambleAndMeta or DicomFilePrefix.MagicAndMeta)
        {
            stream.Write("DICM"u8);
        }

        if (prefix != DicomFilePrefix.None)
        {
            var meta = file.FileMetaInformation;
            if (!preserve || meta.HasChanges() || meta.Count == 0)
            {
                meta = BuildMeta(file, target);
            }

            new DicomDatasetWriter(TransferSyntax.ExplicitVRLittleEndian, preserveEncoding: preserve && meta == file.FileMetaInformation).Write(meta, stream);
        }

        if (target.IsDeflated)
        {
            if (preserve && file.OriginalDeflatedBytes != null && !file.Dataset.HasChanges())
            {
                file.OriginalDeflatedBytes.CopyTo(stream);
                return;
            }

            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            new DicomDatasetWriter(target, preserve).Write(file.Dataset, deflate);
            return;
        }

        new DicomDatasetWriter(target, preserve).Write(file.Dataset, stream);
        if (preserve && !file.TrailingBytes.IsEmpty)
        {
            stream.Write(file.TrailingBytes.Span);
        }
    }

    /// <summary>The file meta information for writing in <paramref name="target"/>: the file's own, updated, with a correct group length.</summary>
    private static DicomDataset BuildMeta(DicomFile file, TransferSyntax target)
    {
        var meta = file.FileMetaInformation.Clone();
        meta.RemoveAll(e => e.Tag.Group != 0x0002);
        meta.Remove(new DicomTag(0x00020000));
        if (!meta.Contains(new DicomTag(0x00020001)))
        {
            meta.SetBytes(new DicomTag(0x00020001), DicomVR.OB, new byte[] { 0, 1 });
        }

        CopyUid(file.Dataset, meta, new DicomTag(0x00080016), new DicomTag(0x00020002));
        CopyUid(file.Dataset, meta, new DicomTag(0x00080018), new DicomTag(0x00020003));
        meta.SetString(DicomTag.TransferSyntaxUidTag, DicomVR.UI, target.Uid);
        if (!meta.Contains(new DicomTag(0x00020012)))
        {
            meta.SetString(new DicomTag(0x00020012), DicomVR.UI, ImplementationClassUid);
            meta.SetString(new DicomTag(0x00020013), DicomVR.SH, ImplementationVersionName);
        }

        var length = new DicomDatasetWriter(TransferSyntax.ExplicitVRLittleEndian, preserveEncoding: false).Measure(meta);
        meta.SetUInt32(new DicomTag(0x00020000), checked((uint)length));
        return meta;
    }

    private static void CopyUid(DicomDataset dataset, DicomDataset meta, DicomTag from, DicomTag to)
    {
        if (meta.Contains(to))
        {
            return;
        }

        if (dataset.GetString(from) is { Length: > 0 } uid)
        {
            meta.SetBytes(to, DicomVR.UI, PadUid(uid));
        }
    }

    private static byte[] PadUid(string uid)
    {
        var bytes = Encoding.ASCII.GetBytes(uid);
        return bytes.Length % 2 == 0 ? bytes : [.. bytes, 0];
    }
}
