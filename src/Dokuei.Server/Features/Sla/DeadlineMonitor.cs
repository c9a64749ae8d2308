using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Notifications;
using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Sla;

/// <summary>What one sweep did.</summary>
/// <param name="AtRisk">Requests newly at risk.</param>
/// <param name="Overdue">Requests newly overdue.</param>
/// <param name="Escalated">Critical findings newly escalated to the coordinators.</param>
/// <param name="CriticalToldLate">Critical findings the facility had not been told about yet (signed while a node went down).</param>
internal sealed record DeadlineSweep(int AtRisk, int Overdue, int Escalated, int CriticalToldLate);

/// <summary>
/// Watches the clock for the reading service: marks open requests at risk and overdue (kept as
/// <see cref="DeadlineEvent"/>s for statistics, each also an audit event), escalates critical findings nobody
/// acknowledged in time, and tells the coordinators of each. A sweep runs every <see cref="DeadlineMonitorOptions.Interval"/>;
/// <see cref="SweepAsync"/> is also called directly (tests, with their own <see cref="TimeProvider"/>). A sweep is one
/// transaction and records each crossing once, so sweeps of two nodes or a retry after a failure do no harm.
/// </summary>
internal sealed partial class DeadlineMonitor(IServiceScopeFactory scopes, TimeProvider time, DeadlineMonitorOptions options, ILogger<DeadlineMonitor> logger) : BackgroundService
{
    private static readonly ReadingRequestState[] Closed =
        [ReadingRequestState.Draft, ReadingRequestState.Final, ReadingRequestState.Delivered, ReadingRequestState.Rejected, ReadingRequestState.Cancelled];

