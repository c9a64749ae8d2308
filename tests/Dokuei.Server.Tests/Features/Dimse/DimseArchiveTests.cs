using Dokuei.Dicom;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Dimse;

/// <summary>
/// The DIMSE listener of the server with dcmtk as the facility's modality and PACS: storescu stores in two transfer
/// syntaxes, findscu finds at every level, movescu and getscu retrieve byte-identical data sets, DICOMweb sees it all.
/// </summary>
public sealed class DimseArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dokuei-dimse-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dcmtk_stores_finds_moves_and_gets_byte_identical_instances_of_its_facility(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var pacsPort = FreePort.Next();
        var site = await DimseSite.AddAsync(server, "Hospital A", ("MODALITY_A", null, null), ("PACS_A", "127.0.0.1", pacsPort));
        var study1 = DicomFixtures.Create(patientId: "PA-1", modality: "CT");
        var study1Series2 = DicomFixtures.Create(study1.StudyUid, patientId: "PA-1", modality: "CT", instanceNumber: 1, pixelSeed: 3);
        var study1More = DicomFixtures.Create(study1.StudyUid, study1.SeriesUid, patientId: "PA-1", modality: "CT", instanceNumber: 2, pixelSeed: 1);
        var study2 = DicomFixtures.Create(patientId: "PA-2", patientName: "Suzuki^Ichiro", studyDate: "20230505", modality: "MR");
        var study2More = DicomFixtures.Create(study2.StudyUid, study2.SeriesUid, patientId: "PA-2", patientName: "Suzuki^Ichiro", studyDate: "20230505", modality: "MR", instanceNumber: 2, pixelSeed: 5);
        var (explicitDir, explicitSets) = await DimseSite.WriteAsync(_root, TransferSyntax.ExplicitVRLittleEndian, [study1, study1Series2, study1More]);
        var (implicitDir, implicitSets) = await DimseSite.WriteAsync(_root, TransferSyntax.ImplicitVRLittleEndian, [study2, study2More]);
        var sent = explicitSets.Concat(implicitSets).ToDictionary(p => p.Key, p => p.Value);
        var port = Dcmtk.Port(server.DimsePort);

        var (exit, output) = await Dcmtk.RunAsync("storescu", "-aet", "MODALITY_A", "-aec", "DOKUEI", "-xe", "+sd", "127.0.0.1", port, explicitDir);
        Assert.True(exit == 0, output);
        (exit, output) = await Dcmtk.RunAsync("storescu", "-aet", "MODALITY_A", "-aec", "DOKUEI", "-xi", "+sd", "127.0.0.1", port, implicitDir);
        Assert.True(exit == 0, output);

        // Counted as STOW-RS stores are.
        Assert.Contains("dokuei_instances_received_total 5", await server.OperatorClient().GetStringAsync("metrics"), StringComparison.Ordinal);

        // DICOMweb sees what DIMSE stored, in the transfer syntax it arrived in.
        var studies = await DicomJson.ReadAsync(await site.Client.GetAsync("dicomweb/studies"));
        Assert.Equal(Sorted([study1.StudyUid, study2.StudyUid]), Sorted(DicomJson.Column(studies, "0020000D")));
        var wado = await Multipart.ReadAsync(await site.Client.GetAsync($"dicomweb/studies/{study2.StudyUid}/series/{study2.SeriesUid}/instances/{study2.SopUid}"));
        var wadoPath = Path.Combine(_root, "wado.dcm");
        await File.WriteAllBytesAsync(wadoPath, Assert.Single(wado).Bytes);
        var wadoSource = await Dokuei.Dicom.Network.DicomStoreSource.FromFileAsync(wadoPath);
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian.Uid, wadoSource.TransferSyntax.Uid);
        Assert.Equal(sent[study2.SopUid], (await File.ReadAllBytesAsync(wadoPath))[(int)wadoSource.DatasetOffset..]);

        // C-FIND at each level.
        var patients = await FindAsync(server, "MODALITY_A", "-P", "QueryRetrieveLevel=PATIENT", "PatientID", "PatientName", "NumberOfPatientRelatedStudies");
        Assert.Equal(["PA-1", "PA-2"], Sorted(patients.Select(p => p.GetString(DicomTag.PatientID))));
        Assert.All(patients, p => Assert.Equal("1", p.GetString(DicomTag.NumberOfPatientRelatedStudies)));

        var byName = Assert.Single(await FindAsync(server, "MODALITY_A", "-S", "QueryRetrieveLevel=STUDY", "PatientName=yamada*", "StudyInstanceUID", "ModalitiesInStudy", "NumberOfStudyRelatedInstances", "StudyDescription"));
        Assert.Equal(study1.StudyUid, byName.GetString(DicomTag.StudyInstanceUID));
        Assert.Equal(DicomFixtures.JapaneseName, byName.GetString(DicomTag.PatientName));
        Assert.Equal("ISO_IR 192", byName.GetString(DicomTag.SpecificCharacterSet));
        Assert.Equal("3", byName.GetString(DicomTag.NumberOfStudyRelatedInstances));
        Assert.Equal("CT", byName.GetString(DicomTag.ModalitiesInStudy));
        Assert.True(byName.Contains(DicomTag.StudyDescription));
        Assert.Equal("", byName.GetString(DicomTag.StudyDescription));

        var byIdeographicName = Assert.Single(await FindAsync(server, "MODALITY_A", "-S", "QueryRetrieveLevel=STUDY", "SpecificCharacterSet=ISO_IR 192", "PatientName=山田*", "StudyInstanceUID"));
        Assert.Equal(study1.StudyUid, byIdeographicName.GetString(DicomTag.StudyInstanceUID));
        var byDate = Assert.Single(await FindAsync(server, "MODALITY_A", "-S", "QueryRetrieveLevel=STUDY", "StudyDate=20240101-20240201", "StudyInstanceUID"));
        Assert.Equal(study1.StudyUid, byDate.GetString(DicomTag.StudyInstanceUID));
        Assert.Equal(2, (await FindAsync(server, "MODALITY_A", "-S", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study1.StudyUid}\\{study2.StudyUid}")).Count);

        var series = await FindAsync(server, "MODALITY_A", "-S", "QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study1.StudyUid}", "SeriesInstanceUID", "Modality", "NumberOfSeriesRelatedInstances");
        Assert.Equal(Sorted([study1.SeriesUid, study1Series2.SeriesUid]), Sorted(series.Select(s => s.GetString(DicomTag.SeriesInstanceUID))));
        Assert.All(series, s => Assert.Equal("CT", s.GetString(DicomTag.Modality)));

        var images = await FindAsync(server, "MODALITY_A", "-S", "QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study1.StudyUid}", $"SeriesInstanceUID={study1.SeriesUid}", "SOPInstanceUID", "InstanceNumber", "InstitutionName");
        Assert.Equal([study1.SopUid, study1More.SopUid], images.Select(i => i.GetString(DicomTag.SOPInstanceUID) ?? ""));
        Assert.All(images, i => Assert.Equal("東京病院", i.GetString(DicomTag.InstitutionName)));

        // C-MOVE to the facility's PACS: the data sets arrive as stored, in the transfer syntax they were stored in when
        // the PACS accepts it (dcmtk prefers explicit VR unless told +xi, so the implicit VR study goes to one that is).
        var moved = Directory.CreateDirectory(Path.Combine(_root, "moved")).FullName;
        await MoveAsync(pacsPort, moved, study1.StudyUid, []);
        await MoveAsync(pacsPort, moved, study2.StudyUid, ["+xi"]);
        var movedSets = await Dcmtk.DatasetsAsync(moved);
        Assert.Equal(Sorted(sent.Keys), Sorted(movedSets.Keys));
        Assert.All(movedSets, p => Assert.Equal(sent[p.Key], p.Value));

        // C-GET on the same association. getscu proposes explicit VR first and the acceptor picks one syntax per SOP class
        // before knowing what will be sent, so the explicit VR study is the one that comes back byte for byte.
        var got = Directory.CreateDirectory(Path.Combine(_root, "got")).FullName;
        (exit, output) = await Dcmtk.RunAsync("getscu", "-aet", "MODALITY_A", "-aec", "DOKUEI", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study1.StudyUid}", "+B", "-od", got, "127.0.0.1", port);
        Assert.True(exit == 0, output);
        var gotSets = await Dcmtk.DatasetsAsync(got);
        Assert.Equal(Sorted(explicitSets.Keys), Sorted(gotSets.Keys));
        Assert.All(gotSets, p => Assert.Equal(sent[p.Key], p.Value));

        async Task MoveAsync(int destinationPort, string directory, string studyUid, string[] storescpOptions)
        {
            using var pacs = await Dcmtk.StartStorescpAsync("PACS_A", destinationPort, directory, storescpOptions);
            try
            {
                var (moveExit, moveOutput) = await Dcmtk.RunAsync("movescu", "-v", "-aet", "MODALITY_A", "-aec", "DOKUEI", "-aem", "PACS_A", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={studyUid}", "127.0.0.1", port);
                Assert.True(moveExit == 0 && !moveOutput.Contains("error status", StringComparison.Ordinal), moveOutput);
            }
            finally
            {
                pacs.Kill();
                await pacs.WaitForExitAsync();
            }
        }
    }

    /// <summary>findscu with <paramref name="keys"/>; the responses it extracted.</summary>
    internal static async Task<List<DicomDataset>> FindAsync(ArchiveServer server, string callingAeTitle, string model, params string[] keys)
    {
        var directory = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "find-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var args = new List<string> { "-aet", callingAeTitle, "-aec", "DOKUEI", model, "-X", "-od", directory };
        foreach (var key in keys)
        {
            args.Add("-k");
            args.Add(key);
        }

        args.Add("127.0.0.1");
        args.Add(Dcmtk.Port(server.DimsePort));
        var (exit, output) = await Dcmtk.RunAsync("findscu", [.. args]);
        Assert.True(exit == 0, output);
        return await Dcmtk.ResponsesAsync(directory);
    }

    internal static string[] Sorted(IEnumerable<string?> values) => [.. values.Select(v => v ?? "").Order(StringComparer.Ordinal)];
}
