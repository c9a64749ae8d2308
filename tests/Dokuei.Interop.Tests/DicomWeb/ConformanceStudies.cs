using System.Globalization;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Interop.Tests.DicomWeb;

/// <summary>One generated instance: its UIDs, its Part 10 bytes and the pixel data it carries (frames one after another).</summary>
internal sealed record GeneratedInstance(string StudyUid, string SeriesUid, string SopUid, byte[] Bytes, byte[] PixelData, int Frames)
{
    public int FrameLength => PixelData.Length / Frames;

    public ReadOnlySpan<byte> Frame(int number) => PixelData.AsSpan((number - 1) * FrameLength, FrameLength);
}

/// <summary>
/// Three synthetic studies made up here (never patient data) that give each QIDO matching rule a different answer:
/// A (Yamada, 2024-01-31, CT and OT, a multi-frame image among three instances), B (Suzuki with a Japanese name,
/// 2024-03-15, MR), C (Yamamoto, 2023-06-01, CT). Images are 32x32 16-bit, so pixel data (2 KiB a frame) is bulk data.
/// </summary>
internal sealed class ConformanceStudies
{
    public const string JapaneseName = "Suzuki^Ichirou=鈴木^一郎=すずき^いちろう";
    private const int Size = 32;

    public ConformanceStudies()
    {
        var a = NewUid();
        var ct = NewUid();
        var ot = NewUid();
        A1 = Create(a, ct, "Yamada^Tarou", "DWC-1", "20240131", "Chest CT", "CT", 1, 1, frames: 1, seed: 1);
        A2 = Create(a, ct, "Yamada^Tarou", "DWC-1", "20240131", "Chest CT", "CT", 1, 2, frames: 1, seed: 2);
        AMultiFrame = Create(a, ot, "Yamada^Tarou", "DWC-1", "20240131", "Chest CT", "OT", 2, 1, frames: 3, seed: 3);
        B = Create(NewUid(), NewUid(), JapaneseName, "DWC-2", "20240315", "Head MR", "MR", 1, 1, frames: 1, seed: 4);
        C = Create(NewUid(), NewUid(), "Yamamoto^Hanako", "DWC-3", "20230601", "Abdomen CT", "CT", 1, 1, frames: 1, seed: 5);
    }

    public GeneratedInstance A1 { get; }

    public GeneratedInstance A2 { get; }

    public GeneratedInstance AMultiFrame { get; }

    public GeneratedInstance B { get; }

    public GeneratedInstance C { get; }

    public IReadOnlyList<GeneratedInstance> All => [A1, A2, AMultiFrame, B, C];

    private static string NewUid() => DicomUidGenerator.FromGuid(Guid.NewGuid());

    private static GeneratedInstance Create(string study, string series, string patientName, string patientId, string studyDate,
        string description, string modality, int seriesNumber, int instanceNumber, int frames, int seed)
    {
        var sop = NewUid();
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "", "ISO 2022 IR 87");
        ds.SetString(DicomTag.SOPClassUID, frames > 1 ? DicomUids.MultiFrameGrayscaleWordSecondaryCaptureImageStorage : DicomUids.SecondaryCaptureImageStorage);
        ds.SetString(DicomTag.SOPInstanceUID, sop);
        ds.SetString(DicomTag.StudyDate, studyDate);
        ds.SetString(DicomTag.StudyTime, "093000");
        ds.SetString(DicomTag.AccessionNumber, "ACC-" + patientId);
        ds.SetString(DicomTag.Modality, modality);
        ds.SetString(DicomTag.ReferringPhysicianName, "Tanaka^Jirou");
        ds.SetString(DicomTag.StudyDescription, description);
        ds.SetString(DicomTag.SeriesDescription, modality + " series");
        ds.SetString(DicomTag.PatientName, patientName);
        ds.SetString(DicomTag.PatientID, patientId);
        ds.SetString(DicomTag.PatientBirthDate, "19700101");
        ds.SetString(DicomTag.PatientSex, "O");
        ds.SetString(DicomTag.StudyInstanceUID, study);
        ds.SetString(DicomTag.SeriesInstanceUID, series);
        ds.SetString(DicomTag.StudyID, "S1");
        ds.SetString(DicomTag.SeriesNumber, seriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetString(DicomTag.InstanceNumber, instanceNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetUInt16(DicomTag.SamplesPerPixel, 1);
        ds.SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        if (frames > 1)
        {
            ds.SetString(DicomTag.NumberOfFrames, frames.ToString(CultureInfo.InvariantCulture));
        }

        ds.SetUInt16(DicomTag.Rows, Size);
        ds.SetUInt16(DicomTag.Columns, Size);
        ds.SetUInt16(DicomTag.BitsAllocated, 16);
        ds.SetUInt16(DicomTag.BitsStored, 16);
        ds.SetUInt16(DicomTag.HighBit, 15);
        ds.SetUInt16(DicomTag.PixelRepresentation, 0);
        // Every frame different from the others and from every other instance's, so a wrong frame or instance shows.
        var pixels = new byte[Size * Size * 2 * frames];
        var random = new Random(seed);
        random.NextBytes(pixels);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        using var stream = new MemoryStream();
        DicomFileWriter.Write(new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian), stream);
        return new GeneratedInstance(study, series, sop, stream.ToArray(), pixels, frames);
    }
}
