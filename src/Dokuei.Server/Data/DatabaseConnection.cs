using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dokuei.Server.Data;

/// <summary>
/// SQLite's LIKE ignores ASCII case; DICOM matching is case-sensitive (PostgreSQL's LIKE is). Names are matched on
/// normalised columns, so both databases answer the same.
/// </summary>
internal sealed class SqliteCaseSensitiveLike : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteCaseSensitiveLike Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA case_sensitive_like = ON";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA case_sensitive_like = ON";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Which database to use: SQLite in the data directory by default, or PostgreSQL from a URL or keyword string.</summary>
internal sealed record DatabaseConnection(string Provider, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>
    /// Parses <c>--database</c>: empty for SQLite at <c>DATA/dokuei.db</c>; <c>postgres://user:pass@host:port/db</c>
    /// (or <c>postgresql://</c>); an Npgsql keyword string (<c>Host=...;Database=...</c>); <c>sqlite:PATH</c>.
    /// </summary>
    public static DatabaseConnection Parse(string? database, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(database))
        {
            return new DatabaseConnection(Sqlite, SqliteConnectionString(Path.Combine(dataDirectory, "dokuei.db")));
        }

        if (database.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseConnection(Sqlite, SqliteConnectionString(Path.GetFullPath(database["sqlite:".Length..])));
        }

        if (database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(database);
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            };
            var userInfo = uri.UserInfo.Split(':', 2);
            if (userInfo[0].Length > 0)
            {
                builder.Username = Uri.UnescapeDataString(userInfo[0]);
            }

            if (userInfo.Length > 1)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[1]);
            }

            return new DatabaseConnection(Postgres, builder.ConnectionString);
        }

        if (database.Contains("Host=", StringComparison.OrdinalIgnoreCase) || database.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseConnection(Postgres, new NpgsqlConnectionStringBuilder(database).ConnectionString);
        }

        throw new ArgumentException("--database: expected postgres://user:password@host:port/database, an Npgsql connection string (Host=...;Database=...) or sqlite:PATH");
    }

    /// <summary>Configures EF Core for this connection.</summary>
    public void Configure(DbContextOptionsBuilder builder)
    {
        if (Provider == Sqlite)
        {
            builder.UseSqlite(ConnectionString).AddInterceptors(SqliteCaseSensitiveLike.Instance);
        }
        else
        {
            builder.UseNpgsql(ConnectionString);
        }
    }

    /// <summary>A context for this connection outside dependency injection (operator commands, tests).</summary>
    public DokueiDbContext CreateContext(FacilityScope scope)
    {
        if (Provider == Sqlite)
        {
            var options = new DbContextOptionsBuilder<SqliteDokueiDbContext>();
            Configure(options);
            return new SqliteDokueiDbContext(options.Options) { Scope = scope };
        }

        var pg = new DbContextOptionsBuilder<PostgresDokueiDbContext>();
        Configure(pg);
        return new PostgresDokueiDbContext(pg.Options) { Scope = scope };
    }

    /// <summary>A description without the password, for logs.</summary>
    public string Describe()
    {
        if (Provider == Sqlite)
        {
            return $"sqlite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
        }

        var pg = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"postgres {pg.Host}:{pg.Port}/{pg.Database}";
    }

    private static string SqliteConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString();
}
