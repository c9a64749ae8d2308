using System.Net;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Reports;

public class CriticalFindingApiTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unacknowledged_critical_finding_escalates_to_coordinators_after_the_configured_time(string provider)
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var server = await ApiServer.StartAsync(provider, time);
        var (facility, stow) = await server.AddFacilityAsync("北斗病院");
        var instance = DicomFixtures.Create(accession: "ACC-CRIT", modality: "CT");
        using (stow)
        using (var stored = await stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var clerk = await server.UserAsync("FacilityStaff", facility);
        var coordinator = await server.UserAsync("Coordinator");
        var reader = await server.RadiologistAsync(10);
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new
        {
            Mode = "Single",
            ServiceMenu = "24-365",
            StudyInstanceUid = instance.StudyUid,
            Modality = "CT",
            Question = "Chest pain, rule out aortic dissection",
            BodyParts = new[] { "chest" },
        });
        var id = (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = reader.Id });
        await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/steps/First/claim");
        var draft = await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/report/drafts", new
        {
            Step = "First",
            Content = new { Findings = "Stanford type A aortic dissection.", Impression = "Aortic dissection.", Critical = true, Language = "en" },
        });
        var signed = await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/report/versions/{draft.GetProperty("id").GetGuid()}/sign");
        Assert.Equal("Final", signed.GetProperty("status").GetString());

        time.Advance(TimeSpan.FromMinutes(29));
        var open = await server.GetAsync(coordinator, "/api/critical-findings");
        Assert.Equal(JsonNull, open[0].GetProperty("escalatedAt").ValueKind);

        time.Advance(TimeSpan.FromMinutes(2));
        open = await server.GetAsync(coordinator, "/api/critical-findings");
        Assert.Equal(System.Text.Json.JsonValueKind.String, open[0].GetProperty("escalatedAt").ValueKind);
        Assert.True(open[0].GetProperty("open").GetBoolean());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Signing_with_an_empty_impression_is_refused_with_the_check_message(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, stow) = await server.AddFacilityAsync("東雲クリニック");
        var instance = DicomFixtures.Create(accession: "ACC-EMPTY", modality: "CT");
        using (stow)
        using (var stored = await stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var clerk = await server.UserAsync("FacilityStaff", facility);
        var coordinator = await server.UserAsync("Coordinator");
        var reader = await server.RadiologistAsync(10);
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new { Mode = "Single", ServiceMenu = "24-365", StudyInstanceUid = instance.StudyUid, Modality = "CT" });
        var id = (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = reader.Id });
        await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/steps/First/claim");
        var draft = await server.EditAsync(reader, id, HttpMethod.Post, $"/api/requests/{id}/report/drafts", new { Step = "First", Content = new { Findings = "所見のみ", Impression = "" } });
        var etag = await server.ETagAsync(reader, id);
        using var response = await server.SendAsync(reader, HttpMethod.Post, $"/api/requests/{id}/report/versions/{draft.GetProperty("id").GetGuid()}/sign", new { }, etag);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("report.empty_impression", body, StringComparison.Ordinal);
        Assert.Contains("診断（インプレッション）が空です。", System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("InReading", (await server.GetAsync(reader, $"/api/requests/{id}")).GetProperty("state").GetString());
    }
}
