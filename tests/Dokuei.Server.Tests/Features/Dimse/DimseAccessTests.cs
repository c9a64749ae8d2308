using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Network;
using Dokuei.Server.Data;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Dimse;

/// <summary>
/// Who may do what over DIMSE: associations only for a facility's AE title from its address, everything scoped to that
/// facility (find, move, get, move destinations), storage commitment and store statuses answered from its archive.
/// </summary>
public sealed class DimseAccessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dokuei-dimse-access-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_facility_never_finds_moves_or_gets_another_facilitys_studies_nor_moves_to_its_destination(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var pacsA = FreePort.Next();
        var pacsB = FreePort.Next();
        await DimseSite.AddAsync(server, "Hospital A", ("SITE_A", null, null), ("PACS_A", "127.0.0.1", pacsA));
        await DimseSite.AddAsync(server, "Hospital B", ("SITE_B", null, null), ("PACS_B", "127.0.0.1", pacsB));
        var study = DicomFixtures.Create(patientId: "SAME-ID");
        var (directory, _) = await DimseSite.WriteAsync(_root, TransferSyntax.ExplicitVRLittleEndian, [study]);
        var port = Dcmtk.Port(server.DimsePort);
        var (exit, output) = await Dcmtk.RunAsync("storescu", "-aet", "SITE_A", "-aec", "DOKUEI", "+sd", "127.0.0.1", port, directory);
        Assert.True(exit == 0, output);

        Assert.Single(await DimseArchiveTests.FindAsync(server, "SITE_A", "-S", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study.StudyUid}"));
        Assert.Empty(await DimseArchiveTests.FindAsync(server, "SITE_B", "-S", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study.StudyUid}"));
        Assert.Empty(await DimseArchiveTests.FindAsync(server, "SITE_B", "-P", "QueryRetrieveLevel=PATIENT", "PatientID=SAME-ID"));
        Assert.Empty(await DimseArchiveTests.FindAsync(server, "SITE_B", "-S", "QueryRetrieveLevel=IMAGE", $"SOPInstanceUID={study.SopUid}"));

        var received = Directory.CreateDirectory(Path.Combine(_root, "pacs")).FullName;
        using (var pacs = await Dcmtk.StartStorescpAsync("PACS_B", pacsB, received))
        using (var pacsOfA = await Dcmtk.StartStorescpAsync("PACS_A", pacsA, received))
        {
            try
            {
                // B moves A's study to its own PACS: nothing matches.
                (exit, output) = await Dcmtk.RunAsync("movescu", "-v", "-aet", "SITE_B", "-aec", "DOKUEI", "-aem", "PACS_B", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study.StudyUid}", "127.0.0.1", port);
                Assert.True(exit == 0, output);
                Assert.DoesNotContain("Completed Suboperations   : 1", output, StringComparison.Ordinal);

                // B names A's PACS: not a destination of B.
                (_, output) = await Dcmtk.RunAsync("movescu", "-v", "-aet", "SITE_B", "-aec", "DOKUEI", "-aem", "PACS_A", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study.StudyUid}", "127.0.0.1", port);
                Assert.True(output.Contains("Refused: MoveDestinationUnknown", StringComparison.Ordinal), output);
            }
            finally
            {
                pacs.Kill();
                pacsOfA.Kill();
                await pacs.WaitForExitAsync();
                await pacsOfA.WaitForExitAsync();
            }
        }

        Assert.Empty(Directory.EnumerateFiles(received, "*", SearchOption.AllDirectories));
        var got = Directory.CreateDirectory(Path.Combine(_root, "got")).FullName;
        (exit, output) = await Dcmtk.RunAsync("getscu", "-aet", "SITE_B", "-aec", "DOKUEI", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study.StudyUid}", "-od", got, "127.0.0.1", port);
        Assert.Empty(Directory.EnumerateFiles(got));

        // A itself gets it.
        (exit, output) = await Dcmtk.RunAsync("getscu", "-aet", "SITE_A", "-aec", "DOKUEI", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study.StudyUid}", "-od", got, "127.0.0.1", port);
        Assert.True(exit == 0, output);
        Assert.Single(Directory.EnumerateFiles(got));

        await using var db = DatabaseConnection.Parse(server.Database, server.DataDirectory).CreateContext(FacilityScope.ForAll());
        var actions = await db.AuditEvents.Where(e => e.ActorName == "SITE_B").Select(e => e.Action).ToListAsync();
        Assert.Contains("dimse.find", actions);
        Assert.Contains("dimse.move", actions);
        Assert.Contains("dimse.get", actions);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Associations_are_rejected_for_unknown_calling_AE_titles_wrong_addresses_and_other_called_AE_titles(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        await DimseSite.AddAsync(server, "Hospital A", ("SITE_A", "127.0.0.1", null), ("ELSEWHERE", "192.0.2.10", null));
        var port = Dcmtk.Port(server.DimsePort);

        var (exit, output) = await Dcmtk.RunAsync("echoscu", "-aet", "SITE_A", "-aec", "DOKUEI", "127.0.0.1", port);
        Assert.True(exit == 0, output);

        (exit, output) = await Dcmtk.RunAsync("echoscu", "-aet", "NOBODY", "-aec", "DOKUEI", "127.0.0.1", port);
        Assert.NotEqual(0, exit);
        Assert.Contains("Calling AE Title Not Recognized", output, StringComparison.OrdinalIgnoreCase);

        (exit, output) = await Dcmtk.RunAsync("echoscu", "-aet", "ELSEWHERE", "-aec", "DOKUEI", "127.0.0.1", port);
        Assert.NotEqual(0, exit);
        Assert.Contains("Calling AE Title Not Recognized", output, StringComparison.OrdinalIgnoreCase);

        (exit, output) = await Dcmtk.RunAsync("echoscu", "-aet", "SITE_A", "-aec", "OTHER", "127.0.0.1", port);
        Assert.NotEqual(0, exit);
        Assert.Contains("Called AE Title Not Recognized", output, StringComparison.OrdinalIgnoreCase);

        await using var db = DatabaseConnection.Parse(server.Database, server.DataDirectory).CreateContext(FacilityScope.ForAll());
        var rejected = await db.AuditEvents.Where(e => e.Action == "dimse.associate" && e.Outcome == "failure").Select(e => e.ActorName).ToListAsync();
        Assert.Equal(["ELSEWHERE", "NOBODY", "SITE_A"], rejected.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Storage_commitment_commits_stored_instances_and_fails_absent_or_mismatched_ones(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        await DimseSite.AddAsync(server, "Hospital A", ("SITE_A", null, null));
        await DimseSite.AddAsync(server, "Hospital B", ("SITE_B", null, null));
        var stored = DicomFixtures.Create();
        var (directory, _) = await DimseSite.WriteAsync(_root, TransferSyntax.ExplicitVRLittleEndian, [stored]);
        var (exit, output) = await Dcmtk.RunAsync("storescu", "-aet", "SITE_A", "-aec", "DOKUEI", "+sd", "127.0.0.1", Dcmtk.Port(server.DimsePort), directory);
        Assert.True(exit == 0, output);
        var present = new DicomSopReference("1.2.840.10008.5.1.4.1.1.7", stored.SopUid);
        var absent = new DicomSopReference("1.2.840.10008.5.1.4.1.1.7", DicomFixtures.NewUid());
        var otherClass = new DicomSopReference("1.2.840.10008.5.1.4.1.1.2", stored.SopUid);

        await using (var client = await DimseSite.ConnectAsync(server, "SITE_A", (DicomUids.StorageCommitmentPushModel, DicomClient.UncompressedTransferSyntaxes)))
        {
            var result = await client.CommitAsync(DicomFixtures.NewUid(), [present, absent, otherClass], TimeSpan.FromMinutes(1));
            Assert.Equal([present], result.Committed);
            Assert.Equal([(absent, (ushort)0x0112), (otherClass, (ushort)0x0119)], result.Failed);
            await client.ReleaseAsync();
        }

        // Another facility's AE cannot have A's instance committed.
        await using (var client = await DimseSite.ConnectAsync(server, "SITE_B", (DicomUids.StorageCommitmentPushModel, DicomClient.UncompressedTransferSyntaxes)))
        {
            var result = await client.CommitAsync(DicomFixtures.NewUid(), [present], TimeSpan.FromMinutes(1));
            Assert.Empty(result.Committed);
            Assert.Equal([(present, (ushort)0x0112)], result.Failed);
            await client.ReleaseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Store_answers_success_for_duplicates_and_new_versions_and_a_failure_with_a_comment_for_unusable_data_sets(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        await DimseSite.AddAsync(server, "Hospital A", ("SITE_A", null, null));
        var original = DicomFixtures.Create();
        var changed = DicomFixtures.Create(original.StudyUid, original.SeriesUid, original.SopUid, pixelSeed: 9);
        var (first, _) = await DimseSite.WriteAsync(_root, TransferSyntax.ExplicitVRLittleEndian, [original]);
        var (second, _) = await DimseSite.WriteAsync(_root, TransferSyntax.ExplicitVRLittleEndian, [changed]);
        var incomplete = new DicomDataset();
        incomplete.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        incomplete.SetString(DicomTag.SOPInstanceUID, DicomFixtures.NewUid());
        var incompletePath = Path.Combine(_root, "incomplete.dcm");
        DicomFileWriter.Write(new DicomFile(incomplete, TransferSyntax.ExplicitVRLittleEndian), incompletePath);

        var sources = new[] { Path.Combine(first, original.SopUid + ".dcm"), Path.Combine(first, original.SopUid + ".dcm"), Path.Combine(second, changed.SopUid + ".dcm"), incompletePath };
        var statuses = new List<(ushort Code, string? Comment)>();
        await using (var client = await DimseSite.ConnectAsync(server, "SITE_A", ("1.2.840.10008.5.1.4.1.1.7", DicomClient.UncompressedTransferSyntaxes)))
        {
            foreach (var path in sources)
            {
                var response = await client.StoreAsync(await DicomStoreSource.FromFileAsync(path));
                statuses.Add((response.Status.Code, response.ErrorComment));
            }

            await client.ReleaseAsync();
        }

        Assert.Equal([0, 0, 0], statuses.Take(3).Select(s => s.Code));
        Assert.Null(statuses[0].Comment);
        Assert.Equal(0xA900, statuses[3].Code);
        Assert.Contains("missing", statuses[3].Comment, StringComparison.Ordinal);

        await using var db = DatabaseConnection.Parse(server.Database, server.DataDirectory).CreateContext(FacilityScope.ForAll());
        var versions = await db.Instances.Where(i => i.SopInstanceUid == original.SopUid).OrderBy(i => i.Version).Select(i => new { i.Version, i.IsCurrent }).ToListAsync();
        Assert.Equal([(1, false), (2, true)], versions.Select(v => (v.Version, v.IsCurrent)));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "dimse.store.new-version" && e.SubjectId == original.SopUid));
    }
}
