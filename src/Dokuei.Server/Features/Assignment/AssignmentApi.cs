using System.Text.Json;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Assignment;

/// <summary>A stored assignment decision with its reasons.</summary>
/// <param name="Id">The decision.</param>
/// <param name="Step">The step filled.</param>
/// <param name="ReaderId">The radiologist chosen.</param>
/// <param name="DecidedBy">The coordinator, or null when the system decided.</param>
/// <param name="Automatic">Whether the system decided (on acceptance, decline or shift end).</param>
/// <param name="Override">Whether a coordinator chose someone other than the best suggestion.</param>
/// <param name="At">When.</param>
/// <param name="Trigger">Why: <c>accepted</c>, <c>coordinator</c>, <c>declined</c>, <c>shift_ended</c>.</param>
/// <param name="Remark">The coordinator's reason, if given.</param>
/// <param name="Ranking">The ranking at the time: eligible readers with their scores, the others with the rules they failed.</param>
internal sealed record AssignmentDecisionView(long Id, ReadingStep Step, Guid ReaderId, Guid? DecidedBy, bool Automatic, bool Override, DateTimeOffset At, string Trigger, string? Remark, AssignmentRanking Ranking);

/// <summary>
/// Assignment endpoints under <c>/api</c>: a coordinator sees the ranked candidates of a step (and why the others are
/// not eligible), assigns or overrides, lets the system assign the open steps, reads the stored decisions and has steps
/// of readers whose shift ended reassigned; a reader declines a step, which goes to the next candidate when the
/// facility's contract allows automatic assignment.
/// </summary>
internal static class AssignmentApi
{
    public static void MapAssignmentApi(this IEndpointRouteBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("Assignment");
        requests.MapGet("/{id:guid}/suggestions/{step}", SuggestAsync).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        requests.MapPost("/{id:guid}/assign", AssignAsync).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        requests.MapPost("/{id:guid}/auto-assign", AutoAssignAsync).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        requests.MapGet("/{id:guid}/assignments", DecisionsAsync).RequireAuthorization(RequestAccess.CoordinatorPolicy);
        requests.MapPost("/{id:guid}/steps/{step}/decline", DeclineAsync).RequireAuthorization(RequestAccess.ReaderPolicy);
        api.MapPost("/assignment/reassign-off-shift", ReassignOffShiftAsync).WithTags("Assignment").RequireAuthorization(RequestAccess.CoordinatorPolicy);
    }

    private static async Task<Results<Ok<AssignmentRanking>, NotFound>> SuggestAsync(Guid id, ReadingStep step, HttpContext http, DokueiDbContext db, StepAssigner assigner, CancellationToken ct)
    {
        var request = await RequestsApi.FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
        return request is null ? TypedResults.NotFound() : TypedResults.Ok(await assigner.RankAsync(request, step, ct).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<RequestView>, NotFound, ProblemHttpResult>> AssignAsync(Guid id, AssignBody body, HttpContext http, DokueiDbContext db, StepAssigner assigner, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await RequestsApi.FindAsync(db, caller, id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        if (!await db.Users.AnyAsync(u => u.Id == body.ReaderId && u.Role == UserRole.Radiologist && !u.Disabled, ct).ConfigureAwait(false))
        {
            return ApiSupport.Problem(StatusCodes.Status422UnprocessableEntity, "assignment.unknown_reader", $"There is no enabled radiologist {body.ReaderId}.");
        }

        await assigner.AssignChosenAsync(request, body.Step, body.ReaderId, caller.UserId, body.Remark, ct).ConfigureAwait(false);
        return await SavedAsync(http, db, request, caller, ct).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<RequestView>, NotFound>> AutoAssignAsync(Guid id, HttpContext http, DokueiDbContext db, StepAssigner assigner, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await RequestsApi.FindAsync(db, caller, id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        await assigner.AssignOpenStepsAsync(request, "coordinator", ct).ConfigureAwait(false);
        return await SavedAsync(http, db, request, caller, ct).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<RequestView>, NotFound>> DeclineAsync(Guid id, ReadingStep step, TextBody body, HttpContext http, DokueiDbContext db, StepAssigner assigner, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        var request = await RequestsApi.FindAsync(db, caller, id, ct).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.NotFound();
        }

        ApiSupport.RequireIfMatch(http, db, request);
        request.DeclineStep(step, caller.UserId, body.Text, time.GetUtcNow());
        if (await assigner.IsAutomaticAsync(request.FacilityId, ct).ConfigureAwait(false))
        {
            await assigner.AssignBestAsync(request, step, "declined", ct).ConfigureAwait(false);
        }

        return await SavedAsync(http, db, request, caller, ct).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<List<AssignmentDecisionView>>, NotFound>> DecisionsAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        if (await RequestsApi.FindAsync(db, http.Caller(), id, ct).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        var stored = await db.AssignmentDecisions.AsNoTracking().Where(d => d.RequestId == id).OrderBy(d => d.Id).ToListAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(stored.Select(d =>
        {
            var explanation = JsonSerializer.Deserialize<AssignmentExplanation>(d.Explanation, JsonSerializerOptions.Web)!;
            var automatic = d.DecidedBy == StepAssigner.SystemActor;
            return new AssignmentDecisionView(d.Id, d.Step, d.ReaderId, automatic ? null : d.DecidedBy, automatic, d.Override, d.At, explanation.Trigger, explanation.Remark, explanation.Ranking);
        }).ToList());
    }

    private static async Task<Ok<IReadOnlyList<Reassignment>>> ReassignOffShiftAsync(StepAssigner assigner, CancellationToken ct) =>
        TypedResults.Ok(await assigner.ReassignOffShiftAsync(ct).ConfigureAwait(false));

    private static async Task<Ok<RequestView>> SavedAsync(HttpContext http, DokueiDbContext db, ReadingRequest request, Caller caller, CancellationToken ct)
    {
        await ApiSupport.SaveAsync(db, request, null, ct).ConfigureAwait(false);
        ApiSupport.SetETag(http, db, request);
        return TypedResults.Ok(RequestView.Of(request, caller));
    }
}
