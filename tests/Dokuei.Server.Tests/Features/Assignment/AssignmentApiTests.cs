using System.Net;
using System.Text.Json;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Assignment;

/// <summary>
/// Assignment on real radiologist profiles through the HTTP stack, on SQLite and PostgreSQL: automatic on acceptance
/// when the contract allows it, suggestions and overrides otherwise, every decision stored with its reasons,
/// reassignment when a reader declines or their shift ends before the due time.
/// </summary>
public sealed class AssignmentApiTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    /// <summary>
    /// Readers for a CT neuro request due an hour after acceptance (24/365): two eligible ones (the junior on shift now,
    /// the senior from 20 minutes on) and three who are not (MR only, works at the facility, no shift left).
    /// </summary>
    private sealed record Pool(TestUser Junior, TestUser Senior, TestUser MrOnly, TestUser Conflicted, TestUser OffShift);

    private static async Task<Pool> PoolAsync(ApiServer server, long facility, DateTimeOffset now) => new(
        await server.RadiologistAsync(5, "junior"),
        await server.RadiologistAsync(15, "senior", shifts: [(now.AddMinutes(20), now.AddDays(3))]),
        await server.RadiologistAsync(20, "mr.only", modalities: ["MR"]),
        await server.RadiologistAsync(20, "conflicted", conflicts: [facility]),
        await server.RadiologistAsync(20, "off.shift", shifts: [(now.AddDays(-2), now.AddDays(-1))]));

    private static async Task<(long Facility, Guid Request)> FiledAsync(ApiServer server, string mode, bool automatic)
    {
        var (facility, stow) = await server.AddFacilityAsync(automatic ? "自動割当病院" : "手動割当病院");
        var instance = DicomFixtures.Create(modality: "CT");
        using (stow)
        using (var stored = await stow.PostAsync("/dicomweb/studies", Multipart.Related(instance.Bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        if (automatic)
        {
            await server.AllowAutomaticAssignmentAsync(facility);
        }

        var clerk = await server.UserAsync("FacilityStaff", facility);
        using var filed = await server.SendAsync(clerk, HttpMethod.Post, "/api/requests", new
        {
            Mode = mode,
            ServiceMenu = "24-365",
            StudyInstanceUid = instance.StudyUid,
            Modality = "CT",
            RequestedSpecialty = "neuro",
            Question = "くも膜下出血の除外",
            BodyParts = new[] { "頭部" },
        });
        return (facility, (await ApiServer.ReadAsync(filed, HttpStatusCode.Created)).GetProperty("id").GetGuid());
    }

    private static Guid? AssigneeOf(JsonElement request, string step) =>
        request.GetProperty("tasks").EnumerateArray().Last(t => t.GetProperty("step").GetString() == step).GetProperty("assignedTo") is { ValueKind: JsonValueKind.String } id ? id.GetGuid() : null;

    private static string[] FailedRules(JsonElement ranking, TestUser reader) =>
        ranking.GetProperty("excluded").EnumerateArray().Single(e => e.GetProperty("radiologistId").GetGuid() == reader.Id)
            .GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("rule").GetString()!).ToArray();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Accepting_assigns_the_best_readers_when_the_contract_allows_it_and_stores_every_reason(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, id) = await FiledAsync(server, "Double", automatic: true);
        var pool = await PoolAsync(server, facility, DateTimeOffset.UtcNow);
        var coordinator = await server.UserAsync("Coordinator");

        var request = await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");

        Assert.Equal("Assigned", request.GetProperty("state").GetString());
        Assert.Equal(pool.Junior.Id, AssigneeOf(request, "First"));
        Assert.Equal(pool.Senior.Id, AssigneeOf(request, "Second"));
        var decisions = await server.GetAsync(coordinator, $"/api/requests/{id}/assignments");
        Assert.Equal(2, decisions.GetArrayLength());
        Assert.All(decisions.EnumerateArray(), d =>
        {
            Assert.True(d.GetProperty("automatic").GetBoolean());
            Assert.Equal(JsonValueKind.Null, d.GetProperty("decidedBy").ValueKind);
            Assert.Equal("accepted", d.GetProperty("trigger").GetString());
            Assert.False(d.GetProperty("override").GetBoolean());
        });
        var first = decisions[0].GetProperty("ranking");
        Assert.Equal([pool.Junior.Id, pool.Senior.Id], first.GetProperty("ranked").EnumerateArray().Select(r => r.GetProperty("radiologistId").GetGuid()));
        Assert.Equal(["modality"], FailedRules(first, pool.MrOnly));
        Assert.Equal(["facility_conflict"], FailedRules(first, pool.Conflicted));
        Assert.Equal(["shift"], FailedRules(first, pool.OffShift));
        // The second reader must be more senior than the first: the junior one is left out for it.
        var second = decisions[1].GetProperty("ranking");
        Assert.Equal([pool.Senior.Id], second.GetProperty("ranked").EnumerateArray().Select(r => r.GetProperty("radiologistId").GetGuid()));
        Assert.Contains("same_reader", FailedRules(second, pool.Junior));

        // The assigned steps are load: the junior reader now has one open task.
        var suggestions = await server.GetAsync(coordinator, $"/api/requests/{id}/suggestions/First");
        var junior = suggestions.GetProperty("ranked").EnumerateArray().Single(r => r.GetProperty("radiologistId").GetGuid() == pool.Junior.Id);
        Assert.Contains(junior.GetProperty("components").EnumerateArray(), c => c.GetProperty("explanation").GetString() == "1 of 10 tasks open");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Without_the_contract_option_the_coordinator_gets_suggestions_and_an_override_is_stored_with_its_remark(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, id) = await FiledAsync(server, "Single", automatic: false);
        var pool = await PoolAsync(server, facility, DateTimeOffset.UtcNow);
        var coordinator = await server.UserAsync("Coordinator");

        var request = await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        Assert.Equal("Triage", request.GetProperty("state").GetString());
        Assert.Null(AssigneeOf(request, "First"));

        var suggestions = await server.GetAsync(coordinator, $"/api/requests/{id}/suggestions/First");
        Assert.Equal(pool.Junior.Id, suggestions.GetProperty("ranked")[0].GetProperty("radiologistId").GetGuid());
        Assert.Equal(3, suggestions.GetProperty("excluded").GetArrayLength());

        var etag = await server.ETagAsync(coordinator, id);
        using (var unknown = await server.SendAsync(coordinator, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = Guid.NewGuid() }, etag))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
            Assert.Contains("assignment.unknown_reader", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        request = await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/assign", new { Step = "First", ReaderId = pool.Senior.Id, Remark = "神経放射線の経験を優先" });
        Assert.Equal(pool.Senior.Id, AssigneeOf(request, "First"));
        var decision = (await server.GetAsync(coordinator, $"/api/requests/{id}/assignments")).EnumerateArray().Single();
        Assert.True(decision.GetProperty("override").GetBoolean());
        Assert.False(decision.GetProperty("automatic").GetBoolean());
        Assert.Equal(coordinator.Id, decision.GetProperty("decidedBy").GetGuid());
        Assert.Equal("神経放射線の経験を優先", decision.GetProperty("remark").GetString());
        Assert.Equal(pool.Junior.Id, decision.GetProperty("ranking").GetProperty("ranked")[0].GetProperty("radiologistId").GetGuid());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_radiologist_the_facility_prefers_by_contract_gains_the_preference_points_and_a_non_radiologist_cannot_be_preferred(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, id) = await FiledAsync(server, "Single", automatic: false);
        var pool = await PoolAsync(server, facility, DateTimeOffset.UtcNow);
        var coordinator = await server.UserAsync("Coordinator");
        await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        var admin = await server.UserAsync("Admin");

        using (var refused = await server.SendAsync(admin, HttpMethod.Put, $"/api/admin/facilities/{facility}/contract", Contract(0, coordinator.Id)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("contract.unknown_radiologist", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var before = await server.GetAsync(coordinator, $"/api/requests/{id}/suggestions/First");
        using (var edited = await server.SendAsync(admin, HttpMethod.Put, $"/api/admin/facilities/{facility}/contract", Contract(0, pool.Senior.Id)))
        {
            var contract = (await ApiServer.ReadAsync(edited, HttpStatusCode.OK)).GetProperty("contract");
            Assert.Equal([pool.Senior.Id], contract.GetProperty("preferredRadiologists").EnumerateArray().Select(p => p.GetGuid()));
        }

        var after = await server.GetAsync(coordinator, $"/api/requests/{id}/suggestions/First");
        Assert.Equal(Preference(before, pool.Senior) + 10, Preference(after, pool.Senior));
        Assert.Equal(0, Preference(after, pool.Junior));
        Assert.Equal("preferred by the facility", Component(after, pool.Senior).GetProperty("explanation").GetString());

        static object Contract(int version, Guid preferred) => new
        {
            Version = version,
            ServiceMenus = new[] { "normal", "24-365" },
            ReadingModes = new[] { "Single", "Double" },
            PreferredRadiologists = new[] { preferred },
        };

        static JsonElement Component(JsonElement suggestions, TestUser reader) =>
            suggestions.GetProperty("ranked").EnumerateArray().Single(r => r.GetProperty("radiologistId").GetGuid() == reader.Id)
                .GetProperty("components").EnumerateArray().Single(c => c.GetProperty("factor").GetString() == "preference");

        static double Preference(JsonElement suggestions, TestUser reader) => Component(suggestions, reader).GetProperty("points").GetDouble();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_declined_step_goes_to_the_next_candidate_and_the_decliner_is_not_asked_again(string provider)
    {
        await using var server = await ApiServer.StartAsync(provider);
        var (facility, id) = await FiledAsync(server, "Single", automatic: true);
        var pool = await PoolAsync(server, facility, DateTimeOffset.UtcNow);
        var coordinator = await server.UserAsync("Coordinator");
        var request = await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        Assert.Equal(pool.Junior.Id, AssigneeOf(request, "First"));

        request = await server.EditAsync(pool.Junior, id, HttpMethod.Post, $"/api/requests/{id}/steps/First/decline", new { Text = "本日は対応できません" });

        Assert.Equal(pool.Senior.Id, AssigneeOf(request, "First"));
        Assert.Equal("Assigned", request.GetProperty("state").GetString());
        var decline = (await server.GetAsync(coordinator, $"/api/requests/{id}/assignments"))[1];
        Assert.Equal("declined", decline.GetProperty("trigger").GetString());
        Assert.Equal(["declined"], FailedRules(decline.GetProperty("ranking"), pool.Junior));
        using (var gone = await server.SendAsync(pool.Junior, HttpMethod.Get, $"/api/requests/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        // When the senior reader declines too, nobody is left: the request goes back to triage for the coordinator.
        request = await server.EditAsync(pool.Senior, id, HttpMethod.Post, $"/api/requests/{id}/steps/First/decline", new { Text = "専門外" });
        Assert.Equal("Triage", request.GetProperty("state").GetString());
        Assert.Null(AssigneeOf(request, "First"));
        var events = await server.GetAsync(coordinator, $"/api/requests/{id}/events");
        Assert.Equal(2, events.EnumerateArray().Count(e => e.GetProperty("name").GetString() == "step_declined"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_reader_whose_shift_ends_before_the_due_time_loses_an_unstarted_step_to_the_next_candidate(string provider)
    {
        var start = DateTimeOffset.UtcNow;
        var time = new ManualTime(start);
        await using var server = await ApiServer.StartAsync(provider, time);
        var (_, id) = await FiledAsync(server, "Single", automatic: true);
        var leaving = await server.RadiologistAsync(10, "leaving", shifts: [(start.AddDays(-1), start.AddMinutes(20))]);
        var later = await server.RadiologistAsync(12, "later", shifts: [(start.AddMinutes(10), start.AddDays(1))]);
        var coordinator = await server.UserAsync("Coordinator");
        var request = await server.EditAsync(coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        Assert.Equal(leaving.Id, AssigneeOf(request, "First"));

        using (var early = await server.SendAsync(coordinator, HttpMethod.Post, "/api/assignment/reassign-off-shift"))
        {
            Assert.Equal(0, (await ApiServer.ReadAsync(early, HttpStatusCode.OK)).GetArrayLength());
        }

        time.Advance(TimeSpan.FromMinutes(25));
        using (var swept = await server.SendAsync(coordinator, HttpMethod.Post, "/api/assignment/reassign-off-shift"))
        {
            var moved = (await ApiServer.ReadAsync(swept, HttpStatusCode.OK)).EnumerateArray().Single();
            Assert.Equal((id, "First", leaving.Id, later.Id), (moved.GetProperty("requestId").GetGuid(), moved.GetProperty("step").GetString(), moved.GetProperty("from").GetGuid(), moved.GetProperty("to").GetGuid()));
        }

        request = await server.GetAsync(coordinator, $"/api/requests/{id}");
        Assert.Equal(later.Id, AssigneeOf(request, "First"));
        var decisions = await server.GetAsync(coordinator, $"/api/requests/{id}/assignments");
        Assert.Equal("shift_ended", decisions[1].GetProperty("trigger").GetString());
        var events = await server.GetAsync(coordinator, $"/api/requests/{id}/events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("name").GetString() == "step_withdrawn");
    }
}
