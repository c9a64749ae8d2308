using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Data;

/// <summary>
/// Applies the provider's SQL migrations (embedded <c>Data/Migrations/{Sqlite,Postgres}/NNNN_name.sql</c>) in name order,
/// each in its own transaction together with its row in <c>schema_migrations</c>. On PostgreSQL an advisory lock keeps
/// nodes that start together from migrating twice.
/// </summary>
internal static class Migrator
{
    private const long AdvisoryLockKey = 0x446F6B7565694D;

    public static async Task<IReadOnlyList<string>> MigrateAsync(DokueiDbContext db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var postgres = db.Provider == DatabaseConnection.Postgres;
            if (postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // WAL: readers (QIDO, WADO) do not wait for the writer (ingest); the setting is stored in the file.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
                var applied = new HashSet<string>(StringComparer.Ordinal);
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = "SELECT version FROM schema_migrations";
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            applied.Add(reader.GetString(0));
                        }
                    }
                }

                var newlyApplied = new List<string>();
                foreach (var (version, sql) in Scripts(db.Provider))
                {
                    if (applied.Contains(version))
                    {
                        continue;
                    }

                    var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
                        await using (var insert = connection.CreateCommand())
                        {
                            insert.Transaction = transaction;
                            insert.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)";
                            AddParameter(insert, "@version", version);
                            AddParameter(insert, "@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }

                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    newlyApplied.Add(version);
                }

                return newlyApplied;
            }
            finally
            {
                if (postgres)
                {
                    await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The provider's scripts, by version (file name without extension), in order.</summary>
    public static IEnumerable<(string Version, string Sql)> Scripts(string provider)
    {
        var folder = provider == DatabaseConnection.Postgres ? "Postgres" : "Sqlite";
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"Migrations/{folder}/";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (Path.GetFileNameWithoutExtension(name[prefix.Length..]), reader.ReadToEnd());
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL is our own embedded migration script, not input.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        parameter.DbType = DbType.String;
        command.Parameters.Add(parameter);
    }
}
