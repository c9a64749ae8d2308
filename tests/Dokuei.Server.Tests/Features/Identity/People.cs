using System.Net;
using System.Net.Http.Json;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Features.Identity;

/// <summary>Facilities and people in a test server, and clients signed in as them (with a cookie jar).</summary>
internal static class People
{
    public const string Password = "correct horse battery";

    public static DokueiDbContext Db(ArchiveServer server) => DatabaseConnection.Parse(server.Database, server.DataDirectory).CreateContext(FacilityScope.ForAll());

    /// <summary>Creates a facility; returns its id and its DICOMweb token.</summary>
    public static async Task<(long Id, string Token)> AddFacilityAsync(ArchiveServer server, string name, bool requireSecondFactor = false)
    {
        await using var db = Db(server);
        var facility = new Facility { Name = name, CreatedAt = DateTimeOffset.UtcNow, RequireSecondFactor = requireSecondFactor };
        facility.AeTitles.Add(new FacilityAeTitle { AeTitle = name.Length > 16 ? name[..16] : name });
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        var token = AccessTokens.Issue(db, facility.Id, Credential.FacilityRole, name, TimeProvider.System);
        await db.SaveChangesAsync();
        return (facility.Id, token);
    }

    /// <summary>
    /// Creates a user with <see cref="Password"/> through the user service, as the admin API does: accounts that must
    /// use TOTP get a pending enrolment, which the first sign-in confirms.
    /// </summary>
    public static async Task<TestUser> AddUserAsync(ArchiveServer server, string login, UserRole role, long? facilityId = null)
    {
        await using var db = Db(server);
        var account = await UserAccounts.CreateAsync(db, server.Services.GetRequiredService<Pbkdf2PasswordHasher>(), TimeProvider.System, login, role, facilityId,
            login + "（日本語）", login, null, Password, CancellationToken.None);
        await db.SaveChangesAsync();
        return new TestUser(account.User.Id, account.User.Login, role, facilityId, account.TotpSecret is { } secret ? Base32.Decode(secret) : null);
    }

    /// <summary>A client with a cookie jar, not signed in.</summary>
    public static HttpClient Browser(ArchiveServer server) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

    /// <summary>A client signed in as <paramref name="user"/> (with a fresh TOTP code when the user has a secret).</summary>
    public static async Task<HttpClient> SignInAsync(ArchiveServer server, TestUser user, int stepOffset = 0)
    {
        var client = Browser(server);
        var response = await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = Password, totpCode = user.Code(stepOffset) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {user.Login}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }
}

/// <summary>A user created by a test, with the TOTP secret if any.</summary>
internal sealed record TestUser(Guid Id, string Login, UserRole Role, long? FacilityId, byte[]? Secret)
{
    /// <summary>The TOTP code of the current time step (plus <paramref name="stepOffset"/>), or null without a secret.</summary>
    public string? Code(int stepOffset = 0) => Secret == null ? null : Totp.ComputeCode(Secret, Totp.TimeStepAt(DateTimeOffset.UtcNow) + stepOffset);
}
