using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Identity;

/// <summary>Admins manage accounts over the API; edits are checked against the version they saw, and audited.</summary>
public sealed class UserAdminTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_admin_creates_a_radiologist_who_gets_a_password_and_a_totp_enrolment_and_a_stale_edit_is_refused(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var admin = await People.SignInAsync(server, await People.AddUserAsync(server, "admin", UserRole.Admin));

        var response = await admin.PostAsJsonAsync("api/admin/users", new { login = "Yamada.Rad", role = "Radiologist", displayNameJa = "山田 花子", displayNameEn = "Hanako Yamada" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("yamada.rad", created.GetProperty("user").GetProperty("login").GetString());
        Assert.Equal(16, created.GetProperty("password").GetString()!.Length);
        Assert.StartsWith("otpauth://totp/", created.GetProperty("otpauthUri").GetString(), StringComparison.Ordinal);
        var id = created.GetProperty("user").GetProperty("id").GetString();

        var duplicate = await admin.PostAsJsonAsync("api/admin/users", new { login = "yamada.rad", role = "Coordinator" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("user.exists", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var facilityForCenterRole = await admin.PostAsJsonAsync("api/admin/users", new { login = "wrong", role = "Coordinator", facilityId = 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, facilityForCenterRole.StatusCode);

        var edit = new { version = 0, displayNameJa = "山田 花子", displayNameEn = "Hanako Yamada", role = "Coordinator", facilityId = (long?)null, disabled = false };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"api/admin/users/{id}", edit)).StatusCode);
        var stale = await admin.PutAsJsonAsync($"api/admin/users/{id}", edit);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("user.version_conflict", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await using var db = People.Db(server);
        var changes = await db.AuditEvents.Where(e => e.Action.StartsWith("user.")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["user.create", "user.update"], changes.Select(e => e.Action));
        Assert.All(changes, e => Assert.Equal(id, e.SubjectId));
        Assert.Equal("Radiologist/// -> Coordinator///".Replace("///", "//enabled", StringComparison.Ordinal), changes[1].Detail);
    }
}
