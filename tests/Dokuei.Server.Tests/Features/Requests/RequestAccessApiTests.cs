using System.Net;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>Foreign facility, wrong role and stale edits through the HTTP stack, on SQLite and PostgreSQL.</summary>
public class RequestAccessApiTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    private static async Task<(ApiServer Server, Guid Id, TestUser Clerk, long Facility)> FiledAsync(string provider)
    {
        var server = await ApiServer.StartAsync(provider);
        var (facility, stow) = await server.AddFacilityAsync("みなと病院");
        var instance = DicomFixtures.Create(accession: "ACC-ARCHIVED", modality: "CT");
        using (stow)
        using (var stored = await stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var clerk = await server.UserAsync("FacilityStaff", facility);
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new
        {
            Mode = "Single",
            ServiceMenu = "24-365",
            StudyInstanceUid = instance.StudyUid,
            Modality = "CT",
            Question = "Rule out pneumonia",
            BodyParts = new[] { "chest" },
        });
        var request = await ApiServer.ReadAsync(filed, HttpStatusCode.Created);
        Assert.Equal("Submitted", request.GetProperty("state").GetString());
        return (server, request.GetProperty("id").GetGuid(), clerk, facility);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Another_facility_gets_404_for_a_request_and_its_report(string provider)
    {
        var (server, id, _, _) = await FiledAsync(provider);
        await using var _ = server;
        var (other, stow) = await server.AddFacilityAsync("さくら医院");
        stow.Dispose();
        var stranger = await server.UserAsync("ReferringPhysician", other);
        foreach (var path in new[] { $"/api/requests/{id}", $"/api/requests/{id}/report", $"/api/requests/{id}/comments", $"/api/requests/{id}/events" })
        {
            using var response = await server.SendAsync(stranger, HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var list = await server.GetAsync(stranger, "/api/requests");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Radiologist_sees_only_requests_assigned_to_them(string provider)
    {
        var (server, id, _, _) = await FiledAsync(provider);
        await using var _ = server;
        var coordinator = await server.UserAsync("Coordinator");
        var reader = await server.RadiologistAsync(10);
        using (var before = await server.SendAsync(reader, HttpMethod.Get, $"/api/requests/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = reader.Id });
        Assert.Equal(1, (await server.GetAsync(reader, "/api/requests")).GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Wrong_role_gets_403(string provider)
    {
        var (server, id, clerk, _) = await FiledAsync(provider);
        await using var running = server;
        var etag = await server.ETagAsync(clerk, id);
        var reader = await server.UserAsync("Radiologist");
        var billing = await server.UserAsync("Billing");
        var checker = await server.UserAsync("QaChecker");
        var coordinator = await server.UserAsync("Coordinator");
        var facilityless = await server.UserAsync("Admin");
        var cases = new (TestUser User, HttpMethod Method, string Path)[]
        {
            (clerk, HttpMethod.Post, $"/api/requests/{id}/accept"),
            (clerk, HttpMethod.Post, $"/api/requests/{id}/assign"),
            (clerk, HttpMethod.Post, $"/api/requests/{id}/steps/First/claim"),
            (clerk, HttpMethod.Post, $"/api/requests/{id}/report/qa"),
            (reader, HttpMethod.Post, "/api/requests"),
            (reader, HttpMethod.Post, $"/api/requests/{id}/accept"),
            (checker, HttpMethod.Post, $"/api/requests/{id}/report/drafts"),
            (coordinator, HttpMethod.Post, $"/api/requests/{id}/report/critical/{Guid.NewGuid()}/acknowledge"),
            (billing, HttpMethod.Get, $"/api/requests/{id}"),
            (facilityless, HttpMethod.Post, "/api/requests"),
            (clerk, HttpMethod.Get, $"/api/requests/{id}/suggestions/First"),
            (clerk, HttpMethod.Get, $"/api/requests/{id}/assignments"),
            (clerk, HttpMethod.Post, $"/api/requests/{id}/steps/First/decline"),
            (reader, HttpMethod.Post, $"/api/requests/{id}/auto-assign"),
            (reader, HttpMethod.Post, "/api/assignment/reassign-off-shift"),
        };
        foreach (var (user, method, path) in cases)
        {
            using var response = await server.SendAsync(user, method, path, new { }, etag);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user.Role} {method} {path}: {(int)response.StatusCode}");
        }

        using var anonymous = await server.Http.GetAsync($"/api/requests/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stale_if_match_gets_412_and_a_missing_one_428(string provider)
    {
        var (server, id, clerk, _) = await FiledAsync(provider);
        await using var _ = server;
        var coordinator = await server.UserAsync("Coordinator");
        var stale = await server.ETagAsync(coordinator, id);
        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");

        using (var response = await server.SendAsync(coordinator, HttpMethod.Post, $"/api/requests/{id}/hold", new { Text = "撮影条件を確認させてください" }, stale))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
            Assert.Contains("request.stale", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var response = await server.SendAsync(coordinator, HttpMethod.Post, $"/api/requests/{id}/hold", new { Text = "撮影条件を確認させてください" }))
        {
            Assert.Equal((HttpStatusCode)428, response.StatusCode);
        }

        Assert.NotEqual(stale, await server.ETagAsync(clerk, id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Forbidden_transition_is_409_and_invalid_input_422_as_problem_details(string provider)
    {
        var (server, id, _, _) = await FiledAsync(provider);
        await using var _ = server;
        var coordinator = await server.UserAsync("Coordinator");
        var reader = await server.RadiologistAsync(10);
        var etag = await server.ETagAsync(coordinator, id);
        using (var response = await server.SendAsync(coordinator, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = reader.Id }, etag))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("request.invalid_transition", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var response = await server.SendAsync(coordinator, HttpMethod.Post, $"/api/requests/{id}/hold", new { Text = " " }, etag))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains("request.question_required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Open_api_document_describes_the_request_api()
    {
        await using var server = await ApiServer.StartAsync(TestDatabases.Sqlite);
        var document = await server.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/requests/{id}/report/versions/{versionId}/sign", document, StringComparison.Ordinal);
        Assert.Contains("RequestView", document, StringComparison.Ordinal);
        Assert.Contains("/api/requests/{id}/assignments", document, StringComparison.Ordinal);
        Assert.Contains("/api/assignment/reassign-off-shift", document, StringComparison.Ordinal);
        Assert.Contains("AssignmentRanking", document, StringComparison.Ordinal);
    }
}
