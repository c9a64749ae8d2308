using System.Data.Common;
using Dokuei.Server.Data;

namespace Dokuei.Server.Features.Archive;

/// <summary>The index tables of one ingest transaction, and the few statements ingest needs besides reading and writing rows.</summary>
internal sealed class IndexSql(DokueiDbContext db, DbTransaction transaction)
{
    public DbTransaction Transaction { get; } = transaction;

    public bool IsPostgres { get; } = db.Provider == DatabaseConnection.Postgres;

    public IndexTable<Patient> Patients { get; } = IndexTable<Patient>.For(db);

    public IndexTable<Study> Studies { get; } = IndexTable<Study>.For(db);

    public IndexTable<Series> Series { get; } = IndexTable<Series>.For(db);

    public IndexTable<Instance> Instances { get; } = IndexTable<Instance>.For(db);

    /// <summary><c>facility_id = @f AND column IN (...)</c> for a table, with the action that binds its parameters.</summary>
    public string InFacility<T>(IndexTable<T> table, long facilityId, string property, IReadOnlyList<string> values, out Action<DbCommand> bind)
        where T : class
    {
        var inList = In(table, property, values.Cast<object>().ToList(), "v", out var bindValues);
        bind = command =>
        {
            command.Parameters.Add(table.Bind(command, nameof(Patient.FacilityId), "@f", facilityId));
            bindValues(command);
        };
        return $"{table.ColumnOf(nameof(Patient.FacilityId))} = @f AND {inList}";
    }

    /// <summary><c>column IN (@p0, @p1, ...)</c>, one parameter per value (a batch has at most a few hundred).</summary>
    public string In<T>(IndexTable<T> table, string property, IReadOnlyList<object> values, string prefix, out Action<DbCommand> bind)
        where T : class
    {
        bind = command =>
        {
            for (var i = 0; i < values.Count; i++)
            {
                command.Parameters.Add(table.Bind(command, property, $"@{prefix}{i}", values[i]));
            }
        };
        return $"{table.ColumnOf(property)} IN ({string.Join(", ", values.Select((_, i) => $"@{prefix}{i}"))})";
    }

    /// <summary>The stored versions of these SOP Instance UIDs in the facility (only what ingest compares, not their metadata).</summary>
    public async Task<List<(string SopInstanceUid, InstanceVersion Version)>> VersionsAsync(long facilityId, IReadOnlyList<string> sopInstanceUids, CancellationToken cancellationToken)
    {
        var where = InFacility(Instances, facilityId, nameof(Instance.SopInstanceUid), sopInstanceUids, out var bind);
        var command = Transaction.Connection!.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = Transaction;
#pragma warning disable CA2100 // Built from the EF model's names; every value is a parameter.
            command.CommandText = $"SELECT {Instances.ColumnOf(nameof(Instance.SopInstanceUid))}, {Instances.IdColumn}, {Instances.ColumnOf(nameof(Instance.Version))}, "
                + $"{Instances.ColumnOf(nameof(Instance.IsCurrent))}, {Instances.ColumnOf(nameof(Instance.Sha256))} FROM {Instances.Name} WHERE {where}";
#pragma warning restore CA2100
            bind(command);
            var versions = new List<(string, InstanceVersion)>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add((reader.GetString(0), new InstanceVersion(reader.GetInt64(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetString(4), null)));
                }
            }

            return versions;
        }
    }

    /// <summary>Marks a stored version as no longer the current one.</summary>
    public Task SetNotCurrentAsync(long instanceId, CancellationToken cancellationToken) =>
        Instances.UpdateAsync(Transaction, instanceId, nameof(Instance.IsCurrent), false, cancellationToken);
}
