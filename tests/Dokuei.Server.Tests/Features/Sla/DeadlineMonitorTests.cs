using System.Text.Json;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Sla;
using Dokuei.Server.Tests.Features.Notifications;
using Dokuei.Server.Tests.Features.Requests;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Features.Sla;

/// <summary>The deadline monitor, swept by hand on a clock the test moves: at risk, overdue, escalation, each once.</summary>
public sealed class DeadlineMonitorTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_goes_at_risk_at_three_quarters_of_its_time_then_overdue_each_recorded_and_told_once(string provider)
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        await using var world = await WorkflowWorld.StartAsync(provider, time);
        var monitor = world.Server.Services.GetRequiredService<DeadlineMonitor>();
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-D1"));
        var accepted = await world.Server.EditAsync(world.Coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        var due = accepted.GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(time.GetUtcNow().AddHours(1), due);

        time.Advance(TimeSpan.FromMinutes(44));
        Assert.Equal(new DeadlineSweep(0, 0, 0, 0), await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DeadlineSweep(1, 0, 0, 0), await monitor.SweepAsync(CancellationToken.None));
        Assert.Equal(new DeadlineSweep(0, 0, 0, 0), await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(new DeadlineSweep(0, 1, 0, 0), await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(new DeadlineSweep(0, 0, 0, 0), await monitor.SweepAsync(CancellationToken.None));

        // Hours have passed on the server's clock: the morning's sessions have expired.
        await world.Server.SignInAsync(world.Coordinator);
        await world.Server.SignInAsync(world.Clerk);
        var inbox = await world.Server.GetAsync(world.Coordinator, "/api/notifications");
        Assert.Equal(["Overdue", "AtRisk"], inbox.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("kind").GetString()));
        Assert.All(inbox.GetProperty("items").EnumerateArray(), n => Assert.Equal(id, n.GetProperty("requestId").GetGuid()));
        Assert.Equal(0, (await world.Server.GetAsync(world.Clerk, "/api/notifications")).GetProperty("total").GetInt32());

        var (scope, db) = world.Db();
        using (scope)
        {
            var history = await db.DeadlineEvents.Where(e => e.RequestId == id).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([(DeadlineStatus.AtRisk, 45), (DeadlineStatus.Overdue, 60)], history.Select(e => (e.Status, (int)(e.At - due.AddHours(-1)).TotalMinutes)));
            Assert.All(history, e => Assert.Equal((due, world.Facility), (e.DueAt, e.FacilityId)));
            var audited = await db.AuditEvents.Where(e => e.Action.StartsWith("deadline.")).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([("deadline.at_risk", id.ToString()), ("deadline.overdue", id.ToString())], audited.Select(e => (e.Action, e.SubjectId!)));
            Assert.True((await AuditChain.VerifyAsync(db, CancellationToken.None)).Intact);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_final_request_is_not_watched_and_an_unacknowledged_critical_finding_escalates_to_the_coordinators_once(string provider)
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        await using var world = await WorkflowWorld.StartAsync(provider, time);
        var monitor = world.Server.Services.GetRequiredService<DeadlineMonitor>();
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-D2"));
        await world.AcceptAndClaimAsync(id);
        await world.SignCriticalAsync(id);
        var request = await world.Server.GetAsync(world.Clerk, $"/api/requests/{id}");
        Assert.Equal("Final", request.GetProperty("state").GetString());

        // 30 minutes is the default escalation time; the request itself is final, so no deadline warnings.
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(new DeadlineSweep(0, 0, 0, 0), await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new DeadlineSweep(0, 0, 1, 0), await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new DeadlineSweep(0, 0, 0, 0), await monitor.SweepAsync(CancellationToken.None));

        await world.Server.SignInAsync(world.Coordinator);
        await world.Server.SignInAsync(world.Clerk);
        var inbox = (await world.Server.GetAsync(world.Coordinator, "/api/notifications")).GetProperty("items");
        Assert.Equal(["CriticalEscalation"], inbox.EnumerateArray().Select(n => n.GetProperty("kind").GetString()));
        var report = await world.Server.GetAsync(world.Clerk, $"/api/requests/{id}/report");
        var critical = report.GetProperty("criticalNotifications")[0];
        Assert.Equal(JsonValueKind.String, critical.GetProperty("escalatedAt").ValueKind);
        Assert.Equal(critical.GetProperty("id").GetGuid(), inbox[0].GetProperty("subjectId").GetGuid());

        var (scope, db) = world.Db();
        using (scope)
        {
            var escalation = await db.AuditEvents.SingleAsync(e => e.Action == "critical.escalate");
            Assert.Equal((id.ToString(), "deadline-monitor", (long?)world.Facility), (escalation.SubjectId, escalation.ActorName, escalation.FacilityId));
        }
    }

    [Fact]
    public async Task On_postgresql_a_sweep_while_another_node_sweeps_does_nothing_and_the_next_one_catches_up()
    {
        if (TestDatabases.PostgresServer is null)
        {
            return;
        }

        var time = new ManualTime(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        await using var world = await WorkflowWorld.StartAsync(TestDatabases.Postgres, time);
        var monitor = world.Server.Services.GetRequiredService<DeadlineMonitor>();
        var id = await world.FileAsync(await world.StoreStudyAsync("ACC-D3"));
        await world.Server.EditAsync(world.Coordinator, id, HttpMethod.Post, $"/api/requests/{id}/accept");
        time.Advance(TimeSpan.FromHours(2));

        var (scope, db) = world.Db();
        using (scope)
        {
            // The other node: the same lock, held in its own open transaction.
            await using var other = await db.Database.BeginTransactionAsync();
            var held = await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock(19262805738088787) AS \"Value\"").SingleAsync();
            Assert.True(held);
            Assert.Equal(new DeadlineSweep(0, 0, 0, 0), await monitor.SweepAsync(CancellationToken.None));
            await other.RollbackAsync();
        }

        Assert.Equal(new DeadlineSweep(0, 1, 0, 0), await monitor.SweepAsync(CancellationToken.None));
    }
}