    // One sweep at a time across the nodes sharing a PostgreSQL database (a transaction-scoped advisory lock).
    private const string SweepLockSql = "SELECT pg_try_advisory_xact_lock(19262805738088787) AS \"Value\"";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Interval == Timeout.InfiniteTimeSpan)
        {
            // Turned off: another node sweeps, or a test sweeps by hand.
            return;
        }

        using var timer = new PeriodicTimer(options.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var sweep = await SweepAsync(stoppingToken).ConfigureAwait(false);
                if (sweep.AtRisk + sweep.Overdue + sweep.Escalated > 0)
                {
                    Swept(logger, sweep.AtRisk, sweep.Overdue, sweep.Escalated);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick tries again; nothing of a failed sweep was committed.
                SweepFailed(logger, exception);
            }
        }
    }

    /// <summary>One sweep at the provider's current time.</summary>
    public async Task<DeadlineSweep> SweepAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
            db.Scope.SetAll();
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (db.Provider == DatabaseConnection.Postgres
                && !await db.Database.SqlQueryRaw<bool>(SweepLockSql).SingleAsync(cancellationToken).ConfigureAwait(false))
            {
                // Another node is sweeping right now; its sweep covers this one.
                return new DeadlineSweep(0, 0, 0, 0);
            }

            var coordinators = await Notifier.CoordinatorsAsync(db, cancellationToken).ConfigureAwait(false);
            var audits = new List<AuditRecord>();
            var (atRisk, overdue) = await MarkDeadlinesAsync(db, now, coordinators, audits, cancellationToken).ConfigureAwait(false);
            var (escalated, toldLate) = await EscalateCriticalAsync(db, now, coordinators, audits, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var record in audits)
            {
                await AuditLog.AppendAsync(db, time, record, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new DeadlineSweep(atRisk, overdue, escalated, toldLate);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<(int AtRisk, int Overdue)> MarkDeadlinesAsync(DokueiDbContext db, DateTimeOffset now, List<Guid> coordinators, List<AuditRecord> audits, CancellationToken ct)
    {
        // Instants are compared here, not in SQL: SQLite keeps them as text.
        var open = await db.ReadingRequests.Where(r => r.DueAt != null && !Closed.Contains(r.State))
            .Select(r => new { r.Id, r.FacilityId, r.DueAt, r.ReceivedAt, r.AcceptedAt, r.SubmittedAt })
            .AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var ids = open.Select(r => r.Id).ToList();
        var history = (await db.DeadlineEvents.Where(e => ids.Contains(e.RequestId)).AsNoTracking().ToListAsync(ct).ConfigureAwait(false))
            .ToLookup(e => e.RequestId);
        int atRisk = 0, overdue = 0;
        foreach (var request in open)
        {
            var due = request.DueAt!.Value;
            var status = options.Policy.Evaluate(request.ReceivedAt ?? request.AcceptedAt ?? request.SubmittedAt ?? due, due, now);
            var reached = history[request.Id].Where(e => e.DueAt == due).Select(e => e.Status).DefaultIfEmpty(DeadlineStatus.OnTrack).Max();
            if (status <= reached)
            {
                continue;
            }

            db.DeadlineEvents.Add(new DeadlineEvent { RequestId = request.Id, FacilityId = request.FacilityId, Status = status, DueAt = due, At = now });
            var late = status == DeadlineStatus.Overdue;
            atRisk += late ? 0 : 1;
            overdue += late ? 1 : 0;
            var text = late
                ? $"期限超過 / Overdue: due {TokyoTime.ToLocal(due):yyyy-MM-dd HH:mm} JST"
                : $"期限間近 / At risk: due {TokyoTime.ToLocal(due):yyyy-MM-dd HH:mm} JST";
            Notifier.Raise(db, coordinators, late ? NotificationKind.Overdue : NotificationKind.AtRisk, request.Id, request.FacilityId, null, text, now);
            audits.Add(SystemRecord(late ? "deadline.overdue" : "deadline.at_risk", request.Id, request.FacilityId, $"due={AuditEvent.FormatTime(due)}"));
        }

        return (atRisk, overdue);
    }

    private static async Task<(int Escalated, int ToldLate)> EscalateCriticalAsync(DokueiDbContext db, DateTimeOffset now, List<Guid> coordinators, List<AuditRecord> audits, CancellationToken ct)
    {
        var reports = await db.Reports.Where(r => r.CriticalNotifications.Any(n => n.AcknowledgedAt == null)).ToListAsync(ct).ConfigureAwait(false);
        var requestIds = reports.Select(r => r.RequestId).ToList();
        var orderers = await db.ReadingRequests.Where(r => requestIds.Contains(r.Id)).Select(r => new { r.Id, r.OrderedBy }).ToDictionaryAsync(r => r.Id, r => r.OrderedBy, ct).ConfigureAwait(false);
        var overdueIds = reports.SelectMany(r => r.CriticalNotifications).Where(n => n.IsOverdue(now)).Select(n => n.Id).ToList();
        var alreadyTold = await db.Notifications.Where(n => n.Kind == NotificationKind.CriticalEscalation && n.SubjectId != null && overdueIds.Contains(n.SubjectId.Value))
            .Select(n => n.SubjectId!.Value).Distinct().ToListAsync(ct).ConfigureAwait(false);
        int escalated = 0, toldLate = 0;
        foreach (var report in reports)
        {
            toldLate += await Notifier.CriticalFindingsAsync(db, report, orderers.GetValueOrDefault(report.RequestId), now, ct).ConfigureAwait(false);
            if (report.EscalateOverdue(now).Count > 0)
            {
                var revision = db.Entry(report).Property<long>(ReadingRequestConfiguration.Revision);
                revision.CurrentValue = revision.OriginalValue + 1;
            }

            // Escalated also when a coordinator's list escalated it first: the coordinators are told once either way.
            foreach (var notification in report.CriticalNotifications.Where(n => n.IsOpen && n.EscalatedAt is not null && !alreadyTold.Contains(n.Id)))
            {
                escalated++;
                Notifier.Raise(db, coordinators, NotificationKind.CriticalEscalation, report.RequestId, report.FacilityId, notification.Id,
                    "緊急所見が未確認です / Critical finding not acknowledged", now);
                audits.Add(SystemRecord("critical.escalate", report.RequestId, report.FacilityId, $"notification={notification.Id}"));
            }
        }

        return (escalated, toldLate);
    }

    private static AuditRecord SystemRecord(string action, Guid requestId, long facilityId, string detail) => new()
    {
        Action = action,
        ActorName = "deadline-monitor",
        ActorRole = "system",
        SubjectType = "request",
        SubjectId = requestId.ToString(),
        FacilityId = facilityId,
        Detail = detail,
    };

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Deadline sweep: {AtRisk} at risk, {Overdue} overdue, {Escalated} critical findings escalated")]
    private static partial void Swept(ILogger logger, int atRisk, int overdue, int escalated);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Deadline sweep failed; retrying at the next tick")]
    private static partial void SweepFailed(ILogger logger, Exception exception);

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }
}
