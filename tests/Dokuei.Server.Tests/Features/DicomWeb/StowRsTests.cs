using System.Net;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.DicomWeb;

/// <summary>STOW-RS: per-instance results, idempotence, versions, tenancy, authentication; on SQLite and PostgreSQL.</summary>
public sealed class StowRsTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stores_instances_and_answers_with_the_referenced_sop_sequence(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();
        var b = DicomFixtures.Create(a.StudyUid, a.SeriesUid, instanceNumber: 2);

        var response = await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes, b.Bytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        var json = await DicomJson.ReadAsync(response);
        var referenced = DicomJson.Sequence(json, "00081199");
        Assert.Equal([a.SopUid, b.SopUid], referenced.EnumerateArray().Select(r => DicomJson.String(r, "00081155")));
        Assert.EndsWith($"/dicomweb/studies/{a.StudyUid}", DicomJson.String(json, "00081190"), StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("00081198", out _));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Storing_the_same_instance_again_is_an_idempotent_success(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();

        var first = await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes));
        var second = await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var instances = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}/instances"));
        Assert.Equal(1, instances.GetArrayLength());
        var study = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies?StudyInstanceUID={a.StudyUid}"));
        Assert.Equal("1", DicomJson.String(study[0], "00201208"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Different_content_under_the_same_uid_is_kept_as_a_new_version_and_reported(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var original = DicomFixtures.Create();
        var changed = DicomFixtures.Create(original.StudyUid, original.SeriesUid, original.SopUid, pixelSeed: 7);

        await client.PostAsync("dicomweb/studies", Multipart.Related(original.Bytes));
        var response = await client.PostAsync("dicomweb/studies", Multipart.Related(changed.Bytes));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains(response.Headers.Warning, w => w.Text.Contains("version 2", StringComparison.Ordinal));
        var json = await DicomJson.ReadAsync(response);
        Assert.Equal("45056", DicomJson.String(DicomJson.Sequence(json, "00081199")[0], "00081196"));
        var retrieved = await Multipart.ReadAsync(await client.GetAsync($"dicomweb/studies/{original.StudyUid}/series/{original.SeriesUid}/instances/{original.SopUid}"));
        Assert.Equal(changed.Bytes, Assert.Single(retrieved).Bytes);
        var instances = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{original.StudyUid}/instances"));
        Assert.Equal(1, instances.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_malformed_part_fails_with_its_reason_while_the_others_are_stored(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();
        var b = DicomFixtures.Create(a.StudyUid, a.SeriesUid, instanceNumber: 2);

        var response = await client.PostAsync("dicomweb/studies", Multipart.Related(
            ("application/dicom", a.Bytes), ("application/dicom", "not DICOM at all"u8.ToArray()), ("application/dicom", b.Bytes)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = await DicomJson.ReadAsync(response);
        Assert.Equal(2, DicomJson.Sequence(json, "00081199").GetArrayLength());
        var failed = Assert.Single(DicomJson.Sequence(json, "00081198").EnumerateArray());
        Assert.Equal("49152", DicomJson.String(failed, "00081197"));
        var instances = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}/instances"));
        Assert.Equal(2, instances.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Storing_into_a_study_refuses_instances_of_another_study_with_409(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();

        var response = await client.PostAsync($"dicomweb/studies/{DicomFixtures.NewUid()}", Multipart.Related(a.Bytes));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var failed = Assert.Single(DicomJson.Sequence(await DicomJson.ReadAsync(response), "00081198").EnumerateArray());
        Assert.Equal(a.SopUid, DicomJson.String(failed, "00081155"));
    }

    [Fact]
    public async Task Requests_without_a_valid_token_get_401()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var anonymous = server.Client(null);
        using var wrong = server.Client("dk_not-a-token");
        var a = DicomFixtures.Create();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("dicomweb/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("dicomweb/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"wado?requestType=WADO&studyUID={a.StudyUid}&seriesUID={a.SeriesUid}&objectUID={a.SopUid}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_facility_never_sees_another_facilitys_studies(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var a = await server.AddFacilityAsync("Hospital A");
        using var b = await server.AddFacilityAsync("Hospital B");
        var mine = DicomFixtures.Create(patientId: "SHARED-ID");
        var theirs = DicomFixtures.Create(patientId: "SHARED-ID");
        await a.PostAsync("dicomweb/studies", Multipart.Related(mine.Bytes));
        await b.PostAsync("dicomweb/studies", Multipart.Related(theirs.Bytes));

        var studies = await DicomJson.ReadAsync(await b.GetAsync("dicomweb/studies?PatientID=SHARED-ID"));
        Assert.Equal([theirs.StudyUid], DicomJson.Column(studies, "0020000D"));
        Assert.Equal(0, (await DicomJson.ReadAsync(await b.GetAsync($"dicomweb/instances?SOPInstanceUID={mine.SopUid}"))).GetArrayLength());
        var instancePath = $"dicomweb/studies/{mine.StudyUid}/series/{mine.SeriesUid}/instances/{mine.SopUid}";
        foreach (var path in new[]
        {
            $"dicomweb/studies/{mine.StudyUid}", instancePath, instancePath + "/metadata", instancePath + "/frames/1",
            instancePath + "/bulkdata/7FE00010", $"dicomweb/studies/{mine.StudyUid}/metadata", $"dicomweb/studies/{mine.StudyUid}/series",
            $"wado?requestType=WADO&studyUID={mine.StudyUid}&seriesUID={mine.SeriesUid}&objectUID={mine.SopUid}&contentType=application/dicom",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(path)).StatusCode);
        }

        // The same study UID stored by the other facility is a separate study: it neither merges nor leaks.
        var copy = DicomFixtures.Create(mine.StudyUid, mine.SeriesUid, DicomFixtures.NewUid(), patientId: "SHARED-ID", instanceNumber: 5);
        Assert.Equal(HttpStatusCode.OK, (await b.PostAsync("dicomweb/studies", Multipart.Related(copy.Bytes))).StatusCode);
        var seenByB = await DicomJson.ReadAsync(await b.GetAsync($"dicomweb/studies/{mine.StudyUid}/instances"));
        Assert.Equal([copy.SopUid], DicomJson.Column(seenByB, "00080018"));
        var seenByA = await DicomJson.ReadAsync(await a.GetAsync($"dicomweb/studies/{mine.StudyUid}/instances"));
        Assert.Equal([mine.SopUid], DicomJson.Column(seenByA, "00080018"));

        using var admin = server.OperatorClient();
        var all = await DicomJson.ReadAsync(await admin.GetAsync("dicomweb/studies?PatientID=SHARED-ID"));
        Assert.Equal(3, all.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_requests_into_the_same_new_study_all_succeed_and_count_right(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var first = DicomFixtures.Create();
        // Half the requests add to one series, the others each bring a series of their own: 1 + 3 series, 30 instances.
        var requests = Enumerable.Range(0, 6).Select(r => (Request: r, Series: r % 2 == 0 ? first.SeriesUid : DicomFixtures.NewUid()))
            .Select(x => Enumerable.Range(0, 5).Select(i => DicomFixtures.Create(first.StudyUid, x.Series, patientId: "SYNTH-1", instanceNumber: (x.Request * 5) + i).Bytes).ToArray())
            .ToList();

        var responses = await Task.WhenAll(requests.Select(parts => client.PostAsync("dicomweb/studies", Multipart.Related(parts))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var study = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies?StudyInstanceUID={first.StudyUid}"));
        Assert.Equal("30", DicomJson.String(Assert.Single(study.EnumerateArray()), "00201208"));
        Assert.Equal("4", DicomJson.String(study[0], "00201206"));
        Assert.Equal(30, (await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{first.StudyUid}/instances"))).GetArrayLength());
    }
}
