using System.Data;
using System.Data.Common;
using System.Globalization;
using Dokuei.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dokuei.Server.Features.Audit;

/// <summary>
/// Appends to the hash-chained audit log. Each append first moves the head (<c>audit_checkpoint</c>) forward with an
/// UPDATE, which takes the row lock on PostgreSQL and the write lock on SQLite: writers take turns from there to the
/// commit, so the chain never forks and ids have no gaps. Inside the caller's transaction when there is one (the event
/// commits or rolls back with the change it records), in its own otherwise. Written with plain commands so that
/// nothing the caller has pending in the change tracker is saved by accident.
/// </summary>
internal static class AuditLog
{
    public static async Task<AuditEvent> AppendAsync(DokueiDbContext db, TimeProvider time, AuditRecord record, CancellationToken cancellationToken)
    {
        IDbContextTransaction? own = null;
        if (db.Database.CurrentTransaction == null)
        {
            own = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var connection = db.Database.GetDbConnection();
            long id;
            string previous;
            await using (var head = Command(connection, transaction, "UPDATE audit_checkpoint SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id, last_hash"))
            {
                var reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("audit_checkpoint has no row: the audit log is damaged; run `dokuei audit verify`.");
                    }

                    id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                    previous = reader.GetString(1);
                }
            }

            var entry = new AuditEvent
            {
                Id = id,
                OccurredAt = AuditEvent.FormatTime(time.GetUtcNow()),
                ActorId = record.ActorId,
                ActorName = record.ActorName,
                ActorRole = record.ActorRole,
                Action = record.Action,
                SubjectType = record.SubjectType,
                SubjectId = record.SubjectId,
                FacilityId = record.FacilityId,
                RemoteAddress = record.RemoteAddress,
                UserAgent = record.UserAgent,
                Outcome = record.Outcome,
                Reason = record.Reason,
                Detail = record.Detail,
                PreviousHash = previous,
                Hash = string.Empty,
            };
            entry.Hash = entry.ComputeHash();

            await using (var insert = Command(connection, transaction,
                "INSERT INTO audit_events (id, occurred_at, actor_id, actor_name, actor_role, action, subject_type, subject_id, facility_id, remote_address, user_agent, outcome, reason, detail, previous_hash, hash) " +
                "VALUES (@id, @occurred_at, @actor_id, @actor_name, @actor_role, @action, @subject_type, @subject_id, @facility_id, @remote_address, @user_agent, @outcome, @reason, @detail, @previous_hash, @hash)"))
            {
                Add(insert, "@id", entry.Id, DbType.Int64);
                Add(insert, "@occurred_at", entry.OccurredAt);
                Add(insert, "@actor_id", entry.ActorId);
                Add(insert, "@actor_name", entry.ActorName);
                Add(insert, "@actor_role", entry.ActorRole);
                Add(insert, "@action", entry.Action);
                Add(insert, "@subject_type", entry.SubjectType);
                Add(insert, "@subject_id", entry.SubjectId);
                Add(insert, "@facility_id", entry.FacilityId, DbType.Int64);
                Add(insert, "@remote_address", entry.RemoteAddress);
                Add(insert, "@user_agent", entry.UserAgent);
                Add(insert, "@outcome", entry.Outcome);
                Add(insert, "@reason", entry.Reason);
                Add(insert, "@detail", entry.Detail);
                Add(insert, "@previous_hash", entry.PreviousHash);
                Add(insert, "@hash", entry.Hash);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var update = Command(connection, transaction, "UPDATE audit_checkpoint SET last_hash = @hash WHERE id = 1"))
            {
                Add(update, "@hash", entry.Hash);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (own != null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return entry;
        }
        finally
        {
            if (own != null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Constant SQL; every value is a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    private static void Add(DbCommand command, string name, object? value, DbType type = DbType.String)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
