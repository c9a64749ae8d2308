using System.Globalization;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Bench;

/// <summary>
/// Many small single-instance studies for the QIDO-RS benchmark: varied patient names, IDs, dates, accession numbers and
/// modalities, all derived from the study's number, so <see cref="ArchiveBenchmark"/> can build queries that hit them.
/// Pixel data is 16x16: the index, not the disk, is what these measure. Nothing here is real patient data.
/// </summary>
internal static class IndexStudies
{
    internal static readonly string[] FamilyNames =
    [
        "SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "ITO", "YAMAMOTO", "NAKAMURA", "KOBAYASHI", "KATO",
        "YOSHIDA", "YAMADA", "SASAKI", "YAMAGUCHI", "MATSUMOTO", "INOUE", "KIMURA", "HAYASHI", "SHIMIZU", "MORI",
    ];

    private static readonly string[] GivenNames = ["HANAKO", "TAROU", "YUKI", "KENJI", "AYA", "HIROSHI", "MEI", "SHOTA", "NAOKI", "RIN", "SORA"];

    internal static readonly (string Modality, string SopClass)[] Modalities =
    [
        ("CT", "1.2.840.10008.5.1.4.1.1.2"),
        ("MR", "1.2.840.10008.5.1.4.1.1.4"),
        ("CR", "1.2.840.10008.5.1.4.1.1.1"),
        ("US", "1.2.840.10008.5.1.4.1.1.6.1"),
        ("DX", "1.2.840.10008.5.1.4.1.1.1.1"),
    ];

    private static readonly DateOnly FirstDate = new(2020, 1, 1);

    /// <summary>Days covered by the study dates (six years).</summary>
    internal const int DateSpan = 2190;

    public static int Generate(Arguments options)
    {
        var output = options.Require("out");
        var studies = options.GetInt32("studies", 10000);
        Directory.CreateDirectory(output);
        for (var n = 0; n < studies; n++)
        {
            var folder = Path.Combine(output, $"{n / 1000:D3}");
            Directory.CreateDirectory(folder);
            var ids = new SyntheticStudies.StudyIds(n);
            var ds = SyntheticStudies.CreateCtImage(ids, 0, 16, 16, frames: 1, SyntheticStudies.PixelPattern(16, 16, 1, n));
            var (modality, sopClass) = Modalities[n % Modalities.Length];
            ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100");
            ds.SetString(DicomTag.SOPClassUID, sopClass);
            ds.SetString(DicomTag.Modality, modality);
            ds.SetString(DicomTag.PatientName, PatientName(n));
            ds.SetString(DicomTag.PatientID, PatientId(n / 2));
            ds.SetString(DicomTag.StudyDate, StudyDate(n));
            ds.SetString(DicomTag.SeriesDate, StudyDate(n));
            ds.SetString(DicomTag.AccessionNumber, AccessionNumber(n));
            ds.SetString(DicomTag.InstitutionName, "FICTIONAL HOSPITAL");
            ds.SetString(DicomTag.ReferringPhysicianName, "SUZUKI^HANAKO");
            ds.SetString(DicomTag.StudyDescription, modality + " ROUTINE");
            DicomFileWriter.Write(new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian), Path.Combine(folder, $"S{n:D6}.dcm"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generate-index: {studies} single-instance studies in {output}"));
        return 0;
    }

    // Two studies per patient: patient n/2 keeps one name.
    internal static string PatientName(int study) => $"{FamilyNames[study / 2 % FamilyNames.Length]}^{GivenNames[study / 2 % GivenNames.Length]}";

    internal static string PatientId(int patient) => string.Create(CultureInfo.InvariantCulture, $"P{patient:D6}");

    internal static string AccessionNumber(int study) => string.Create(CultureInfo.InvariantCulture, $"ACC{study:D7}");

    internal static string StudyDate(int study) => FirstDate.AddDays((int)((long)study * 37 % DateSpan)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
