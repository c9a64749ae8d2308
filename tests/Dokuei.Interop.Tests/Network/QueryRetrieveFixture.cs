using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Interop.Tests.Network;

/// <summary>Five synthetic CT instances: patient P1 with two studies of two instances, patient P2 with one; written to a temporary folder.</summary>
internal sealed class QueryRetrieveFixture : IDisposable
{
    public QueryRetrieveFixture()
    {
        Directory = NetworkTestFiles.TempDirectory();
        var layout = new[] { ("P1", 0), ("P1", 0), ("P1", 1), ("P1", 1), ("P2", 2) };
        StudyUids = [.. Enumerable.Range(0, 3).Select(_ => DicomUidGenerator.FromGuid(Guid.NewGuid()))];
        for (var i = 0; i < layout.Length; i++)
        {
            var (patient, study) = layout[i];
            var file = SyntheticDatasets.CtImage();
            var ds = file.Dataset;
            ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
            ds.SetString(DicomTag.PatientID, patient);
            ds.SetString(DicomTag.PatientName, patient == "P1" ? "Yamada^Tarou" : "Suzuki^Hanako");
            ds.SetString(DicomTag.StudyInstanceUID, StudyUids[study]);
            ds.SetString(DicomTag.SeriesInstanceUID, StudyUids[study] + ".1");
            ds.SetString(DicomTag.StudyDescription, "study " + study);
            var path = Path.Combine(Directory, $"ct{i}.dcm");
            DicomFileWriter.Write(file, path, TransferSyntax.ExplicitVRLittleEndian);
            Files.Add(path);
        }
    }

    public string Directory { get; }

    public List<string> Files { get; } = [];

    public IReadOnlyList<string> StudyUids { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
