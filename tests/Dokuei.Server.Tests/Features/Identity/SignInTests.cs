using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Identity;

/// <summary>Cookie sign-in through the HTTP stack: passwords, the TOTP second factor, lockout, sessions.</summary>
public sealed class SignInTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_facility_user_signs_in_and_the_session_carries_the_claims_contract(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityId, _) = await People.AddFacilityAsync(server, "Hospital A");
        var user = await People.AddUserAsync(server, "tanaka", UserRole.FacilityStaff, facilityId);
        using var client = await People.SignInAsync(server, user);

        var me = await client.GetFromJsonAsync<JsonElement>("api/me");
        Assert.Equal(user.Id.ToString("D"), me.GetProperty("id").GetString());
        Assert.Equal("tanaka", me.GetProperty("name").GetString());
        Assert.Equal("FacilityStaff", me.GetProperty("role").GetString());
        Assert.Equal(facilityId, me.GetProperty("facilityId").GetInt64());

        using var anonymous = People.Browser(server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/me")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_center_user_without_a_code_is_told_a_second_factor_is_required_and_a_used_code_is_refused(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var user = await People.AddUserAsync(server, "sato.rad", UserRole.Radiologist);
        using var client = People.Browser(server);

        var withoutCode = await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        var problem = await withoutCode.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("auth.second_factor_enrolment_required", problem.GetProperty("code").GetString());
        Assert.StartsWith("otpauth://totp/Dokuei:sato.rad?secret=", problem.GetProperty("otpauthUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/me")).StatusCode);

        var code = user.Code()!;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password, totpCode = code })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/me")).StatusCode);

        using var second = People.Browser(server);
        var required = await second.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password });
        Assert.Equal("auth.second_factor_required", (await required.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var replay = await second.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password, totpCode = code });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("auth.failed", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_facility_that_requires_a_second_factor_gets_it_for_its_people(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityId, _) = await People.AddFacilityAsync(server, "Strict Clinic", requireSecondFactor: true);
        var user = await People.AddUserAsync(server, "clerk", UserRole.FacilityStaff, facilityId);
        using var client = People.Browser(server);
        var response = await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("auth.second_factor_enrolment_required", problem.GetProperty("code").GetString());

        // The secret handed out at sign-in is the one to enrol.
        var secret = Base32.Decode(problem.GetProperty("secret").GetString()!);
        var code = Dokuei.Server.Features.Identity.Totp.ComputeCode(secret, Dokuei.Server.Features.Identity.Totp.TimeStepAt(DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password, totpCode = code })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one_and_it_is_audited(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityId, _) = await People.AddFacilityAsync(server, "Hospital A");
        var user = await People.AddUserAsync(server, "suzuki", UserRole.ReferringPhysician, facilityId);
        using var client = People.Browser(server);
        for (var i = 0; i < LockoutPolicy.Default.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = "wrong password " + i })).StatusCode);
        }

        var locked = await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("auth.locked_out", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await using var db = People.Db(server);
        var actions = await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal(Enumerable.Repeat("signin.failure", 5).Concat(["signin.lockout", "signin.locked"]), actions);
        Assert.All(await db.AuditEvents.ToListAsync(), e => Assert.Equal(user.Id.ToString("D"), e.ActorId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unknown_logins_fail_like_wrong_passwords_and_are_audited_as_failures(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = People.Browser(server);
        var response = await client.PostAsJsonAsync("api/auth/sign-in", new { login = "nobody", password = "whatever it is" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("auth.failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await using var db = People.Db(server);
        var entry = await db.AuditEvents.SingleAsync();
        Assert.Equal(("signin.failure", "failure", "unknown login", "nobody"), (entry.Action, entry.Outcome, entry.Reason, entry.SubjectId));
        Assert.Equal("127.0.0.1", entry.RemoteAddress);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Signing_out_ends_the_session_and_disabling_a_user_ends_theirs(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityId, _) = await People.AddFacilityAsync(server, "Hospital A");
        var first = await People.AddUserAsync(server, "first", UserRole.FacilityStaff, facilityId);
        var second = await People.AddUserAsync(server, "second", UserRole.FacilityStaff, facilityId);
        using var one = await People.SignInAsync(server, first);
        using var two = await People.SignInAsync(server, second);

        Assert.Equal(HttpStatusCode.NoContent, (await one.PostAsync("api/auth/sign-out", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await one.GetAsync("api/me")).StatusCode);

        using var admin = server.OperatorClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/admin/users/{second.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await two.GetAsync("api/me")).StatusCode);
        var again = await two.PostAsJsonAsync("api/auth/sign-in", new { login = second.Login, password = People.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_person_enrols_a_second_factor_with_the_otpauth_uri_and_then_needs_it(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        var (facilityId, _) = await People.AddFacilityAsync(server, "Hospital A");
        var user = await People.AddUserAsync(server, "careful", UserRole.FacilityStaff, facilityId);
        using var client = await People.SignInAsync(server, user);

        var enrolment = await (await client.PostAsJsonAsync("api/me/totp", new { code = "" })).Content.ReadFromJsonAsync<JsonElement>();
        var uri = new Uri(enrolment.GetProperty("otpauthUri").GetString()!);
        Assert.Equal("otpauth", uri.Scheme);
        var secret = Base32.Decode(enrolment.GetProperty("secret").GetString()!);
        var step = Dokuei.Server.Features.Identity.Totp.TimeStepAt(DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("api/me/totp/confirm", new { code = "000000" == Dokuei.Server.Features.Identity.Totp.ComputeCode(secret, step) ? "111111" : "000000" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("api/me/totp/confirm", new { code = Dokuei.Server.Features.Identity.Totp.ComputeCode(secret, step) })).StatusCode);

        using var other = People.Browser(server);
        var response = await other.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password });
        Assert.Equal("auth.second_factor_required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var next = Dokuei.Server.Features.Identity.Totp.ComputeCode(secret, step + 1);
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = People.Password, totpCode = next })).StatusCode);
    }
}
