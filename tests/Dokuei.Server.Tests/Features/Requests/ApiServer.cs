using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Assignment;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Hosting;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A person of the test: a real account, signed in through the sign-in endpoint by <see cref="ApiServer"/>.</summary>
public sealed record TestUser(Guid Id, string Login, string Role, long? Facility);

/// <summary>
/// The whole server in-process on a free loopback port. People are real accounts made by the user service and signed
/// in through <c>POST /api/auth/sign-in</c> with their password and a TOTP code; each keeps its session cookie in its
/// own client. Radiologists get real profiles (through the admin API), from which assignment ranks them.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Where the server keeps its files (blobs under <c>blobs</c>).</summary>
    public string DataDirectory => _dataDirectory;

    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly string? _database;
    private readonly Dictionary<Guid, HttpClient> _clients = [];
    private readonly Dictionary<Guid, string?> _secrets = [];
    private readonly Dictionary<(string Role, long? Facility), TestUser> _byRole = [];
    private int _logins;

    private ApiServer(WebApplication app, string dataDirectory, string? database, int port)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _database = database;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Http { get; }

    internal IServiceProvider Services => _app.Services;

    public static async Task<ApiServer> StartAsync(string provider, TimeProvider? time = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("dokuei-api-").FullName;
        var database = await TestDatabases.CreateAsync(provider);
        // Ports 0, picked as they are bound (see ArchiveServer).
        var settings = new DokueiSettings { DataDirectory = dataDirectory, HttpPort = 0, DimsePort = 0, Database = database, DeadlineMonitorSeconds = 0 };
        var app = await DokueiApp.BuildAsync(settings, new StringWriter(), CancellationToken.None, services =>
        {
            if (time != null)
            {
                services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        return new ApiServer(app, dataDirectory, database, ArchiveServer.BoundPort(app));
    }

    /// <summary>The signed-in person of <paramref name="role"/> (at <paramref name="facility"/>), made once per server.</summary>
    public async Task<TestUser> UserAsync(string role, long? facility = null)
    {
        if (!_byRole.TryGetValue((role, facility), out var user))
        {
            user = await NewUserAsync(role, facility);
            _byRole[(role, facility)] = user;
        }

        return user;
    }

    /// <summary>A new account of <paramref name="role"/>, made by the user service and signed in.</summary>
    public async Task<TestUser> NewUserAsync(string role, long? facility = null, string? login = null)
    {
        login ??= $"{role.ToLowerInvariant()}-{++_logins}";
        CreatedAccount account;
        await using (var db = Db())
        {
            account = await UserAccounts.CreateAsync(db, Services.GetRequiredService<Pbkdf2PasswordHasher>(), TimeProvider.System, login,
                Enum.Parse<UserRole>(role), facility, login + "（テスト）", login, null, Password, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var user = new TestUser(account.User.Id, account.User.Login, role, facility);
        _secrets[user.Id] = account.TotpSecret;
        await SignInAsync(user);
        return user;
    }

    /// <summary>
    /// Signs <paramref name="user"/> in anew with a fresh cookie, at the server's clock: sessions expire after their idle
    /// time like real ones, so a test that moves the clock by hours signs people in again.
    /// </summary>
    public async Task SignInAsync(TestUser user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };
        string? code = null;
        if (_secrets[user.Id] is { } secret)
        {
            // The code of the server's clock (tests may move it).
            var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
            code = Totp.ComputeCode(Base32.Decode(secret), Totp.TimeStepAt(now));
        }

        using var signIn = await client.PostAsJsonAsync("api/auth/sign-in", new { login = user.Login, password = Password, totpCode = code });
        await ReadAsync(signIn, HttpStatusCode.OK);
        if (_clients.Remove(user.Id, out var previous))
        {
            previous.Dispose();
        }

        _clients[user.Id] = client;
    }

    /// <summary>
    /// A radiologist with a profile set through <c>PUT /api/admin/radiologists/{id}</c>: CT and MR, neuro and chest,
    /// on shift from a day ago for a month, unless told otherwise.
    /// </summary>
    public async Task<TestUser> RadiologistAsync(
        int years, string? login = null, string[]? modalities = null, string[]? specialties = null, string[]? certifications = null,
        long[]? conflicts = null, (DateTimeOffset Start, DateTimeOffset End)[]? shifts = null, int capacity = 10)
    {
        var reader = await NewUserAsync("Radiologist", null, login);
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var admin = await UserAsync("Admin");
        using var edited = await SendAsync(admin, HttpMethod.Put, $"/api/admin/radiologists/{reader.Id}", new
        {
            YearsOfExperience = years,
            Certifications = certifications ?? ["放射線診断専門医"],
            Specialties = specialties ?? ["neuro", "chest"],
            Modalities = modalities ?? ["CT", "MR"],
            Languages = new[] { "ja" },
            Capacity = capacity,
            ConflictFacilityIds = conflicts ?? [],
            Shifts = (shifts ?? [(now.AddDays(-1), now.AddDays(30))]).Select(s => new { StartsAt = s.Start, EndsAt = s.End }).ToArray(),
        });
        await ReadAsync(edited, HttpStatusCode.NoContent);
        return reader;
    }

    /// <summary>A database context that sees every facility.</summary>
    internal DokueiDbContext Db() => DatabaseConnection.Parse(_database, _dataDirectory).CreateContext(FacilityScope.ForAll());

    /// <summary>Creates a facility; returns its id and a client with its DICOMweb token.</summary>
    public async Task<(long Id, HttpClient Stow)> AddFacilityAsync(string name)
    {
        await using var db = Db();
        var facility = new Facility { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        var token = AccessTokens.Issue(db, facility.Id, Credential.FacilityRole, name, TimeProvider.System);
        await db.SaveChangesAsync();
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (facility.Id, client);
    }

    /// <summary>Lets the facility's contract allow automatic assignment (as an admin would, through the contract edit).</summary>
    public async Task AllowAutomaticAssignmentAsync(long facility)
    {
        using var edited = await SendAsync(await UserAsync("Admin"), HttpMethod.Put, $"/api/admin/facilities/{facility}/contract", new
        {
            Version = 0,
            ServiceMenus = new[] { "normal", "urgent", "24-365" },
            ReadingModes = new[] { "Single", "Double", "Triple", "BlindDouble" },
            Options = new[] { StepAssigner.AutomaticOption },
        });
        await ReadAsync(edited, HttpStatusCode.OK);
    }

    /// <summary>The client signed in as <paramref name="user"/>.</summary>
    public HttpClient ClientOf(TestUser user) => _clients[user.Id];

    public async Task<HttpResponseMessage> SendAsync(TestUser user, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        using var message = new HttpRequestMessage(method, path);
        if (ifMatch != null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body != null)
        {
            message.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return await _clients[user.Id].SendAsync(message);
    }

    public async Task<JsonElement> GetAsync(TestUser user, string path)
    {
        using var response = await SendAsync(user, HttpMethod.Get, path);
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The request's current ETag as <paramref name="user"/> sees it.</summary>
    public async Task<string> ETagAsync(TestUser user, Guid requestId)
    {
        using var response = await SendAsync(user, HttpMethod.Get, $"/api/requests/{requestId}");
        await ReadAsync(response, HttpStatusCode.OK);
        return response.Headers.ETag!.ToString();
    }

    /// <summary>An edit of the request, with If-Match from a fresh read; expects 200 or 201.</summary>
    public async Task<JsonElement> EditAsync(TestUser user, Guid requestId, HttpMethod method, string path, object? body = null)
    {
        var etag = await ETagAsync(user, requestId);
        using var response = await SendAsync(user, method, path, body ?? new { }, etag);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            Assert.Fail($"{method} {path} as {user.Role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await ReadAsync(response, response.StatusCode);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
