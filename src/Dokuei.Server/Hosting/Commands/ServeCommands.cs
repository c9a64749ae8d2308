using System.CommandLine;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;

namespace Dokuei.Server.Hosting.Commands;

/// <summary><c>dokuei serve</c> and <c>dokuei migrate</c>.</summary>
internal static class ServeCommands
{
    public static Command Serve()
    {
        var common = new CommonOptions();
        var httpPort = new Option<int?>("--http-port") { Description = "HTTP port (default 8080) on 127.0.0.1 (DOKUEI_BIND_ADDRESS to change)" };
        var dimsePort = new Option<int?>("--dimse-port") { Description = "DIMSE port (default 11112)" };
        var command = new Command("serve", "Run the server: DICOMweb, the DIMSE listener, health and metrics; migrations are applied first.") { httpPort, dimsePort };
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = common.Settings(result);
            if (result.GetValue(httpPort) is { } http)
            {
                settings = settings with { HttpPort = http };
            }

            if (result.GetValue(dimsePort) is { } dimse)
            {
                settings = settings with { DimsePort = dimse };
            }

            var app = await DokueiApp.BuildAsync(settings, Console.Out, cancellationToken).ConfigureAwait(false);
            await using (app.ConfigureAwait(false))
            {
                var logger = app.Services.GetRequiredService<ILogger<DokueiSettings>>();
                HostingLog.Starting(logger, $"http://{settings.BindAddress}:{settings.HttpPort}", settings.FullDataDirectory, app.Services.GetRequiredService<DatabaseConnection>().Describe());
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    public static Command Migrate()
    {
        var common = new CommonOptions();
        var command = new Command("migrate", "Create or upgrade the database schema; creates the operator's admin credential on first run.");
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = common.Settings(result);
            Directory.CreateDirectory(settings.FullDataDirectory);
            var connection = DatabaseConnection.Parse(settings.Database, settings.FullDataDirectory);
            var db = connection.CreateContext(FacilityScope.ForAll());
            await using (db.ConfigureAwait(false))
            {
                var applied = await Migrator.MigrateAsync(db, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                Console.WriteLine(applied.Count == 0 ? $"{connection.Describe()}: up to date" : $"{connection.Describe()}: applied {string.Join(", ", applied)}");
                if (await AccessTokens.EnsureOperatorAsync(db, TimeProvider.System, cancellationToken).ConfigureAwait(false) is { } token)
                {
                    Console.WriteLine($"operator token (shown once, keep it): {token}");
                }
            }

            return 0;
        });
        return command;
    }
}

/// <summary>Log messages of hosting (event ids 1-99).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(1, LogLevel.Information, "Dokuei listening on {Url}; data in {DataDirectory}; database {Database}")]
    public static partial void Starting(ILogger logger, string url, string dataDirectory, string database);
}
