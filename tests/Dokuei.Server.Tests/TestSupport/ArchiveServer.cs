using System.Net.Http.Headers;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.TestSupport;

/// <summary>
/// The server in-process on a free loopback port, with its own data directory and database, and helpers to create
/// facilities and clients with their tokens.
/// </summary>
public sealed class ArchiveServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ArchiveServer(WebApplication app, string dataDirectory, string operatorToken, int port, string? database)
    {
        _app = app;
        DataDirectory = dataDirectory;
        OperatorToken = operatorToken;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Database = database;
    }

    public string DataDirectory { get; }

    public string OperatorToken { get; }

    public Uri BaseAddress { get; }

    public string? Database { get; }

    /// <summary>The port of the server's DIMSE listener (called AE title DOKUEI).</summary>
    public int DimsePort => _app.Services.GetRequiredService<Dokuei.Server.Features.Dimse.DimseListener>().Port;

    internal IServiceProvider Services => _app.Services;

    public static async Task<ArchiveServer> StartAsync(string provider, string? dataDirectory = null, string? database = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("dokuei-archive-").FullName;
        database ??= await TestDatabases.CreateAsync(provider);
        // Ports 0: Kestrel and the DIMSE listener pick free ports as they bind (tests run in parallel, so a port found
        // free beforehand could be taken by another test meanwhile); BaseAddress and DimsePort say which.
        var settings = new DokueiSettings { DataDirectory = dataDirectory, HttpPort = 0, DimsePort = 0, Database = database, CorsOrigins = ["http://viewer.example"] };
        var output = new StringWriter();
        var app = await DokueiApp.BuildAsync(settings, output, CancellationToken.None);
        await app.StartAsync();
        var port = BoundPort(app);
        var token = output.ToString().Split(' ', '\n').FirstOrDefault(w => w.StartsWith("dk_", StringComparison.Ordinal))?.Trim();
        if (token == null)
        {
            // A restart on existing data prints no token: the test issues itself another operator credential.
            await using var db = DatabaseConnection.Parse(database, dataDirectory).CreateContext(FacilityScope.ForAll());
            token = AccessTokens.Issue(db, null, Credential.OperatorRole, "test operator", TimeProvider.System);
            await db.SaveChangesAsync();
        }

        return new ArchiveServer(app, dataDirectory, token, port, database);
    }

    /// <summary>The HTTP port Kestrel bound (asked for port 0).</summary>
    internal static int BoundPort(WebApplication app) => new Uri(app.Urls.Single()).Port;

    /// <summary>Creates a facility and returns a client that sends its token.</summary>
    public async Task<HttpClient> AddFacilityAsync(string name)
    {
        var connection = DatabaseConnection.Parse(Database, DataDirectory);
        await using var db = connection.CreateContext(FacilityScope.ForAll());
        var facility = new Facility { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        facility.AeTitles.Add(new FacilityAeTitle { AeTitle = name.Length > 16 ? name[..16] : name });
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        var token = AccessTokens.Issue(db, facility.Id, Credential.FacilityRole, name, TimeProvider.System);
        await db.SaveChangesAsync();
        return Client(token);
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token != null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient OperatorClient() => Client(OperatorToken);

    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
