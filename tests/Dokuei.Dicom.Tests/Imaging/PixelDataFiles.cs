using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Tests.Imaging;

/// <summary>Synthetic images written to a temporary folder and read back with values left in the file.</summary>
internal sealed class PixelDataFiles : IDisposable
{
    // Values are left in the file only when too long to buffer; both limits are low enough here for the pixel data and fragments of these small images.
    public static readonly DicomReaderOptions LeaveInFile = new() { MaxBufferedValueLength = 16, LeaveInFileThreshold = 16 };

    private readonly string _folder = Directory.CreateTempSubdirectory("dokuei-pixel-").FullName;

    public string NewPath() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".dcm");

    public DicomFile WriteAndOpen(DicomDataset dataset, TransferSyntax transferSyntax)
    {
        var path = NewPath();
        DicomFileWriter.Write(new DicomFile(dataset, transferSyntax), path);
        return DicomFile.Open(path, LeaveInFile);
    }

    /// <summary>
    /// Writes and reopens encapsulated data, then moves its fragments into a side file so that they are read from disk.
    /// The reader cannot yet leave fragments in the file itself: a fragment read in chunks ends with a ValueEnd token
    /// whose IsFragment is false (DicomReader.ReadChunk resets it in Start), and the builder then fails with
    /// "Not inside a dataset" (see <see cref="EncapsulatedPixelDataTests.Fragments_left_in_the_file_by_the_reader_are_read_as_frames"/>).
    /// </summary>
    public DicomFile WriteAndOpenWithFragmentsInFile(DicomDataset dataset, TransferSyntax transferSyntax)
    {
        var path = NewPath();
        DicomFileWriter.Write(new DicomFile(dataset, transferSyntax), path);
        var file = DicomFile.Open(path);
        var read = (DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!;
        var side = NewPath();
        var inFile = new List<DicomBuffer>();
        using (var stream = File.Create(side))
        {
            foreach (var fragment in read.Fragments)
            {
                inFile.Add(new FileDicomBuffer(side, stream.Position, fragment.Length, 1));
                fragment.CopyTo(stream);
            }
        }

        file.Dataset.Set(new DicomFragmentSequence(read.Tag, read.VR, read.BasicOffsetTable, inFile));
        return file;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static DicomDataset Image(int rows, int columns, int frames, int bitsAllocated, int samplesPerPixel = 1, string photometric = "MONOCHROME2", int planarConfiguration = 0)
    {
        var dataset = new DicomDataset();
        dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7.1");
        dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.10.999.7." + Environment.TickCount64);
        dataset.SetUInt16(DicomTag.SamplesPerPixel, (ushort)samplesPerPixel);
        dataset.SetString(DicomTag.PhotometricInterpretation, DicomVR.CS, photometric);
        if (samplesPerPixel > 1)
        {
            dataset.SetUInt16(DicomTag.PlanarConfiguration, (ushort)planarConfiguration);
        }

        dataset.SetString(DicomTag.NumberOfFrames, DicomVR.IS, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        dataset.SetUInt16(DicomTag.Rows, (ushort)rows);
        dataset.SetUInt16(DicomTag.Columns, (ushort)columns);
        dataset.SetUInt16(DicomTag.BitsAllocated, (ushort)bitsAllocated);
        dataset.SetUInt16(DicomTag.BitsStored, (ushort)bitsAllocated);
        dataset.SetUInt16(DicomTag.HighBit, (ushort)(bitsAllocated - 1));
        dataset.SetUInt16(DicomTag.PixelRepresentation, 0);
        return dataset;
    }

    /// <summary>Bytes that differ per frame and per position, so a frame read from the wrong place shows.</summary>
    public static byte[] Pattern(int length, int seed) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed * 31 + (i >> 8)))];

    /// <summary>A fake codestream: a start marker, then bytes particular to the seed.</summary>
    public static byte[] Codestream(byte marker, int length, int seed)
    {
        var bytes = Pattern(length, seed);
        bytes[0] = 0xFF;
        bytes[1] = marker;
        for (var i = 2; i < bytes.Length; i++)
        {
            // Keep 0xFF out of the body so no fragment start looks like a marker by accident.
            bytes[i] = (byte)(bytes[i] % 0xF0);
        }

        return bytes;
    }

    public static DicomDataset Encapsulated(int frames, byte[] basicOffsetTable, IEnumerable<byte[]> fragments)
    {
        var dataset = Image(16, 16, frames, 8);
        dataset.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.FromMemory(basicOffsetTable), fragments.Select(f => DicomBuffer.FromMemory(f))));
        return dataset;
    }

    public static byte[] Padded(byte[] bytes) => bytes.Length % 2 == 0 ? bytes : [.. bytes, 0];
}
