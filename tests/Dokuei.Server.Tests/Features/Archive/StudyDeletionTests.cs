using System.Net;
using Dokuei.Server.Data;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Archive;

/// <summary>The operator deletes a study: rows, blobs and an audit event; facilities cannot.</summary>
public sealed class StudyDeletionTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_operator_deletes_a_study_with_its_blobs_and_the_deletion_is_audited(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();
        var b = DicomFixtures.Create(a.StudyUid, a.SeriesUid, instanceNumber: 2);
        var other = DicomFixtures.Create();
        await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes, b.Bytes, other.Bytes));
        var blobsBefore = BlobFiles(server);
        Assert.Equal(3, blobsBefore.Count);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"dicomweb/studies/{a.StudyUid}")).StatusCode);
        using var admin = server.OperatorClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"dicomweb/studies/{a.StudyUid}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"dicomweb/studies/{a.StudyUid}")).StatusCode);
        Assert.Equal([other.StudyUid], DicomJson.Column(await DicomJson.ReadAsync(await client.GetAsync("dicomweb/studies")), "0020000D"));
        Assert.Single(BlobFiles(server));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"dicomweb/studies/{a.StudyUid}")).StatusCode);

        await using var db = DatabaseConnection.Parse(server.Database, server.DataDirectory).CreateContext(FacilityScope.ForAll());
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "study.delete");
        Assert.Equal(a.StudyUid, audit.SubjectId);
        Assert.Equal("operator", audit.ActorRole);

        // Stored again after deletion, the study comes back whole.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes))).StatusCode);
        Assert.Single((await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}/instances"))).EnumerateArray());
    }

    private static List<string> BlobFiles(ArchiveServer server) =>
        Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs"), "*.dcm", SearchOption.AllDirectories).ToList();
}
