using Dokuei.Server.Data;
using Dokuei.Server.Tests.TestSupport;
using Npgsql;

namespace Dokuei.Server.Tests.Data;

/// <summary>--database parsing and the migrator.</summary>
public sealed class DatabaseConnectionTests
{
    [Fact]
    public void Default_is_sqlite_in_the_data_directory()
    {
        var connection = DatabaseConnection.Parse(null, "/srv/dokuei");
        Assert.Equal(DatabaseConnection.Sqlite, connection.Provider);
        Assert.Contains("/srv/dokuei/dokuei.db", connection.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://reader:p%40ss@db.example:6432/dokuei")]
    [InlineData("Host=db.example;Port=6432;Username=reader;Password=p@ss;Database=dokuei")]
    public void Postgres_urls_and_keyword_strings_are_accepted(string value)
    {
        var connection = DatabaseConnection.Parse(value, "/srv/dokuei");
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        Assert.Equal(DatabaseConnection.Postgres, connection.Provider);
        Assert.Equal(("db.example", 6432, "reader", "p@ss", "dokuei"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
        Assert.DoesNotContain("p@ss", connection.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Anything_else_is_refused() => Assert.Throws<ArgumentException>(() => DatabaseConnection.Parse("mysql://x", "/srv"));

    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrations_apply_once_and_every_provider_has_the_same_versions(string provider)
    {
        var data = Directory.CreateTempSubdirectory("dokuei-migrate-").FullName;
        try
        {
            var connection = DatabaseConnection.Parse(await TestDatabases.CreateAsync(provider), data);
            await using var db = connection.CreateContext(FacilityScope.ForAll());
            Assert.Equal(Migrator.Scripts(connection.Provider).Select(s => s.Version), await Migrator.MigrateAsync(db, TimeProvider.System));
            Assert.Equal(["0001_archive", "0002_identity_audit", "0003_requests_reports", "0004_dimse_destinations", "0005_workflow_operations", "0006_contract_preferences"], Migrator.Scripts(connection.Provider).Select(s => s.Version));
            Assert.Empty(await Migrator.MigrateAsync(db, TimeProvider.System));
            Assert.Equal(0, db.Studies.Count());
            Assert.Equal(Migrator.Scripts(DatabaseConnection.Sqlite).Select(s => s.Version), Migrator.Scripts(DatabaseConnection.Postgres).Select(s => s.Version));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
