using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Network;

/// <summary>Part 10 framing for instances received over the network: the file meta information is built from the C-STORE command and context.</summary>
public static class DicomNetworkFiles
{
    /// <summary>
    /// Writes the 128-byte preamble, "DICM" and the file meta information (PS3.10 7.1) for an instance received with C-STORE;
    /// the dataset bytes, as received, follow.
    /// </summary>
    public static void WriteHeader(Stream stream, string sopClassUid, string sopInstanceUid, TransferSyntax transferSyntax, string? sourceAeTitle)
    {
        var meta = new DicomDataset();
        meta.SetBytes(new DicomTag(0x00020001), DicomVR.OB, new byte[] { 0, 1 });
        meta.SetString(new DicomTag(0x00020002), DicomVR.UI, sopClassUid);
        meta.SetString(new DicomTag(0x00020003), DicomVR.UI, sopInstanceUid);
        meta.SetString(new DicomTag(0x00020010), DicomVR.UI, transferSyntax.Uid);
        meta.SetString(new DicomTag(0x00020012), DicomVR.UI, DicomFileWriter.ImplementationClassUid);
        meta.SetString(new DicomTag(0x00020013), DicomVR.SH, DicomFileWriter.ImplementationVersionName);
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            meta.SetString(new DicomTag(0x00020016), DicomVR.AE, sourceAeTitle);
        }

        var writer = new DicomDatasetWriter(TransferSyntax.ExplicitVRLittleEndian, preserveEncoding: false);
        var length = writer.Measure(meta);
        meta.SetUInt32(new DicomTag(0x00020000), checked((uint)length));
        Span<byte> preamble = stackalloc byte[128];
        preamble.Clear();
        stream.Write(preamble);
        stream.Write("DICM"u8);
        writer.Write(meta, stream);
    }

    /// <summary>Writes a dataset in a transfer syntax (deflating if the syntax says so), for sending.</summary>
    public static void WriteDataset(DicomDataset dataset, TransferSyntax transferSyntax, Stream stream)
    {
        if (transferSyntax.IsDeflated)
        {
            using var deflate = new System.IO.Compression.DeflateStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
            new DicomDatasetWriter(transferSyntax, preserveEncoding: false).Write(dataset, deflate);
            return;
        }

        new DicomDatasetWriter(transferSyntax, preserveEncoding: false).Write(dataset, stream);
    }
}
