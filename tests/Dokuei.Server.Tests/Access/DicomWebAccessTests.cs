using System.Net;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Access;

/// <summary>
/// DICOMweb as each kind of person sees it, through the real sign-in: a radiologist sees the studies of the requests
/// assigned to them and their priors, nothing else; coordinators and QA checkers the whole center; facility people
/// their facility. Every read is audited with the person.
/// </summary>
public sealed class DicomWebAccessTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Each_person_sees_the_studies_the_access_rules_give_them_and_every_read_is_audited(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (hospitalA, stowA) = await server.AddFacilityAsync("市民病院");
        var (hospitalB, stowB) = await server.AddFacilityAsync("県立病院");
        var current = DicomFixtures.Create(patientId: "P-1", modality: "CT");
        var prior = DicomFixtures.Create(patientId: "P-1", modality: "CT");
        var unrelated = DicomFixtures.Create(patientId: "P-2", modality: "CT");
        var foreign = DicomFixtures.Create(patientId: "P-9", modality: "CT");
        foreach (var (stow, instance) in new[] { (stowA, current), (stowA, prior), (stowA, unrelated), (stowB, foreign) })
        {
            using var stored = await stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes));
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        stowA.Dispose();
        stowB.Dispose();
        var clerk = await server.UserAsync("FacilityStaff", hospitalA);
        var coordinator = await server.UserAsync("Coordinator");
        var checker = await server.UserAsync("QaChecker");
        var stranger = await server.UserAsync("FacilityStaff", hospitalB);
        var reader = await server.RadiologistAsync(10, "assigned.reader");
        var idle = await server.RadiologistAsync(10, "idle.reader");
        using (var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new
        {
            Mode = "Single",
            ServiceMenu = "24-365",
            StudyInstanceUid = current.StudyUid,
            Modality = "CT",
            Priors = new[] { prior.StudyUid },
        }))
        {
            var id = (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
            await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = reader.Id });
        }

        async Task<HashSet<string>> StudiesAsync(TestUser user, string query = "")
        {
            var found = await server.GetAsync(user, "/dicomweb/studies" + query);
            return found.EnumerateArray().Select(s => s.GetProperty("0020000D").GetProperty("Value")[0].GetString()!).ToHashSet();
        }

        async Task<int> StatusAsync(TestUser user, string path)
        {
            using var response = await server.SendAsync(user, HttpMethod.Get, path);
            return (int)response.StatusCode;
        }

        string Wado(DicomFixtures.Instance i) => $"/wado?requestType=WADO&studyUID={i.StudyUid}&seriesUID={i.SeriesUid}&objectUID={i.SopUid}&contentType=application%2Fdicom";

        // The radiologist: the case's study and its prior, by search and by every kind of route; nothing else.
        Assert.Equal(new[] { current.StudyUid, prior.StudyUid }.Order(), (await StudiesAsync(reader)).Order());
        Assert.Empty(await StudiesAsync(reader, $"?StudyInstanceUID={unrelated.StudyUid}"));
        Assert.Equal([current.StudyUid], await StudiesAsync(reader, $"?StudyInstanceUID={current.StudyUid}\\{unrelated.StudyUid}"));
        Assert.Equal(2, (await server.GetAsync(reader, "/dicomweb/series")).GetArrayLength());
        Assert.Equal(2, (await server.GetAsync(reader, "/dicomweb/instances?Modality=CT")).GetArrayLength());
        foreach (var (instance, expected) in new[] { (current, 200), (prior, 200), (unrelated, 404), (foreign, 404) })
        {
            Assert.Equal(expected, await StatusAsync(reader, $"/dicomweb/studies/{instance.StudyUid}/series"));
            Assert.Equal(expected, await StatusAsync(reader, $"/dicomweb/studies/{instance.StudyUid}/series/{instance.SeriesUid}/instances/{instance.SopUid}/metadata"));
            Assert.Equal(expected, await StatusAsync(reader, Wado(instance)));
        }

        // A radiologist with no assignment sees nothing.
        Assert.Empty(await StudiesAsync(idle));
        Assert.Equal(404, await StatusAsync(idle, $"/dicomweb/studies/{current.StudyUid}/metadata"));

        // The center sees every facility; a facility its own.
        var all = new[] { current.StudyUid, prior.StudyUid, unrelated.StudyUid, foreign.StudyUid }.Order();
        Assert.Equal(all, (await StudiesAsync(coordinator)).Order());
        Assert.Equal(all, (await StudiesAsync(checker)).Order());
        Assert.Equal(new[] { current.StudyUid, prior.StudyUid, unrelated.StudyUid }.Order(), (await StudiesAsync(clerk)).Order());
        Assert.Equal(404, await StatusAsync(clerk, $"/dicomweb/studies/{foreign.StudyUid}/metadata"));
        Assert.Equal([foreign.StudyUid], await StudiesAsync(stranger));
        Assert.Equal(404, await StatusAsync(stranger, Wado(current)));

        // Every read by the radiologist is in the audit log under their name, refusals as failures.
        await using var db = server.Db();
        var events = await db.AuditEvents.Where(e => e.ActorId == reader.Id.ToString("D") && e.Action.StartsWith("dicomweb.")).ToListAsync();
        Assert.Equal(17, events.Count);
        Assert.All(events, e => Assert.Equal(("Radiologist", "assigned.reader"), (e.ActorRole, e.ActorName)));
        Assert.Equal(6, events.Count(e => e.Outcome == "failure"));
        Assert.Contains(events, e => e.Action == "dicomweb.wado-uri" && e.SubjectId == current.SopUid && e.Outcome == "success");
    }
}
