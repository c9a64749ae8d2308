namespace Dokuei.Dicom.Tests.Deidentification;

/// <summary>Synthetic instances with every kind of identifying attribute; every name, ID and UID here is made up.</summary>
internal static class SyntheticInstance
{
    public const string StudyUid = "1.2.826.0.1.3680043.10.999.1";
    public const string SeriesUid = "1.2.826.0.1.3680043.10.999.1.1";
    public const string FrameOfReferenceUid = "1.2.826.0.1.3680043.10.999.1.9";
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static DicomTag T(ushort group, ushort element) => new(group, element);

    public static string SopUid(int number) => $"1.2.826.0.1.3680043.10.999.1.1.{number}";

    public static DicomDataset Create(int number = 1, string patientId = "PID-0001", string patientName = "Roe^Jane", string studyUid = StudyUid, int? referencedNumber = null)
    {
        var ds = new DicomDataset();
        ds.SetString(T(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100");
        ds.SetString(T(0x0008, 0x0016), DicomVR.UI, CtImageStorage);
        ds.SetString(T(0x0008, 0x0018), DicomVR.UI, SopUid(number));
        ds.SetString(T(0x0008, 0x0020), DicomVR.DA, "20240131");
        ds.SetString(T(0x0008, 0x0021), DicomVR.DA, "20240131");
        ds.SetString(T(0x0008, 0x0022), DicomVR.DA, "20240131");
        ds.SetString(T(0x0008, 0x0023), DicomVR.DA, "20240131");
        ds.SetString(T(0x0008, 0x002A), DicomVR.DT, "20240131101530");
        ds.SetString(T(0x0008, 0x0030), DicomVR.TM, "101500");
        ds.SetString(T(0x0008, 0x0050), DicomVR.SH, "ACC-7781");
        ds.SetString(T(0x0008, 0x0060), DicomVR.CS, "CT");
        ds.SetString(T(0x0008, 0x0080), DicomVR.LO, "Synthetic General Hospital");
        ds.SetString(T(0x0008, 0x0081), DicomVR.ST, "1 Example Street, Sample Town");
        ds.SetString(T(0x0008, 0x0090), DicomVR.PN, "Doe^Referrer");
        ds.SetString(T(0x0008, 0x1010), DicomVR.SH, "CT-ROOM-1");
        ds.SetString(T(0x0008, 0x1030), DicomVR.LO, "CT head for Jane Roe");
        ds.SetString(T(0x0008, 0x1070), DicomVR.PN, "Tech^Tina");
        ds.SetString(T(0x0010, 0x0010), DicomVR.PN, patientName);
        ds.SetString(T(0x0010, 0x0020), DicomVR.LO, patientId);
        ds.SetString(T(0x0010, 0x0021), DicomVR.LO, "SYNTH-ISSUER");
        ds.SetString(T(0x0010, 0x0030), DicomVR.DA, "19700101");
        ds.SetString(T(0x0010, 0x0040), DicomVR.CS, "F");
        ds.SetString(T(0x0010, 0x1000), DicomVR.LO, "OLD-PID-9");
        ds.SetString(T(0x0010, 0x1010), DicomVR.AS, "054Y");
        ds.SetString(T(0x0010, 0x1020), DicomVR.DS, "1.65");
        ds.SetString(T(0x0010, 0x1030), DicomVR.DS, "60");
        ds.SetString(T(0x0010, 0x1040), DicomVR.LO, "2 Example Road");
        ds.SetString(T(0x0010, 0x2160), DicomVR.SH, "SYNTHETIC");
        ds.SetString(T(0x0010, 0x4000), DicomVR.LT, "Jane prefers morning appointments");
        ds.SetString(T(0x0018, 0x1000), DicomVR.LO, "SN-42");
        ds.SetString(T(0x0018, 0x1030), DicomVR.LO, "Head routine Dr Doe");
        ds.SetString(T(0x0020, 0x000D), DicomVR.UI, studyUid);
        ds.SetString(T(0x0020, 0x000E), DicomVR.UI, SeriesUid);
        ds.SetString(T(0x0020, 0x0010), DicomVR.SH, "STUDY-5");
        ds.SetString(T(0x0020, 0x0013), DicomVR.IS, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetString(T(0x0020, 0x0052), DicomVR.UI, FrameOfReferenceUid);
        ds.SetUInt16(T(0x0028, 0x0010), 2);
        ds.SetUInt16(T(0x0028, 0x0011), 2);

        // Private block with identifying content.
        ds.SetString(T(0x0009, 0x0010), DicomVR.LO, "SYNTHETIC PRIVATE");
        ds.SetString(T(0x0009, 0x1001), DicomVR.LO, "Roe Jane copy");

        // An overlay plane (60xx) and a retired curve (50xx).
        ds.SetUInt16(T(0x6000, 0x0010), 2);
        ds.SetUInt16(T(0x6000, 0x0011), 2);
        ds.SetString(T(0x6000, 0x0040), DicomVR.CS, "G");
        ds.SetBytes(T(0x6000, 0x3000), DicomVR.OW, new byte[] { 0xFF, 0x00 });
        ds.SetString(T(0x6000, 0x4000), DicomVR.LT, "Roe");
        ds.SetUInt16(T(0x5000, 0x0005), 1);
        ds.SetBytes(T(0x5000, 0x3000), DicomVR.OW, new byte[] { 1, 2 });

        // References: in listed sequences (X/Z/U*, X/Z) and in a sequence the table does not list.
        var referenced = SopUid(referencedNumber ?? number + 100);
        ds.SetSequence(T(0x0008, 0x1140), Reference(CtImageStorage, referenced));
        ds.SetSequence(T(0x0008, 0x1110), Reference("1.2.840.10008.3.1.2.3.1", studyUid));
        var series = new DicomDataset();
        series.SetString(T(0x0020, 0x000E), DicomVR.UI, SeriesUid);
        series.SetSequence(T(0x0008, 0x114A), Reference(CtImageStorage, referenced));
        ds.SetSequence(T(0x0008, 0x1115), series);

        // X: a request with identifying IDs; D: a verifying observer and SR-like content with free text.
        var request = new DicomDataset();
        request.SetString(T(0x0040, 0x1001), DicomVR.SH, "RP-1");
        ds.SetSequence(T(0x0040, 0x0275), request);
        var observer = new DicomDataset();
        observer.SetString(T(0x0040, 0xA075), DicomVR.PN, "Verifier^Victor");
        observer.SetString(T(0x0040, 0xA027), DicomVR.LO, "Synthetic Verifying Org");
        observer.SetString(T(0x0040, 0xA030), DicomVR.DT, "20240131120000");
        ds.SetSequence(T(0x0040, 0xA073), observer);
        var content = new DicomDataset();
        content.SetString(T(0x0040, 0xA040), DicomVR.CS, "TEXT");
        content.SetString(T(0x0040, 0xA160), DicomVR.UT, "Jane Roe reports headache");
        ds.SetSequence(T(0x0040, 0xA730), content);
        return ds;
    }

    public static DicomDataset FileMeta(int number = 1)
    {
        var meta = new DicomDataset();
        meta.SetString(T(0x0002, 0x0002), DicomVR.UI, CtImageStorage);
        meta.SetString(T(0x0002, 0x0003), DicomVR.UI, SopUid(number));
        meta.SetString(T(0x0002, 0x0010), DicomVR.UI, "1.2.840.10008.1.2.1");
        meta.SetString(T(0x0002, 0x0016), DicomVR.AE, "SYNTH_HOSP_CT");
        return meta;
    }

    private static DicomDataset Reference(string classUid, string instanceUid)
    {
        var item = new DicomDataset();
        item.SetString(T(0x0008, 0x1150), DicomVR.UI, classUid);
        item.SetString(T(0x0008, 0x1155), DicomVR.UI, instanceUid);
        return item;
    }
}
