using System.Net;
using System.Text.Json;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Notifications;

/// <summary>In-app notifications: raised for the other side of a thread and for critical findings, seen only by their user.</summary>
public sealed class NotificationsApiTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    private static async Task<JsonElement> MineAsync(ApiServer server, TestUser user, string query = "") =>
        await server.GetAsync(user, "/api/notifications" + query);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_comment_notifies_the_other_side_only_and_each_user_sees_and_marks_only_their_own(string provider)
    {
        await using var world = await WorkflowWorld.StartAsync(provider);
        var server = world.Server;
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-N1"));
        await world.AcceptAndClaimAsync(id);
        var colleague = await WorkflowWorld.AddUserAsync(server, UserRole.ReferringPhysician, world.Facility);

        // The facility asks: the assigned reader is told, not the asker.
        using (var asked = await server.SendAsync(world.Clerk, HttpMethod.Post, $"/api/requests/{id}/comments", new { Body = "造影の追加は必要ですか。" }))
        {
            await ApiServer.ReadAsync(asked, HttpStatusCode.Created);
        }

        var readerInbox = await MineAsync(server, world.Reader);
        Assert.Equal(1, readerInbox.GetProperty("total").GetInt32());
        var question = readerInbox.GetProperty("items")[0];
        Assert.Equal(("Comment", id), (question.GetProperty("kind").GetString(), question.GetProperty("requestId").GetGuid()));
        Assert.Contains("造影の追加は必要ですか。", question.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await MineAsync(server, world.Clerk)).GetProperty("total").GetInt32());

        // The reader answers: the orderer is told; a colleague who took no part is not.
        using (var answered = await server.SendAsync(world.Reader, HttpMethod.Post, $"/api/requests/{id}/comments", new { Body = "不要です。" }))
        {
            await ApiServer.ReadAsync(answered, HttpStatusCode.Created);
        }

        Assert.Equal(1, (await MineAsync(server, world.Clerk)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await MineAsync(server, colleague)).GetProperty("total").GetInt32());
        Assert.Equal(1, (await MineAsync(server, world.Reader)).GetProperty("total").GetInt32());

        // Someone else's notification cannot be marked (404); its owner can.
        var questionId = question.GetProperty("id").GetGuid();
        using (var foreign = await server.SendAsync(world.Clerk, HttpMethod.Post, $"/api/notifications/{questionId}/read", new { }))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using (var marked = await server.SendAsync(world.Reader, HttpMethod.Post, $"/api/notifications/{questionId}/read", new { }))
        {
            var read = await ApiServer.ReadAsync(marked, HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.String, read.GetProperty("readAt").ValueKind);
        }

        Assert.Equal(0, (await MineAsync(server, world.Reader, "?unreadOnly=true")).GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_list_puts_unread_first_newest_first_and_pages(string provider)
    {
        await using var world = await WorkflowWorld.StartAsync(provider);
        var server = world.Server;
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-N2"));
        await world.AcceptAndClaimAsync(id);
        for (var i = 1; i <= 5; i++)
        {
            using var asked = await server.SendAsync(world.Clerk, HttpMethod.Post, $"/api/requests/{id}/comments", new { Body = $"質問 {i}" });
            await ApiServer.ReadAsync(asked, HttpStatusCode.Created);
        }

        var all = (await MineAsync(server, world.Reader)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["質問 5", "質問 4", "質問 3", "質問 2", "質問 1"], all.Select(n => n.GetProperty("text").GetString()![^4..]));
        var second = all[3].GetProperty("id").GetGuid();
        foreach (var read in new[] { all[0], all[1] })
        {
            using var marked = await server.SendAsync(world.Reader, HttpMethod.Post, $"/api/notifications/{read.GetProperty("id").GetGuid()}/read", new { });
            await ApiServer.ReadAsync(marked, HttpStatusCode.OK);
        }

        var page1 = await MineAsync(server, world.Reader, "?page=1&pageSize=2");
        var page3 = await MineAsync(server, world.Reader, "?page=3&pageSize=2");
        Assert.Equal(5, page1.GetProperty("total").GetInt32());
        Assert.Equal(["質問 3", "質問 2"], page1.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("text").GetString()![^4..]));
        Assert.Equal(second, page1.GetProperty("items")[1].GetProperty("id").GetGuid());
        Assert.Equal(["質問 4"], page3.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("text").GetString()![^4..]));

        using (var all2 = await server.SendAsync(world.Reader, HttpMethod.Post, "/api/notifications/read-all", new { }))
        {
            Assert.Equal(HttpStatusCode.NoContent, all2.StatusCode);
        }

        Assert.Equal(0, (await MineAsync(server, world.Reader, "?unreadOnly=true")).GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_critical_finding_notifies_the_orderer_and_the_facility_users_at_signing(string provider)
    {
        await using var world = await WorkflowWorld.StartAsync(provider);
        var server = world.Server;
        var physician = await WorkflowWorld.AddUserAsync(server, UserRole.ReferringPhysician, world.Facility);
        var (otherFacility, otherStow) = await server.AddFacilityAsync("港病院");
        otherStow.Dispose();
        var outsider = await WorkflowWorld.AddUserAsync(server, UserRole.ReferringPhysician, otherFacility);
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-N3"));
        await world.AcceptAndClaimAsync(id);
        await world.SignCriticalAsync(id);

        foreach (var user in new[] { world.Clerk, physician })
        {
            var items = (await MineAsync(server, user)).GetProperty("items");
            Assert.Equal(1, items.GetArrayLength());
            Assert.Equal(("CriticalFinding", id), (items[0].GetProperty("kind").GetString(), items[0].GetProperty("requestId").GetGuid()));
        }

        Assert.Equal(0, (await MineAsync(server, outsider)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await MineAsync(server, world.Coordinator)).GetProperty("total").GetInt32());
    }
}
