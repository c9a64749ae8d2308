using Dokuei.Dicom;

namespace Dokuei.Interop.Tests;

/// <summary>Datasets built in code, for what the packaged files do not cover.</summary>
internal static class SyntheticDatasets
{
    /// <summary>The name of PS3.5 Annex H.3.1, in its three component groups.</summary>
    public const string JapaneseName = "Yamada^Tarou=山田^太郎=やまだ^たろう";

    /// <summary>
    /// A CT Image (PS3.3 A.3) with every module the IOD makes mandatory, the type 1 and 2 attributes filled in, a code
    /// sequence, and 16-bit pixel data; the Japanese name under <c>\ISO 2022 IR 87</c> (ISO 2022 escapes in PN).
    /// </summary>
    public static DicomFile CtImage()
    {
        var ds = new DicomDataset();

        // SOP Common
        ds.SetString(DicomTag.SpecificCharacterSet, "", "ISO 2022 IR 87");
        ds.SetString(DicomTag.SOPClassUID, DicomUids.CTImageStorage);
        ds.SetString(DicomTag.SOPInstanceUID, DicomUidGenerator.FromGuid(Guid.NewGuid()));
        ds.SetString(DicomTag.InstanceCreationDate, "20240315");
        ds.SetString(DicomTag.InstanceCreationTime, "101500");

        // Patient
        ds.SetString(DicomTag.PatientName, JapaneseName);
        ds.SetString(DicomTag.PatientID, "JP-0001");
        ds.SetString(DicomTag.PatientBirthDate, "19700101");
        ds.SetString(DicomTag.PatientSex, "M");

        // General Study
        ds.SetString(DicomTag.StudyInstanceUID, DicomUidGenerator.FromGuid(Guid.NewGuid()));
        ds.SetString(DicomTag.StudyDate, "20240315");
        ds.SetString(DicomTag.StudyTime, "101010.123");
        ds.SetString(DicomTag.ReferringPhysicianName, "Suzuki^Hanako=鈴木^花子=すずき^はなこ");
        ds.SetString(DicomTag.StudyID, "S1");
        ds.SetString(DicomTag.AccessionNumber, "A20240315");
        ds.SetString(DicomTag.StudyDescription, "胸部 CT");
        var code = new DicomDataset();
        code.SetString(DicomTag.CodeValue, "24627-2");
        code.SetString(DicomTag.CodingSchemeDesignator, "LN");
        code.SetString(DicomTag.CodeMeaning, "Chest CT");
        ds.SetSequence(DicomTag.ProcedureCodeSequence, code);

        // General Series
        ds.SetString(DicomTag.Modality, "CT");
        ds.SetString(DicomTag.SeriesInstanceUID, DicomUidGenerator.FromGuid(Guid.NewGuid()));
        ds.SetString(DicomTag.SeriesNumber, "1");
        ds.SetString(DicomTag.PatientPosition, "HFS");
        ds.SetString(DicomTag.BodyPartExamined, "CHEST"); // unpaired: Laterality (type 2C) absent

        // Frame of Reference
        ds.SetString(DicomTag.FrameOfReferenceUID, DicomUidGenerator.FromGuid(Guid.NewGuid()));
        ds.SetString(DicomTag.PositionReferenceIndicator, "");

        // General Equipment
        ds.SetString(DicomTag.Manufacturer, "Dokuei");

        // General Image, General Acquisition
        ds.SetString(DicomTag.InstanceNumber, "1");
        ds.SetString(DicomTag.PatientOrientation, "");
        ds.SetString(DicomTag.ContentDate, "20240315");
        ds.SetString(DicomTag.ContentTime, "101500");
        ds.SetString(DicomTag.AcquisitionNumber, "1");

        // Image Plane
        ds.SetString(DicomTag.PixelSpacing, "0.5", "0.5");
        ds.SetString(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        ds.SetString(DicomTag.ImagePositionPatient, "-2", "-2", "-12.5");
        ds.SetString(DicomTag.SliceThickness, "1.25");
        ds.SetString(DicomTag.SliceLocation, "-12.5");

        // CT Image and Image Pixel
        ds.SetString(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.SetUInt16(DicomTag.SamplesPerPixel, 1);
        ds.SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.SetUInt16(DicomTag.Rows, 8);
        ds.SetUInt16(DicomTag.Columns, 8);
        ds.SetUInt16(DicomTag.BitsAllocated, 16);
        ds.SetUInt16(DicomTag.BitsStored, 12);
        ds.SetUInt16(DicomTag.HighBit, 11);
        ds.SetUInt16(DicomTag.PixelRepresentation, 0);
        ds.SetString(DicomTag.RescaleIntercept, "-1024");
        ds.SetString(DicomTag.RescaleSlope, "1");
        ds.SetString(DicomTag.RescaleType, "HU");
        ds.SetString(DicomTag.KVP, "120");
        ds.SetString(DicomTag.WindowCenter, "40");
        ds.SetString(DicomTag.WindowWidth, "400");
        var pixels = new byte[8 * 8 * 2];
        for (var i = 0; i < 64; i++)
        {
            pixels[2 * i] = (byte)(i * 37);
            pixels[2 * i + 1] = (byte)(i % 16);
        }

        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        return new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian);
    }
}
