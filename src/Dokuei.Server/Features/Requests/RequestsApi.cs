using Dokuei.Server.Data;
using Dokuei.Server.Features.Assignment;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Sla;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Requests;

/// <summary>
/// <c>/api/requests</c>: a facility files and follows its requests; coordinators accept (with automatic assignment
/// when the contract allows it), hold, reject; readers and QA checkers claim and release steps (assignment itself:
/// <see cref="Assignment.AssignmentApi"/>). Each endpoint loads the request, calls
/// one aggregate method and saves. Edits need If-Match with the request's ETag.
/// </summary>
internal static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/requests").WithTags("Requests");
        group.MapPost("/", FileAsync).RequireAuthorization(RequestAccess.FacilityPolicy);
        group.MapGet("/", ListAsync).RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapGet("/{id:guid}/events", EventsAsync).RequireAuthorization(RequestAccess.ParticipantPolicy);
        group.MapPost("/{id:guid}/accept", AcceptAsync).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        group.MapPost("/{id:guid}/hold", (Guid id, TextBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct) =>
            EditAsync(id, http, db, (r, c) => r.PutOnHold(body.Text ?? "", c.UserId, time.GetUtcNow()), ct)).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        group.MapPost("/{id:guid}/resume", (Guid id, TextBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct) =>
            EditAsync(id, http, db, (r, c) => r.Resume(body.Text ?? "", c.UserId, time.GetUtcNow()), ct)).RequireAuthorization(RequestAccess.FacilityPolicy);
        group.MapPost("/{id:guid}/reject", (Guid id, RejectBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct) =>
            EditAsync(id, http, db, (r, c) => r.Reject(body.Reason, body.Remark, c.UserId, time.GetUtcNow()), ct)).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        group.MapPost("/{id:guid}/cancel", (Guid id, TextBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct) =>
            EditAsync(id, http, db, (r, c) => r.Cancel(body.Text, c.UserId, time.GetUtcNow()), ct)).RequireAuthorization(RequestAccess.FacilityPolicy);
        group.MapPost("/{id:guid}/steps/{step}/claim", (Guid id, ReadingStep step, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct) =>
            EditAsync(id, http, db, (r, c) => r.ClaimStep(step, c.UserId, time.GetUtcNow()), ct)).RequireAuthorization(RequestAccess.WorkerPolicy);
        group.MapPost("/{id:guid}/steps/{step}/release", (Guid id, ReadingStep step, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct) =>
            EditAsync(id, http, db, (r, c) => r.ReleaseStep(step, c.UserId, time.GetUtcNow()), ct)).RequireAuthorization(RequestAccess.WorkerPolicy);
        group.MapPost("/{id:guid}/steps/{step}/withdraw", (Guid id, ReadingStep step, TextBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct) =>
            EditAsync(id, http, db, (r, c) => r.WithdrawStep(step, c.UserId, body.Text, time.GetUtcNow()), ct)).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        return group;
    }

    /// <summary>Loads a request the caller may see, or null (404).</summary>
    public static Task<ReadingRequest?> FindAsync(DokueiDbContext db, Caller caller, Guid id, CancellationToken ct) =>
        RequestAccess.Visible(db.ReadingRequests, caller).FirstOrDefaultAsync(r => r.Id == id, ct);

    private static async Task<Results<Created<RequestView>, ProblemHttpResult>> FileAsync(FileRequestBody body, HttpContext http, DokueiDbContext db, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        var facilityId = caller.FacilityId!.Value;
        var now = time.GetUtcNow();
        var menu = await db.ServiceMenus.FirstOrDefaultAsync(m => m.Code == body.ServiceMenu && !m.Disabled, ct).ConfigureAwait(false);
        if (menu is null)
        {
            return ApiSupport.Problem(StatusCodes.Status422UnprocessableEntity, "request.unknown_menu", $"There is no service menu '{body.ServiceMenu}' on offer.");
        }

        if (await ServiceMenusApi.ContractRefusesAsync(db, facilityId, menu.Code, body.Mode, ct).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        // An expected study may be in the archive already: by its UID, or by its accession number.
        var archived = await db.Studies
            .Where(s => s.FacilityId == facilityId && ((body.StudyInstanceUid != null && s.StudyInstanceUid == body.StudyInstanceUid)
                || (body.StudyInstanceUid == null && body.AccessionNumber != null && s.AccessionNumber == body.AccessionNumber)))
            .Select(s => s.StudyInstanceUid)
            .FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var request = ReadingRequest.CreateDraft(SequentialGuid.Create(now), new ReadingRequestOrder
        {
            FacilityId = facilityId,
            OrderedBy = caller.UserId,
            Type = body.Type,
            OriginalRequestId = body.OriginalRequestId,
            Mode = body.Mode,
            ServiceMenuId = menu.Id,
            RequiresQa = body.RequiresQa,
            StudyInstanceUid = body.StudyInstanceUid,
            AccessionNumber = body.AccessionNumber,
            Modality = body.Modality,
            RequestedSpecialty = body.RequestedSpecialty,
            ClinicalInformation = body.ClinicalInformation,
            ExamPurpose = body.ExamPurpose,
            Question = body.Question,
            BodyParts = body.BodyParts,
            Priors = [.. body.Priors.Select(p => new PriorStudy(p, SuggestedBySystem: false))],
        }, now);
        var calendar = await RequestsSeed.CalendarAsync(db, ct).ConfigureAwait(false);
        if (archived is not null && body.StudyInstanceUid is not null)
        {
            request.Submit(imagesInArchive: true, menu, calendar, caller.UserId, now);
        }
        else
        {
            request.Submit(imagesInArchive: false, menu, calendar, caller.UserId, now);
            if (archived is not null)
            {
                request.ImagesArrived(archived, now);
            }
        }

        db.ReadingRequests.Add(request);
        await ApiSupport.SaveAsync(db, request, null, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        // The facility's earlier studies of the patient are offered as priors from here on.
        http.Response.Headers.Link = $"</api/requests/{request.Id}/prior-suggestions>; rel=\"prior-suggestions\"";
        return TypedResults.Created($"/api/requests/{request.Id}", RequestView.Of(request, caller));
    }

    private static async Task<Ok<Page<RequestView>>> ListAsync(HttpContext http, DokueiDbContext db, ReadingRequestState? state, int? page, int? pageSize, CancellationToken ct)
    {
        var caller = http.Caller();
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var number = Math.Max(page ?? 1, 1);
        var query = RequestAccess.Visible(db.ReadingRequests, caller);
        if (state is { } s)
        {
            query = query.Where(r => r.State == s);
        }

        var total = await query.CountAsync(ct).ConfigureAwait(false);
        // Ids are version 7 UUIDs: newest first is descending id, on both providers.
        var items = await query.OrderByDescending(r => r.Id).Skip((number - 1) * size).Take(size).AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(new Page<RequestView>([.. items.Select(r => RequestView.Of(r, caller))], number, size, total));
    }

    private static async Task<Results<Ok<RequestView>, NotFound>> GetAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        var request = await FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(RequestView.Of(request, http.Caller()));
    }

    private static async Task<Results<Ok<List<StoredRequestEvent>>, NotFound>> EventsAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await db.RequestEvents.Where(e => e.RequestId == id).OrderBy(e => e.Id).AsNoTracking().ToListAsync(ct).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<RequestView>, NotFound>> AcceptAsync(Guid id, HttpContext http, DokueiDbContext db, StepAssigner assigner, TimeProvider time, CancellationToken ct)
    {
        var request = await FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        var menu = await db.ServiceMenus.FirstAsync(m => m.Id == request.ServiceMenuId, ct).ConfigureAwait(false);
        var calendar = await RequestsSeed.CalendarAsync(db, ct).ConfigureAwait(false);
        request.Accept(menu, calendar, http.Caller().UserId, time.GetUtcNow());
        if (await assigner.IsAutomaticAsync(request.FacilityId, ct).ConfigureAwait(false))
        {
            await assigner.AssignOpenStepsAsync(request, "accepted", ct).ConfigureAwait(false);
        }

        await ApiSupport.SaveAsync(db, request, null, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(RequestView.Of(request, http.Caller()));
    }

    /// <summary>Loads, checks If-Match, applies one aggregate method, saves.</summary>
    public static async Task<Results<Ok<RequestView>, NotFound>> EditAsync(Guid id, HttpContext http, DokueiDbContext db, Action<ReadingRequest, Caller> change, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await FindAsync(db, caller, id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        change(request, caller);
        await ApiSupport.SaveAsync(db, request, null, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(RequestView.Of(request, caller));
    }

    /// <summary>Whether the role is one of the center's (not a facility's).</summary>
    public static bool IsCenterRole(UserRole role) => role is UserRole.Coordinator or UserRole.Radiologist or UserRole.QaChecker or UserRole.Admin;
}
