using System.CommandLine;
using Dokuei.Server.Data;

namespace Dokuei.Server.Hosting.Commands;

/// <summary>Options every command that touches the data takes: <c>--data</c> and <c>--database</c>.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Data { get; } = new("--data") { Description = "Directory of the embedded database and the files (default ./data)" };

    public Option<string?> Database { get; } = new("--database") { Description = "postgres://user:password@host:port/database (or an Npgsql connection string); default: SQLite in --data" };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Database);
    }

    /// <summary>Settings from appsettings.json and the environment, overridden by the command line.</summary>
    public DokueiSettings Settings(ParseResult result)
    {
        var settings = DokueiSettings.Load();
        if (result.GetValue(Data) is { Length: > 0 } data)
        {
            settings = settings with { DataDirectory = data };
        }

        if (result.GetValue(Database) is { Length: > 0 } database)
        {
            settings = settings with { Database = database };
        }

        return settings;
    }

    /// <summary>The database these settings name, migrated, seeing every facility: what an operator command works on.</summary>
    public async Task<DokueiDbContext> OpenDatabaseAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var settings = Settings(result);
        Directory.CreateDirectory(settings.FullDataDirectory);
        var db = DatabaseConnection.Parse(settings.Database, settings.FullDataDirectory).CreateContext(FacilityScope.ForAll());
        try
        {
            await Migrator.MigrateAsync(db, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return db;
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
