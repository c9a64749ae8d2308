using Npgsql;

namespace Dokuei.Server.Tests.TestSupport;

/// <summary>
/// The databases archive tests run on: SQLite always, PostgreSQL when <c>DOKUEI_TEST_POSTGRES</c> names a server
/// (./test starts a throwaway cluster and sets it). Each test gets a fresh PostgreSQL database.
/// </summary>
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static string? PostgresServer => Environment.GetEnvironmentVariable("DOKUEI_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>Theory data: "sqlite", and "postgres" when a server is configured.</summary>
    public static TheoryData<string> Providers
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresServer != null)
            {
                data.Add(Postgres);
            }

            return data;
        }
    }

    /// <summary>The --database value for a provider: null for SQLite in the data directory, a new empty database for PostgreSQL.</summary>
    public static async Task<string?> CreateAsync(string provider)
    {
        if (provider == Sqlite)
        {
            return null;
        }

        var server = PostgresServer ?? throw new InvalidOperationException("DOKUEI_TEST_POSTGRES is not set");
        var name = "dokuei_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
