using System.Buffers;
using System.IO.Compression;
using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Network;

/// <summary>Small datasets of DIMSE messages (identifiers, event reports) to and from bytes in a presentation context's transfer syntax.</summary>
public static class DimseDatasets
{
    /// <summary>Parses dataset bytes (no file meta information) encoded in <paramref name="transferSyntax"/>.</summary>
    public static DicomDataset Parse(ReadOnlySequence<byte> data, TransferSyntax transferSyntax)
    {
        if (transferSyntax.IsDeflated)
        {
            using var inflated = new MemoryStream();
            using (var deflate = new DeflateStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress))
            {
                deflate.CopyTo(inflated);
            }

            return Parse(new ReadOnlySequence<byte>(inflated.ToArray()), TransferSyntax.ExplicitVRLittleEndian);
        }

        var dataset = new DicomDataset();
        var options = DicomReaderOptions.Default with { MaxTotalAllocation = DicomReceivedMessage.MaxInMemoryDataset };
        var state = new DicomReaderState(transferSyntax.IsExplicitVR, transferSyntax.IsBigEndian, 0, options);
        var builder = new DicomDatasetBuilder(dataset, options, null, transferSyntax.IsBigEndian, state.Warnings, null);
        var reader = new DicomReader(data, isFinalBlock: true, state);
        while (reader.Read())
        {
            builder.Handle(ref reader);
        }

        builder.Complete();
        return dataset;
    }

    /// <summary>Encodes a dataset in a transfer syntax (deflated if the syntax says so).</summary>
    public static byte[] Encode(DicomDataset dataset, TransferSyntax transferSyntax)
    {
        using var stream = new MemoryStream();
        if (transferSyntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, CompressionLevel.Fastest, leaveOpen: true);
            new DicomDatasetWriter(transferSyntax, preserveEncoding: false).Write(dataset, deflate);
        }
        else
        {
            new DicomDatasetWriter(transferSyntax, preserveEncoding: false).Write(dataset, stream);
        }

        return stream.ToArray();
    }
}
