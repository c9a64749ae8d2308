using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Assignment;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Hosting;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>
/// Signs people in from an <c>X-Test-User: id;role[;facility]</c> header with exactly the claims of the people branch's
/// cookie sign-in (NameIdentifier, Name, Role, dokuei:facility). It stands in for that sign-in in these tests and is
/// replaced by it when both branches merge.
/// </summary>
internal sealed class TestUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestUser";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers["X-Test-User"].ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var parts = header.Split(';');
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]), new(ClaimTypes.Name, "user-" + parts[0][..8]), new(ClaimTypes.Role, parts[1]) };
        if (parts.Length > 2)
        {
            claims.Add(new Claim(Caller.FacilityClaim, parts[2]));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
    }
}

/// <summary>Radiologists for assignment, as the people branch's profiles will provide them.</summary>
internal sealed class FixedReaderCandidates(IReadOnlyList<RadiologistCandidate> candidates) : IReaderCandidates
{
    public Task<IReadOnlyList<RadiologistCandidate>> ForAsync(AssignmentCase assignmentCase, CancellationToken cancellationToken) => Task.FromResult(candidates);
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A person of the test, with the header that signs them in.</summary>
public sealed record TestUser(Guid Id, string Role, long? Facility)
{
    public string Header => Facility is { } f ? $"{Id};{Role};{f}" : $"{Id};{Role}";
}

/// <summary>The whole server in-process on a free loopback port, with test sign-in and fixed radiologist candidates.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly string? _database;

    private ApiServer(WebApplication app, string dataDirectory, string? database, int port)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _database = database;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public HttpClient Http { get; }

    internal IServiceProvider Services => _app.Services;

    public static async Task<ApiServer> StartAsync(string provider, IReadOnlyList<RadiologistCandidate>? candidates = null, TimeProvider? time = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("dokuei-api-").FullName;
        var database = await TestDatabases.CreateAsync(provider);
        var port = FreePort.Next();
        var settings = new DokueiSettings { DataDirectory = dataDirectory, HttpPort = port, DimsePort = 0, Database = database };
        var app = await DokueiApp.BuildAsync(settings, new StringWriter(), CancellationToken.None, services =>
        {
            services.AddAuthentication(o => o.DefaultScheme = TestUserHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestUserHandler>(TestUserHandler.SchemeName, null);
            services.AddSingleton<IReaderCandidates>(new FixedReaderCandidates(candidates ?? []));
            if (time != null)
            {
                services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        return new ApiServer(app, dataDirectory, database, port);
    }

    /// <summary>Creates a facility; returns its id and a client with its DICOMweb token.</summary>
    public async Task<(long Id, HttpClient Stow)> AddFacilityAsync(string name)
    {
        await using var db = DatabaseConnection.Parse(_database, _dataDirectory).CreateContext(FacilityScope.ForAll());
        var facility = new Facility { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        var token = AccessTokens.Issue(db, facility.Id, Credential.FacilityRole, name, TimeProvider.System);
        await db.SaveChangesAsync();
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (facility.Id, client);
    }

    public async Task<HttpResponseMessage> SendAsync(TestUser user, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        using var message = new HttpRequestMessage(method, path);
        message.Headers.Add("X-Test-User", user.Header);
        if (ifMatch != null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body != null)
        {
            message.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return await Http.SendAsync(message);
    }

    public async Task<JsonElement> GetAsync(TestUser user, string path)
    {
        using var response = await SendAsync(user, HttpMethod.Get, path);
        return await ReadAsync(response, System.Net.HttpStatusCode.OK);
    }

    /// <summary>The request's current ETag as <paramref name="user"/> sees it.</summary>
    public async Task<string> ETagAsync(TestUser user, Guid requestId)
    {
        using var response = await SendAsync(user, HttpMethod.Get, $"/api/requests/{requestId}");
        await ReadAsync(response, System.Net.HttpStatusCode.OK);
        return response.Headers.ETag!.ToString();
    }

    /// <summary>An edit of the request, with If-Match from a fresh read; expects 200 or 201.</summary>
    public async Task<JsonElement> EditAsync(TestUser user, Guid requestId, HttpMethod method, string path, object? body = null)
    {
        var etag = await ETagAsync(user, requestId);
        using var response = await SendAsync(user, method, path, body ?? new { }, etag);
        if (response.StatusCode is not (System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Created))
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
