using System.CommandLine;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dokuei.Server.Hosting.Commands;

/// <summary><c>dokuei demo</c>: a fresh demo database, then the server as <c>serve</c> runs it.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var noServe = new Option<bool>("--no-serve") { Description = "Create the demo data and stop" };
        var httpPort = new Option<int?>("--http-port") { Description = "HTTP port (default 8080)" };
        var command = new Command("demo", "Create (or reset) a demo database in --data (default ./demo-data): facilities with contracts, people, radiologists; then serve.") { noServe, httpPort };
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = common.Settings(result);
            if (result.GetValue(common.Data) is not { Length: > 0 })
            {
                // Never the operator's ./data: a demo resets its directory.
                settings = settings with { DataDirectory = "demo-data" };
            }

            if (result.GetValue(httpPort) is { } port)
            {
                settings = settings with { HttpPort = port };
            }

            Directory.CreateDirectory(settings.FullDataDirectory);
            var connection = DatabaseConnection.Parse(settings.Database, settings.FullDataDirectory);
            await ResetAsync(connection, settings, cancellationToken).ConfigureAwait(false);
            var db = connection.CreateContext(FacilityScope.ForAll());
            await using (db.ConfigureAwait(false))
            {
                await Migrator.MigrateAsync(db, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                await DemoSeeder.SeedAsync(new DemoContext(db, TimeProvider.System, Console.Out), cancellationToken).ConfigureAwait(false);
            }

            var app = await DokueiApp.BuildAsync(settings, Console.Out, cancellationToken).ConfigureAwait(false);
            await using (app.ConfigureAwait(false))
            {
                // Studies go in through the archive's own ingest, so the demo needs the server's services.
                await SeedRequestsAsync(app.Services, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"demo data in {settings.FullDataDirectory} ({connection.Describe()})");
                if (result.GetValue(noServe))
                {
                    return 0;
                }

                Console.WriteLine($"open http://{settings.BindAddress}:{settings.HttpPort}/ (sign in: POST /api/auth/sign-in)");
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Synthetic studies and reading requests in every state, ordered by each facility's referring physician.</summary>
    private static async Task SeedRequestsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        db.Scope.SetAll();
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        Guid First(UserRole role) => users.First(u => u.Role == role).Id;
        var facilities = users.Where(u => u.Role == UserRole.ReferringPhysician && u.FacilityId != null)
            .Select(u => (u.FacilityId!.Value, u.Id)).ToList();
        var people = new DemoPeople(facilities, First(UserRole.Coordinator), [.. users.Where(u => u.Role == UserRole.Radiologist).Select(u => u.Id)], First(UserRole.QaChecker));
        var ingest = scope.ServiceProvider.GetRequiredService<ArchiveIngest>();
        var requests = await RequestsDemoData.SeedAsync(db, ingest, people, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Requests: {requests.Count} reading requests, one in every state, with synthetic studies");
    }

    /// <summary>SQLite: the database file, blobs and keys go. PostgreSQL: every table in the public schema goes.</summary>
    private static async Task ResetAsync(DatabaseConnection connection, DokueiSettings settings, CancellationToken cancellationToken)
    {
        if (connection.Provider == DatabaseConnection.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
        else
        {
            Console.WriteLine($"resetting {connection.Describe()}: dropping the public schema");
            var pg = new NpgsqlConnection(connection.ConnectionString);
            await using (pg.ConfigureAwait(false))
            {
                await pg.OpenAsync(cancellationToken).ConfigureAwait(false);
                var drop = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public", pg);
                await using (drop.ConfigureAwait(false))
                {
                    await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var blobs = Path.Combine(settings.FullDataDirectory, "blobs");
        if (Directory.Exists(blobs))
        {
            Directory.Delete(blobs, recursive: true);
        }
    }
}
