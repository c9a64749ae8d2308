using Dokuei.Server.Data;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Notifications;
using Dokuei.Server.Features.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Reports;

/// <summary>
/// <c>/api/requests/{id}/report</c>: readers start, save and sign drafts of the steps they claimed; QA approves or
/// returns; addenda; critical findings acknowledged; read receipts; and <c>/api/critical-findings</c> for coordinators.
/// Edits need If-Match with the request's ETag: the request is the unit of work its report belongs to.
/// </summary>
internal static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/requests/{id:guid}/report").WithTags("Reports");
        group.MapGet("/", GetAsync).RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/versions/{versionId:guid}", GetVersionAsync).RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/versions/{versionId:guid}/checks", ChecksAsync).RequireAuthorization(RequestAccess.ReaderPolicy);
        group.MapPost("/drafts", StartDraftAsync).RequireAuthorization(RequestAccess.ReaderPolicy);
        group.MapPut("/versions/{versionId:guid}", SaveDraftAsync).RequireAuthorization(RequestAccess.ReaderPolicy);
        group.MapPost("/versions/{versionId:guid}/sign", SignAsync).RequireAuthorization(RequestAccess.ReaderPolicy);
        group.MapPost("/qa", QaAsync).RequireAuthorization(RequestAccess.QaPolicy);
        group.MapPost("/addenda", AddendumAsync).RequireAuthorization(RequestAccess.ReaderPolicy);
        group.MapPost("/critical/{notificationId:guid}/acknowledge", AcknowledgeAsync).RequireAuthorization(RequestAccess.FacilityPolicy);
        group.MapPost("/designated-readers", DesignateAsync).RequireAuthorization(RequestAccess.FacilityPolicy);
        api.MapGet("/critical-findings", OpenCriticalAsync).WithTags("Reports").RequireAuthorization(RequestAccess.CoordinatorPolicy);
        api.MapGet("/report-templates", (string? modality, string? bodyPart) => TypedResults.Ok(ReportTemplates.For(modality, bodyPart).ToList()))
            .WithTags("Reports").RequireAuthorization(RequestAccess.ParticipantPolicy);
    }

    private static Task<Report?> LoadAsync(DokueiDbContext db, Guid requestId, CancellationToken ct) =>
        db.Reports.FirstOrDefaultAsync(r => r.RequestId == requestId, ct);

    // Facility users see the signed final and addenda once the request is final; readers see their own drafts and the
    // signed versions the blind rule lets them see; coordinators, QA and admins see every signed version.
    private static bool CanSee(ReportVersion v, ReadingRequest request, Caller caller)
    {
        if (caller.IsFacilityUser)
        {
            return request.State is ReadingRequestState.Final or ReadingRequestState.Delivered
                && v.Status is ReportVersionStatus.Final or ReportVersionStatus.Addendum;
        }

        if (!v.IsSigned)
        {
            return v.AuthorId == caller.UserId;
        }

        return caller.Role != UserRole.Radiologist || v.Step is not { } step || request.CanSeeResultOf(step, caller.UserId);
    }

    private static ReportView View(Report report, ReadingRequest request, Caller caller) => new(
        report.Id,
        report.RequestId,
        [.. report.Versions.Where(v => CanSee(v, request, caller)).Select(v => ReportVersionView.Of(v, report))],
        caller.IsFacilityUser ? [] : report.QaDecisions,
        [.. report.CriticalNotifications.Select(n => CriticalNotificationView.Of(n, report))],
        report.DesignatedReaders,
        report.ReadReceipts);

    /// <summary>The caller, and the request with its report when the caller may see the request and it has a report (else null).</summary>
    private static async Task<(Caller Caller, ReadingRequest Request, Report Report)?> FindWithReportAsync(HttpContext http, DokueiDbContext db, Guid id, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await RequestsApi.FindAsync(db, caller, id, ct).ConfigureAwait(false);
        var report = request is null ? null : await LoadAsync(db, id, ct).ConfigureAwait(false);
        return request is null || report is null ? null : (caller, request, report);
    }

    private static async Task<Results<Ok<ReportView>, NotFound>> GetAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report))
        {
            return TypedResults.NotFound();
        }

        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(View(report, request, caller));
    }

    private static async Task<Results<Ok<ReportVersionView>, NotFound>> GetVersionAsync(Guid id, Guid versionId, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report)
            || report.Versions.FirstOrDefault(v => v.Id == versionId) is not { } version || !CanSee(version, request, caller))
        {
            return TypedResults.NotFound();
        }

        if (caller.IsFacilityUser)
        {
            // 既読: every facility user's opening is recorded; it counts as read only for the orderer or a designated person.
            var before = report.ReadReceipts.Count;
            report.RecordOpened(versionId, caller.UserId, request.OrderedBy, time.GetUtcNow());
            if (report.ReadReceipts.Count != before)
            {
                var revision = db.Entry(report).Property<long>(ReadingRequestConfiguration.Revision);
                revision.CurrentValue = revision.OriginalValue + 1;
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            }
        }

        return TypedResults.Ok(ReportVersionView.Of(version, report));
    }

    private static async Task<Results<Ok<IReadOnlyList<ReportCheckFinding>>, NotFound>> ChecksAsync(Guid id, Guid versionId, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report)
            || report.Versions.FirstOrDefault(v => v.Id == versionId) is not { } version || !CanSee(version, request, caller))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ReportChecks.Run(Facts(request), version.Content));
    }

    private static ReportCheckFacts Facts(ReadingRequest r) => new()
    {
        Question = r.Question,
        ClinicalInformation = string.Join('\n', r.ClinicalInformation, r.ExamPurpose),
        BodyParts = r.BodyParts,
        HasPriors = r.Priors.Count > 0,
    };

    private static async Task<Results<Created<ReportVersionView>, NotFound, ProblemHttpResult>> StartDraftAsync(Guid id, StartDraftBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await RequestsApi.FindAsync(db, caller, id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        if (!request.Tasks.Any(t => t.Step == body.Step && t.State == ReadingTaskState.InProgress && t.ClaimedBy == caller.UserId))
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "report.step_not_claimed", $"Claim the {body.Step} step before writing its report.");
        }

        var now = time.GetUtcNow();
        var report = await LoadAsync(db, id, ct).ConfigureAwait(false) ?? Report.Create(SequentialGuid.Create(now), request.Id, request.FacilityId, now);
        var template = body.TemplateCode is null ? null : ReportTemplates.All.FirstOrDefault(t => t.Code == body.TemplateCode);
        // A later step starts from the last signed reading the reader may see (the draft under review).
        var reviewed = report.Versions.LastOrDefault(v => v.IsSigned && v.Status != ReportVersionStatus.Addendum && CanSee(v, request, caller));
        var content = body.Content ?? template?.ToContent() ?? reviewed?.Content ?? new ReportContent();
        var version = report.StartDraft(SequentialGuid.Create(now), body.Step, caller.UserId, content, now);
        await ApiSupport.SaveAsync(db, request, report, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Created($"/api/requests/{id}/report/versions/{version.Id}", ReportVersionView.Of(version, report));
    }

    private static async Task<Results<Ok<ReportVersionView>, NotFound>> SaveDraftAsync(Guid id, Guid versionId, ReportContent body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report))
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        report.SaveDraft(versionId, caller.UserId, body, time.GetUtcNow());
        await ApiSupport.SaveAsync(db, request, report, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(ReportVersionView.Of(report.Version(versionId), report));
    }

    private static async Task<Results<Ok<ReportVersionView>, NotFound>> SignAsync(Guid id, Guid versionId, SignBody? body, HttpContext http, DokueiDbContext db, TimeProvider time, ReportingOptions options, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report))
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        var version = report.Version(versionId);
        if (version.AuthorId != caller.UserId)
        {
            throw new DomainException("report.not_author", "Only the author of a draft may sign it.");
        }

        var checks = ReportChecks.Run(Facts(request), version.Content);
        if (checks.FirstOrDefault(c => c.Severity == ReportCheckSeverity.Error) is { } error)
        {
            throw new DomainException("report.checks_failed", $"{error.Code}: {error.MessageEn} / {error.MessageJa}");
        }

        var now = time.GetUtcNow();
        switch (version.Step)
        {
            case ReadingStep.Correction:
                request.CompleteCorrection(caller.UserId, versionId, now);
                break;
            case ReadingStep.Reconciliation:
                request.CompleteReconciliation(caller.UserId, versionId, body?.Discrepancies ?? [], now);
                break;
            case { } step:
                request.CompleteReading(step, caller.UserId, versionId, now);
                break;
            default:
                throw new DomainException("request.wrong_step", "An addendum is not signed as a reading.");
        }

        var final = request.SignedResultId == versionId;
        report.Sign(versionId, caller.UserId, final, checks, options.CriticalEscalation, now);
        await Notifier.CriticalFindingsAsync(db, report, request.OrderedBy, now, ct).ConfigureAwait(false);
        await ApiSupport.SaveAsync(db, request, report, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(ReportVersionView.Of(version, report));
    }

    private static async Task<Results<Ok<ReportView>, NotFound>> QaAsync(Guid id, QaBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report))
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        var now = time.GetUtcNow();
        var checkedVersion = request.SignedResultId ?? throw new DomainException("request.invalid_transition", "Nothing is signed yet.");
        if (body.Approve)
        {
            request.ApproveQa(caller.UserId, now);
        }
        else
        {
            request.ReturnForCorrection(caller.UserId, body.Comment ?? "", now);
        }

        report.RecordQa(checkedVersion, caller.UserId, body.Approve, body.Comment, now);
        await ApiSupport.SaveAsync(db, request, report, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(View(report, request, caller));
    }

    private static async Task<Results<Created<ReportVersionView>, NotFound>> AddendumAsync(Guid id, AddendumBody body, HttpContext http, DokueiDbContext db, TimeProvider time, ReportingOptions options, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report))
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        var now = time.GetUtcNow();
        var version = report.AddAddendum(SequentialGuid.Create(now), caller.UserId, body.Text, body.Critical, options.CriticalEscalation, now);
        request.AddAddendum(version.Id, caller.UserId, now);
        await Notifier.CriticalFindingsAsync(db, report, request.OrderedBy, now, ct).ConfigureAwait(false);
        await ApiSupport.SaveAsync(db, request, report, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Created($"/api/requests/{id}/report/versions/{version.Id}", ReportVersionView.Of(version, report));
    }

    private static async Task<Results<Ok<CriticalNotificationView>, NotFound>> AcknowledgeAsync(Guid id, Guid notificationId, TextBody? body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report))
        {
            return TypedResults.NotFound();
        }

        var notification = report.AcknowledgeCritical(notificationId, caller.UserId, body?.Text, time.GetUtcNow());
        // An acknowledgement must not wait for an ETag: it is not an edit of the request, and it must never be lost.
        var revision = db.Entry(report).Property<long>(ReadingRequestConfiguration.Revision);
        revision.CurrentValue = revision.OriginalValue + 1;
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(CriticalNotificationView.Of(notification, report));
    }

    private static async Task<Results<Ok<ReportView>, NotFound>> DesignateAsync(Guid id, DesignateBody body, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        if (await FindWithReportAsync(http, db, id, ct).ConfigureAwait(false) is not (var caller, var request, var report))
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        report.DesignateReader(body.UserId);
        await ApiSupport.SaveAsync(db, request, report, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(View(report, request, caller));
    }

    private static async Task<Ok<List<CriticalNotificationView>>> OpenCriticalAsync(DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reports = await db.Reports.Where(r => r.CriticalNotifications.Any(n => n.AcknowledgedAt == null)).ToListAsync(ct).ConfigureAwait(false);
        // Escalation is recorded when coordinators look, as well as by the deadline monitor's sweep.
        var escalated = false;
        foreach (var report in reports)
        {
            escalated |= report.EscalateOverdue(now).Count > 0;
        }

        if (escalated)
        {
            try
            {
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The monitor (or an acknowledgement) changed a report meanwhile: a list is not an edit, so show theirs.
                db.ChangeTracker.Clear();
                reports = await db.Reports.AsNoTracking().Where(r => r.CriticalNotifications.Any(n => n.AcknowledgedAt == null)).ToListAsync(ct).ConfigureAwait(false);
            }
        }

        return TypedResults.Ok(reports.SelectMany(r => r.CriticalNotifications.Where(n => n.IsOpen).Select(n => CriticalNotificationView.Of(n, r))).ToList());
    }
}
