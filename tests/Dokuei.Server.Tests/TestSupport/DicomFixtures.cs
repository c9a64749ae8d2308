using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Server.Tests.TestSupport;

/// <summary>Synthetic instances, made up in the test (never real patient data), as Part 10 bytes.</summary>
public static class DicomFixtures
{
    public const string JapaneseName = "Yamada^Tarou=山田^太郎=やまだ^たろう";

    public static string NewUid() => DicomUidGenerator.FromGuid(Guid.NewGuid());

    public sealed record Instance(string StudyUid, string SeriesUid, string SopUid, byte[] Bytes);

    /// <summary>A small secondary-capture image (4x4, 16 bit) with the given identifying attributes.</summary>
    public static Instance Create(
        string? studyUid = null,
        string? seriesUid = null,
        string? sopUid = null,
        string patientId = "SYNTH-1",
        string patientName = JapaneseName,
        string studyDate = "20240131",
        string studyTime = "101500",
        string modality = "OT",
        string accession = "ACC-1",
        int instanceNumber = 1,
        ushort pixelSeed = 0,
        int frames = 1)
    {
        studyUid ??= NewUid();
        seriesUid ??= NewUid();
        sopUid ??= NewUid();
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "", "ISO 2022 IR 87");
        ds.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(DicomTag.SOPInstanceUID, sopUid);
        ds.SetString(DicomTag.StudyDate, studyDate);
        ds.SetString(DicomTag.StudyTime, studyTime);
        ds.SetString(DicomTag.AccessionNumber, accession);
        ds.SetString(DicomTag.Modality, modality);
        ds.SetString(DicomTag.ReferringPhysicianName, "Suzuki^Hanako");
        ds.SetString(DicomTag.PatientName, patientName);
        ds.SetString(DicomTag.PatientID, patientId);
        ds.SetString(DicomTag.PatientBirthDate, "19700101");
        ds.SetString(DicomTag.PatientSex, "M");
        ds.SetString(DicomTag.StudyInstanceUID, studyUid);
        ds.SetString(DicomTag.SeriesInstanceUID, seriesUid);
        ds.SetString(DicomTag.StudyID, "S1");
        ds.SetString(DicomTag.SeriesNumber, "1");
        ds.SetString(DicomTag.InstanceNumber, instanceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetUInt16(DicomTag.SamplesPerPixel, 1);
        ds.SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        if (frames > 1)
        {
            ds.SetString(DicomTag.NumberOfFrames, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        ds.SetUInt16(DicomTag.Rows, 4);
        ds.SetUInt16(DicomTag.Columns, 4);
        ds.SetUInt16(DicomTag.BitsAllocated, 16);
        ds.SetUInt16(DicomTag.BitsStored, 16);
        ds.SetUInt16(DicomTag.HighBit, 15);
        ds.SetUInt16(DicomTag.PixelRepresentation, 0);
        var pixels = new byte[16 * 2 * frames];
        for (var i = 0; i < pixels.Length / 2; i++)
        {
            pixels[2 * i] = (byte)(i + pixelSeed);
            pixels[(2 * i) + 1] = (byte)(i >> 8);
        }

        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        using var stream = new MemoryStream();
        DicomFileWriter.Write(new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian), stream);
        return new Instance(studyUid, seriesUid, sopUid, stream.ToArray());
    }
}
