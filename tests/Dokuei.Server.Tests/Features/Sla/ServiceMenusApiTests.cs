using System.Net;
using System.Text.Json;
using Dokuei.Server.Tests.Features.Notifications;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Sla;

/// <summary>Service menus as data the center's admin edits; requests take their due time from the menu as it stands.</summary>
public sealed class ServiceMenusApiTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    private static object Menu(string code, int turnaroundMinutes, string name = "二時間読影") => new
    {
        Code = code,
        Name = name,
        EnglishName = "Two hours",
        ReceptionOpens = "00:00:00",
        ReceptionMinutes = 1440,
        ReceptionBusinessDaysOnly = false,
        TurnaroundKind = "HoursAnyTime",
        TurnaroundMinutes = turnaroundMinutes,
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_admin_creates_a_menu_requests_are_due_by_it_an_edit_needs_the_current_etag_and_a_withdrawn_menu_cannot_be_ordered(string provider)
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        await using var world = await WorkflowWorld.StartAsync(provider, time);
        var server = world.Server;
        var admin = await server.NewUserAsync("Admin", null);

        using var created = await server.SendAsync(admin, HttpMethod.Post, "/api/admin/service-menus", Menu("two-hours", 120));
        var menu = await ApiServer.ReadAsync(created, HttpStatusCode.Created);
        var menuId = menu.GetProperty("id").GetGuid();
        Assert.Equal(("two-hours", 120, false), (menu.GetProperty("code").GetString(), menu.GetProperty("turnaroundMinutes").GetInt32(), menu.GetProperty("disabled").GetBoolean()));
        Assert.Contains((await server.GetAsync(world.Clerk, "/api/service-menus")).EnumerateArray(), m => m.GetProperty("code").GetString() == "two-hours");

        var first = await world.FileAsync(await world.StoreStudyAsync("ACC-M1"), "two-hours");
        var accepted = await server.EditAsync(world.Coordinator, first, HttpMethod.Post, $"/api/requests/{first}/accept");
        Assert.Equal(time.GetUtcNow().AddHours(2), accepted.GetProperty("dueAt").GetDateTimeOffset());

        // Edits: without If-Match 428, with a stale one 412, with the current one 200 and a new ETag.
        using (var blind = await server.SendAsync(admin, HttpMethod.Put, $"/api/admin/service-menus/{menuId}", Menu("two-hours", 90)))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, blind.StatusCode);
        }

        using (var stale = await server.SendAsync(admin, HttpMethod.Put, $"/api/admin/service-menus/{menuId}", Menu("two-hours", 90), "\"99\""))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        var etag = created.Headers.ETag!.ToString();
        using (var changed = await server.SendAsync(admin, HttpMethod.Put, $"/api/admin/service-menus/{menuId}", Menu("two-hours", 90, "九十分読影"), etag))
        {
            var body = await ApiServer.ReadAsync(changed, HttpStatusCode.OK);
            Assert.Equal(("九十分読影", 90), (body.GetProperty("name").GetString(), body.GetProperty("turnaroundMinutes").GetInt32()));
            Assert.NotEqual(etag, changed.Headers.ETag!.ToString());
            etag = changed.Headers.ETag!.ToString();
        }

        var second = await world.FileAsync(await world.StoreStudyAsync("ACC-M2"), "two-hours");
        accepted = await server.EditAsync(world.Coordinator, second, HttpMethod.Post, $"/api/requests/{second}/accept");
        Assert.Equal(time.GetUtcNow().AddMinutes(90), accepted.GetProperty("dueAt").GetDateTimeOffset());
        // The request accepted earlier keeps its due time.
        Assert.Equal(time.GetUtcNow().AddHours(2), (await server.GetAsync(world.Clerk, $"/api/requests/{first}")).GetProperty("dueAt").GetDateTimeOffset());

        using (var withdrawn = await server.SendAsync(admin, HttpMethod.Post, $"/api/admin/service-menus/{menuId}/state", new { Disabled = true }, etag))
        {
            Assert.True((await ApiServer.ReadAsync(withdrawn, HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
        }

        using (var refused = await server.SendAsync(world.Clerk, HttpMethod.Post, "/api/requests", new { Mode = "Single", ServiceMenu = "two-hours", AccessionNumber = "ACC-M3" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("request.unknown_menu", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain((await server.GetAsync(world.Clerk, "/api/service-menus")).EnumerateArray(), m => m.GetProperty("code").GetString() == "two-hours");
        Assert.Contains((await server.GetAsync(admin, "/api/admin/service-menus")).EnumerateArray(), m => m.GetProperty("code").GetString() == "two-hours" && m.GetProperty("disabled").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_invalid_menu_is_refused_naming_every_bad_field_and_only_admins_manage_menus(string provider)
    {
        await using var world = await WorkflowWorld.StartAsync(provider);
        var server = world.Server;
        var admin = await server.NewUserAsync("Admin", null);
        using (var invalid = await server.SendAsync(admin, HttpMethod.Post, "/api/admin/service-menus", new
        {
            Code = "Bad Code",
            Name = "",
            EnglishName = "x",
            ReceptionOpens = "09:00:00",
            ReceptionMinutes = 2000,
            TurnaroundKind = "NextDayAt",
            CutOff = "18:00:00",
        }))
        {
            var problem = await ApiServer.ReadAsync(invalid, HttpStatusCode.BadRequest);
            Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
            var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(["code", "cutOff", "name", "receptionMinutes", "turnaroundTimeOfDay"], fields);
        }

        using (var taken = await server.SendAsync(admin, HttpMethod.Post, "/api/admin/service-menus", Menu("normal", 60)))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        }

        foreach (var user in new[] { world.Coordinator, world.Clerk })
        {
            using var refused = await server.SendAsync(user, HttpMethod.Post, "/api/admin/service-menus", Menu("mine", 60));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var menus = await server.GetAsync(admin, "/api/admin/service-menus");
        Assert.Equal(["24-365", "next-morning", "normal", "urgent"], menus.EnumerateArray().Select(m => m.GetProperty("code").GetString()));
        var normal = menus.EnumerateArray().Single(m => m.GetProperty("code").GetString() == "normal");
        Assert.Equal(("18:00:00", "NextBusinessDayAt", "18:00:00"), (normal.GetProperty("cutOff").GetString(), normal.GetProperty("turnaroundKind").GetString(), normal.GetProperty("turnaroundTimeOfDay").GetString()));
        Assert.Equal(JsonValueKind.Null, normal.GetProperty("turnaroundMinutes").ValueKind);
    }
}
