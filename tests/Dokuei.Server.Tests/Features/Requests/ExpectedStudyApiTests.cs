using System.Net;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>Requests filed before their images are matched when the images arrive, by Study Instance UID or accession.</summary>
public class ExpectedStudyApiTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Expected_study_is_matched_by_study_uid_and_only_in_its_own_facility(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, stow) = await server.AddFacilityAsync("若葉病院");
        var (_, otherStow) = await server.AddFacilityAsync("青空医院");
        var clerk = await server.UserAsync("FacilityStaff", facility);
        var studyUid = DicomFixtures.NewUid();
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new { Mode = "Single", ServiceMenu = "24-365", StudyInstanceUid = studyUid, Modality = "CT" });
        var id = (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal("WaitingForImages", (await server.GetAsync(clerk, $"/api/requests/{id}")).GetProperty("state").GetString());

        // The same study UID sent by another facility is not this request's study.
        using (otherStow)
        using (var foreign = await otherStow.PostAsync("/dicomweb/studies", Multipart.Related(DicomFixtures.Create(studyUid: studyUid, accession: "X").Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        }

        Assert.Equal("WaitingForImages", (await server.GetAsync(clerk, $"/api/requests/{id}")).GetProperty("state").GetString());

        using (stow)
        using (var own = await stow.PostAsync("/dicomweb/studies", Multipart.Related(DicomFixtures.Create(studyUid: studyUid, accession: "Y").Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        Assert.Equal("Submitted", (await server.GetAsync(clerk, $"/api/requests/{id}")).GetProperty("state").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Request_by_accession_for_images_already_archived_is_submitted_at_once(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, stow) = await server.AddFacilityAsync("港南クリニック");
        var instance = DicomFixtures.Create(accession: "ACC-EARLY");
        using (stow)
        using (var stored = await stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var clerk = await server.UserAsync("FacilityStaff", facility);
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new { Mode = "Double", ServiceMenu = "normal", AccessionNumber = "ACC-EARLY" });
        var request = await ApiServer.ReadAsync(filed, HttpStatusCode.Created);
        Assert.Equal("Submitted", request.GetProperty("state").GetString());
        Assert.Equal(instance.StudyUid, request.GetProperty("studyInstanceUid").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unknown_service_menu_is_422(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, stow) = await server.AddFacilityAsync("城北病院");
        stow.Dispose();
        var clerk = await server.UserAsync("FacilityStaff", facility);
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new { Mode = "Single", ServiceMenu = "express", AccessionNumber = "A1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, filed.StatusCode);
        Assert.Contains("request.unknown_menu", await filed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
