using System.Buffers.Binary;

namespace Dokuei.Dicom.Tests.TestSupport;

/// <summary>Which pixel data a synthetic dataset carries.</summary>
public enum SyntheticPixels
{
    None,
    Native,
    Encapsulated,
}

/// <summary>Made-up datasets that use every kind of value the reader and writer handle; no real patient data.</summary>
internal static class SyntheticDatasets
{
    public const string PersonName = "Yamada^Tarou=山田^太郎=やまだ^たろう";
    public static readonly DicomTag PrivateCreator = new(0x0009, 0x0010);
    public static readonly DicomTag PrivateText = new(0x0009, 0x1001);
    public static readonly DicomTag PrivateBytes = new(0x0009, 0x1002);
    public static readonly DicomTag PrivateSequence = new(0x0009, 0x1003);

    /// <summary>
    /// Every VR, a PN with three component groups under ISO 2022 IR 87, private elements, sequences three deep
    /// (the outer ones undefined length, the inner ones defined: the writer honours that when it preserves encoding),
    /// and pixel data.
    /// </summary>
    public static DicomDataset AllVRs(SyntheticPixels pixels)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "", "ISO 2022 IR 87");
        ds.SetString(DicomTag.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.10.999.7.1");
        ds.SetString(DicomTag.StudyDate, DicomVR.DA, "20240131");
        ds.SetString(DicomTag.AcquisitionDateTime, DicomVR.DT, "20240131101530.123456+0900");
        ds.SetString(DicomTag.StudyTime, DicomVR.TM, "101500.5");
        ds.SetString(DicomTag.AccessionNumber, DicomVR.SH, "ACC-1");
        ds.SetString(DicomTag.RetrieveAETitle, DicomVR.AE, "DOKUEI");
        ds.SetString(DicomTag.Modality, DicomVR.CS, "OT");
        ds.SetString(DicomTag.InstitutionAddress, DicomVR.ST, "1 Example Street");
        ds.SetString(DicomTag.LongCodeValue, DicomVR.UC, "a long code value that may exceed sixty-four characters without trouble at all");
        ds.SetString(DicomTag.RetrieveURL, DicomVR.UR, "https://example.org/dicomweb/studies/1");
        ds.SetString(DicomTag.TimeRange, DicomVR.FD, "1.5", "-2.25");
        ds.SetString(DicomTag.PatientName, DicomVR.PN, PersonName);
        ds.SetString(DicomTag.PatientID, DicomVR.LO, "SYNTH-1");
        ds.SetString(DicomTag.PatientAge, DicomVR.AS, "054Y");
        ds.SetString(DicomTag.PatientComments, DicomVR.LT, "made up");
        ds.SetString(DicomTag.SliceThickness, DicomVR.DS, "1.25");
        ds.SetString(DicomTag.ReferencePixelX0, DicomVR.SL, "-70000");
        ds.SetString(DicomTag.TagAngleSecondAxis, DicomVR.SS, "-3");
        ds.SetString(DicomTag.InstanceNumber, DicomVR.IS, "7");
        ds.SetString(DicomTag.FrameIncrementPointer, DicomVR.AT, "(0018,1063)", "(0018,1065)");
        ds.SetString(DicomTag.ReferencedSamplePositions, DicomVR.UL, "1", "4000000000");
        ds.SetString(DicomTag.SelectorFLValue, DicomVR.FL, "0.5", "3.25", "-1");
        ds.SetString(DicomTag.SelectorSVValue, DicomVR.SV, "-9000000000", "42");
        ds.SetString(DicomTag.FileOffsetInContainer, DicomVR.UV, "18000000000000000000");
        ds.SetBytes(DicomTag.SelectorOVValue, DicomVR.OV, Numbers(8, 2));
        ds.SetBytes(DicomTag.DoublePointCoordinatesData, DicomVR.OD, Numbers(8, 3));
        ds.SetBytes(DicomTag.VerticesOfThePolygonalOutline, DicomVR.OF, Numbers(4, 3));
        ds.SetBytes(DicomTag.LongPrimitivePointIndexList, DicomVR.OL, Numbers(4, 3));
        ds.SetBytes(DicomTag.EncapsulatedDocument, DicomVR.OB, Numbers(1, 6));
        ds.SetString(DicomTag.PrivateDataElementDescription, DicomVR.UT, "unlimited text");
        ds.SetUInt16(DicomTag.Rows, 4);
        ds.SetUInt16(DicomTag.Columns, 4);
        ds.SetUInt16(DicomTag.BitsAllocated, 16);
        ds.SetUInt16(DicomTag.PixelRepresentation, 0);

        ds.SetString(PrivateCreator, DicomVR.LO, "DOKUEI TEST");
        ds.SetString(PrivateText, DicomVR.LO, "private text");
        ds.SetBytes(PrivateBytes, DicomVR.UN, Numbers(1, 10));
        var privateItem = new DicomDataset();
        privateItem.SetString(DicomTag.CodeValue, DicomVR.SH, "P1");
        ds.Set(new DicomSequence(PrivateSequence, [privateItem]));

        ds.Set(Nested(DicomTag.ContentSequence, definedLength: false, Item(false,
            Leaf(DicomTag.ConceptNameCodeSequence, "A1"),
            Nested(DicomTag.ContentSequence, definedLength: true, Item(true, Leaf(DicomTag.ConceptNameCodeSequence, "B1")), Item(false, Leaf(DicomTag.ConceptCodeSequence, "B2")))),
            Item(true, Leaf(DicomTag.ConceptNameCodeSequence, "A2"))));

        switch (pixels)
        {
            case SyntheticPixels.Native:
                ds.SetBytes(DicomTag.PixelData, DicomVR.OW, Numbers(2, 16));
                break;
            case SyntheticPixels.Encapsulated:
                ds.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.FromMemory(new byte[] { 0, 0, 0, 0, 12, 0, 0, 0 }),
                    [DicomBuffer.FromMemory(Numbers(1, 4)), DicomBuffer.FromMemory(Numbers(1, 6)), DicomBuffer.FromMemory(Numbers(1, 10))]));
                break;
            default:
                break;
        }

        return ds;
    }

    /// <summary>A small dataset: a few strings, a sequence and native pixel data.</summary>
    public static DicomDataset Small(int pixelBytes = 32)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.10.999.7.2");
        ds.SetString(DicomTag.PatientName, DicomVR.PN, "Roe^Jane");
        ds.SetString(DicomTag.PatientID, DicomVR.LO, "SYNTH-2");
        ds.Set(Nested(DicomTag.ContentSequence, definedLength: false, Item(false, Leaf(DicomTag.ConceptNameCodeSequence, "C1"))));
        ds.SetUInt16(DicomTag.Rows, 4);
        ds.SetUInt16(DicomTag.BitsAllocated, 16);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, Numbers(2, pixelBytes / 2));
        return ds;
    }

    /// <summary>A Part 10 file of the dataset in a transfer syntax, with the sequence and item lengths its origins ask for.</summary>
    public static DicomFile File(DicomDataset dataset, TransferSyntax transferSyntax) =>

        // Declaring the target as the source syntax makes the writer honour the defined/undefined lengths set above.
        new(dataset, transferSyntax) { SourceTransferSyntax = transferSyntax };

    /// <summary><paramref name="count"/> distinct little-endian numbers of <paramref name="size"/> bytes.</summary>
    public static byte[] Numbers(int size, int count)
    {
        var bytes = new byte[size * count];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 37 + 11);
        }

        if (size == 8 && count > 0)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, 2.5);
        }

        return bytes;
    }

    private static DicomSequence Nested(DicomTag tag, bool definedLength, params DicomDataset[] items) =>
        new(tag, DicomVR.SQ, items) { Origin = new DicomElementOrigin(DicomVR.None, !definedLength, false) };

    private static DicomDataset Item(bool definedLength, params DicomElement[] elements)
    {
        var item = new DicomDataset(elements) { UndefinedLengthItem = !definedLength };
        return item;
    }

    private static DicomSequence Leaf(DicomTag tag, string code)
    {
        var item = new DicomDataset { UndefinedLengthItem = false };
        item.SetString(DicomTag.CodeValue, DicomVR.SH, code);
        item.SetString(DicomTag.CodingSchemeDesignator, DicomVR.SH, "99TEST");
        item.SetString(DicomTag.CodeMeaning, DicomVR.LO, "Code " + code);
        return new DicomSequence(tag, DicomVR.SQ, [item]) { Origin = new DicomElementOrigin(DicomVR.None, false, false) };
    }
}
