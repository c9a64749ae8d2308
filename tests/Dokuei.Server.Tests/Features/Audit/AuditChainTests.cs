using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Features.Audit;

/// <summary>The hash chain: appends in order, and every change, deletion or truncation found by verification.</summary>
public sealed class AuditChainTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    /// <summary>Every column of audit_events with a value that differs from what <see cref="SeedAsync"/> writes.</summary>
    public static TheoryData<string, string, string> Tamperings
    {
        get
        {
            var columns = new (string Column, string Value)[]
            {
                ("occurred_at", "'2020-01-01T00:00:00.000000Z'"), ("actor_id", "'someone-else'"), ("actor_name", "'mallory'"), ("actor_role", "'Billing'"),
                ("action", "'dicomweb.qido'"), ("subject_type", "'series'"), ("subject_id", "'1.2.3.999'"), ("facility_id", "99"),
                ("remote_address", "'10.0.0.66'"), ("user_agent", "'forged'"), ("outcome", "'forged'"), ("reason", "'forged'"),
                ("detail", "'forged'"), ("previous_hash", "'" + new string('a', 64) + "'"), ("hash", "'" + new string('b', 64) + "'"),
            };
            var data = new TheoryData<string, string, string>();
            foreach (var provider in TestDatabases.Providers)
            {
                foreach (var (column, value) in columns)
                {
                    data.Add(provider, column, value);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_untouched_log_verifies_and_each_event_names_its_predecessor(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await SeedAsync(log.Db);
        var verification = await AuditChain.VerifyAsync(log.Db, CancellationToken.None);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(5, verification.Events);
        var events = await log.Db.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Id));
        Assert.Equal(AuditEvent.GenesisHash, events[0].PreviousHash);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].Hash, events[i].PreviousHash);
        }
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Changing_any_field_of_any_event_is_detected(string provider, string column, string value)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await SeedAsync(log.Db);
        for (var target = 1; target <= 5; target++)
        {
            // Each change is rolled back after verification, so every event is tampered with on an intact chain.
            await using var transaction = await log.Db.Database.BeginTransactionAsync();
#pragma warning disable EF1002 // Column names come from the test's own table.
            var changed = await log.Db.Database.ExecuteSqlRawAsync($"UPDATE audit_events SET {column} = {value} WHERE id = {target}");
#pragma warning restore EF1002
            Assert.Equal(1, changed);
            var verification = await AuditChain.VerifyAsync(log.Db, CancellationToken.None);
            Assert.False(verification.Intact, $"{column} of event {target} changed unnoticed");
            Assert.Equal(target, verification.FirstBrokenId);
            await transaction.RollbackAsync();
        }

        Assert.True((await AuditChain.VerifyAsync(log.Db, CancellationToken.None)).Intact);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleting_an_event_is_detected_and_named(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await SeedAsync(log.Db);
        await log.Db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events WHERE id = 3");
        var verification = await AuditChain.VerifyAsync(log.Db, CancellationToken.None);
        Assert.Equal(3, verification.FirstBrokenId);
        Assert.Contains("event 3 is missing", verification.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleting_and_renumbering_to_close_the_gap_is_detected(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await SeedAsync(log.Db);
        await log.Db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events WHERE id = 3");
        await log.Db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET id = id - 1 WHERE id > 3");
        var verification = await AuditChain.VerifyAsync(log.Db, CancellationToken.None);
        Assert.Equal(3, verification.FirstBrokenId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_truncated_tail_is_reported_as_truncation(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await SeedAsync(log.Db);
        await log.Db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events WHERE id >= 4");
        var verification = await AuditChain.VerifyAsync(log.Db, CancellationToken.None);
        Assert.Equal(4, verification.FirstBrokenId);
        Assert.Contains("truncated: events 4 to 5 are missing from the end", verification.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_writers_extend_one_chain_without_forks_or_gaps(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        var writers = Enumerable.Range(0, 8).Select(async w =>
        {
            await using var db = log.NewContext();
            for (var i = 0; i < 10; i++)
            {
                await AuditLog.AppendAsync(db, TimeProvider.System, new AuditRecord { Action = "test.concurrent", Detail = $"{w}/{i}" }, CancellationToken.None);
            }
        });
        await Task.WhenAll(writers);
        var verification = await AuditChain.VerifyAsync(log.Db, CancellationToken.None);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(80, verification.Events);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_event_written_inside_a_rolled_back_transaction_leaves_no_trace(string provider)
    {
        await using var log = await TestLog.CreateAsync(provider);
        await SeedAsync(log.Db);
        await using (var transaction = await log.Db.Database.BeginTransactionAsync())
        {
            await AuditLog.AppendAsync(log.Db, TimeProvider.System, new AuditRecord { Action = "study.delete" }, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        await AuditLog.AppendAsync(log.Db, TimeProvider.System, new AuditRecord { Action = "after" }, CancellationToken.None);
        var verification = await AuditChain.VerifyAsync(log.Db, CancellationToken.None);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(6, verification.Events);
    }

    internal static async Task SeedAsync(DokueiDbContext db)
    {
        var time = TimeProvider.System;
        await AuditLog.AppendAsync(db, time, new AuditRecord { Action = "signin.success", ActorId = Guid.NewGuid().ToString("D"), ActorName = "tanaka", ActorRole = "FacilityStaff", SubjectType = "user", SubjectId = "tanaka", FacilityId = 1, RemoteAddress = "127.0.0.1", UserAgent = "test", Detail = "d" }, CancellationToken.None);
        await AuditLog.AppendAsync(db, time, new AuditRecord { Action = "dicomweb.wado.retrieve", ActorId = "credential:1", ActorName = "A", ActorRole = "facility", SubjectType = "study", SubjectId = "1.2.3", FacilityId = 1, RemoteAddress = "::1", UserAgent = "viewer", Detail = "?x=1" }, CancellationToken.None);
        await AuditLog.AppendAsync(db, time, new AuditRecord { Action = "signin.failure", Outcome = AuditEvent.Failure, Reason = "wrong password", ActorId = "x", ActorName = "x", ActorRole = "Radiologist", SubjectType = "user", SubjectId = "x", FacilityId = 2, RemoteAddress = "10.0.0.1", UserAgent = "ua", Detail = "d" }, CancellationToken.None);
        await AuditLog.AppendAsync(db, time, new AuditRecord { Action = "study.delete", ActorId = "credential:2", ActorName = "operator", ActorRole = "operator", SubjectType = "study", SubjectId = "1.2.4", FacilityId = 3, RemoteAddress = "127.0.0.1", UserAgent = "curl", Reason = "r", Detail = "2 instances" }, CancellationToken.None);
        await AuditLog.AppendAsync(db, time, new AuditRecord { Action = "user.create", ActorId = "y", ActorName = "admin", ActorRole = "Admin", SubjectType = "user", SubjectId = "z", FacilityId = 4, RemoteAddress = "127.0.0.2", UserAgent = "browser", Reason = "r", Detail = "role Radiologist" }, CancellationToken.None);
    }
}

/// <summary>A migrated database of its own (SQLite file or PostgreSQL database) for audit tests.</summary>
internal sealed class TestLog : IAsyncDisposable
{
    private readonly DatabaseConnection _connection;
    private readonly string _directory;

    private TestLog(DatabaseConnection connection, string directory)
    {
        _connection = connection;
        _directory = directory;
        Db = connection.CreateContext(FacilityScope.ForAll());
    }

    public DokueiDbContext Db { get; }

    public DatabaseConnection Connection => _connection;

    public string Directory => _directory;

    public string? Database { get; private init; }

    public static async Task<TestLog> CreateAsync(string provider)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("dokuei-audit-").FullName;
        var database = await TestDatabases.CreateAsync(provider);
        var log = new TestLog(DatabaseConnection.Parse(database, directory), directory) { Database = database };
        await Migrator.MigrateAsync(log.Db, TimeProvider.System);
        return log;
    }

    public DokueiDbContext NewContext() => _connection.CreateContext(FacilityScope.ForAll());

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
