using System.Globalization;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Sla;

/// <summary>A service menu as the API shows and takes it: times as <c>HH:mm:ss</c>, lengths in minutes.</summary>
/// <param name="Code">Short stable code (letters, digits, '-'); fixed once created.</param>
/// <param name="Name">Japanese name.</param>
/// <param name="EnglishName">English name.</param>
/// <param name="ReceptionOpens">When reception opens (Tokyo time).</param>
/// <param name="ReceptionMinutes">How long it stays open, 1..1440 minutes (1440: always).</param>
/// <param name="ReceptionBusinessDaysOnly">Whether it opens on business days only.</param>
/// <param name="CutOff">For next-business-day menus: requests at or after it count from the next business day.</param>
/// <param name="TurnaroundKind">How the due time follows from receipt.</param>
/// <param name="TurnaroundTimeOfDay">For the next-day kinds: the time of day due.</param>
/// <param name="TurnaroundMinutes">For the hours kinds: the reading time in minutes.</param>
public sealed record ServiceMenuBody(
    string? Code,
    string? Name,
    string? EnglishName,
    TimeOnly? ReceptionOpens,
    int? ReceptionMinutes,
    bool ReceptionBusinessDaysOnly,
    TimeOnly? CutOff,
    TurnaroundKind? TurnaroundKind,
    TimeOnly? TurnaroundTimeOfDay,
    int? TurnaroundMinutes);

/// <summary>A service menu with its state.</summary>
public sealed record ServiceMenuView(
    Guid Id,
    string Code,
    string Name,
    string EnglishName,
    TimeOnly ReceptionOpens,
    int ReceptionMinutes,
    bool ReceptionBusinessDaysOnly,
    TimeOnly? CutOff,
    TurnaroundKind TurnaroundKind,
    TimeOnly? TurnaroundTimeOfDay,
    int? TurnaroundMinutes,
    bool Disabled)
{
    internal static ServiceMenuView Of(ServiceMenu m) => new(
        m.Id, m.Code, m.Name, m.EnglishName, m.ReceptionHours.Opens, (int)m.ReceptionHours.Length.TotalMinutes, m.ReceptionHours.BusinessDaysOnly,
        m.CutOff, m.Turnaround.Kind, m.Turnaround.TimeOfDay, m.Turnaround.Duration is { } d ? (int)d.TotalMinutes : null, m.Disabled);
}

/// <summary>Withdraws or offers again a menu.</summary>
/// <param name="Disabled">True to withdraw.</param>
public sealed record ServiceMenuStateBody(bool Disabled);

/// <summary>
/// The center's service menus as data. <c>/api/service-menus</c>: the menus on offer, for everyone who files or works
/// requests; <c>/api/admin/service-menus</c>: admins list (with withdrawn ones), create, change (If-Match with the
/// menu's ETag) and withdraw them. Invalid menus are refused with a validation ProblemDetails naming each field.
/// </summary>
internal static class ServiceMenusApi
{
    /// <summary>Admins (people; the operator's token manages facilities, not the reading service).</summary>
    public const string AdminPolicy = "service-menus.admin";

    public static void AddPolicies(AuthorizationBuilder builder) => builder.AddPolicy(AdminPolicy, p => p.RequireRole(nameof(UserRole.Admin)));

    public static void MapServiceMenus(this IEndpointRouteBuilder api)
    {
        api.MapGet("/service-menus", async (DokueiDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.ServiceMenus.Where(m => !m.Disabled).AsNoTracking().ToListAsync(ct).ConfigureAwait(false)).OrderBy(m => m.Code, StringComparer.Ordinal).Select(ServiceMenuView.Of).ToList()))
            .WithTags("Service menus").RequireAuthorization(RequestAccess.ParticipantPolicy);
        var admin = api.MapGroup("/admin/service-menus").WithTags("Service menus").RequireAuthorization(AdminPolicy);
        admin.MapGet("/", async (DokueiDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.ServiceMenus.AsNoTracking().ToListAsync(ct).ConfigureAwait(false)).OrderBy(m => m.Code, StringComparer.Ordinal).Select(ServiceMenuView.Of).ToList()));
        admin.MapGet("/{id:guid}", GetAsync);
        admin.MapPost("/", CreateAsync);
        admin.MapPut("/{id:guid}", UpdateAsync);
        admin.MapPost("/{id:guid}/state", SetStateAsync);
    }

    /// <summary>
    /// Refuses a request whose facility has a contract that does not list the menu and the reading mode; a facility
    /// without a contract orders under the center's terms.
    /// </summary>
    public static async Task<ProblemHttpResult?> ContractRefusesAsync(DokueiDbContext db, long facilityId, string menuCode, ReadingMode mode, CancellationToken ct)
    {
        var contract = await db.FacilityContracts.AsNoTracking().FirstOrDefaultAsync(c => c.FacilityId == facilityId, ct).ConfigureAwait(false);
        return contract is null || contract.Allows(menuCode, mode)
            ? null
            : ApiSupport.Problem(StatusCodes.Status422UnprocessableEntity, "request.not_in_contract", $"The facility's contract does not include service menu '{menuCode}' in {mode} reading.");
    }

    private static async Task<Results<Ok<ServiceMenuView>, NotFound>> GetAsync(Guid id, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        var menu = await db.ServiceMenus.FirstOrDefaultAsync(m => m.Id == id, ct).ConfigureAwait(false);
        if (menu is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETag(db, menu);
        return TypedResults.Ok(ServiceMenuView.Of(menu));
    }

    private static async Task<Results<Created<ServiceMenuView>, ValidationProblem, ProblemHttpResult>> CreateAsync(ServiceMenuBody body, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        var errors = Validate(body, out var hours, out var rule);
        if (body.Code is null || !IsCode(body.Code))
        {
            errors["code"] = ["A code of 1-40 lower-case letters, digits and '-' is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The service menu is not valid.");
        }

        if (await db.ServiceMenus.AnyAsync(m => m.Code == body.Code, ct).ConfigureAwait(false))
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "menu.code_taken", $"There is a service menu '{body.Code}' already.");
        }

        var menu = new ServiceMenu(Guid.CreateVersion7(), body.Code!, body.Name!, body.EnglishName!, hours!, body.CutOff, rule!);
        db.ServiceMenus.Add(menu);
        db.Entry(menu).Property<long>(ReadingRequestConfiguration.Revision).CurrentValue = 1;
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        http.Response.Headers.ETag = ETag(db, menu);
        return TypedResults.Created($"/api/admin/service-menus/{menu.Id}", ServiceMenuView.Of(menu));
    }

    private static async Task<Results<Ok<ServiceMenuView>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, ServiceMenuBody body, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        var menu = await db.ServiceMenus.FirstOrDefaultAsync(m => m.Id == id, ct).ConfigureAwait(false);
        if (menu is null)
        {
            return TypedResults.NotFound();
        }

        if (CheckIfMatch(http, db, menu) is { } refused)
        {
            return refused;
        }

        var errors = Validate(body, out var hours, out var rule);
        if (body.Code is not null && body.Code != menu.Code)
        {
            errors["code"] = ["The code of a menu does not change: contracts and requests name it."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The service menu is not valid.");
        }

        menu.Change(body.Name!, body.EnglishName!, hours!, body.CutOff, rule!);
        return await SaveAsync(http, db, menu, ct).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<ServiceMenuView>, NotFound, ValidationProblem, ProblemHttpResult>> SetStateAsync(Guid id, ServiceMenuStateBody body, HttpContext http, DokueiDbContext db, CancellationToken ct)
    {
        var menu = await db.ServiceMenus.FirstOrDefaultAsync(m => m.Id == id, ct).ConfigureAwait(false);
        if (menu is null)
        {
            return TypedResults.NotFound();
        }

        if (CheckIfMatch(http, db, menu) is { } refused)
        {
            return refused;
        }

        menu.SetDisabled(body.Disabled);
        return await SaveAsync(http, db, menu, ct).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<ServiceMenuView>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(HttpContext http, DokueiDbContext db, ServiceMenu menu, CancellationToken ct)
    {
        var revision = db.Entry(menu).Property<long>(ReadingRequestConfiguration.Revision);
        revision.CurrentValue = revision.OriginalValue + 1;
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiSupport.Problem(StatusCodes.Status412PreconditionFailed, "menu.stale", "Another edit of this menu was saved first; read it again and retry.");
        }

        http.Response.Headers.ETag = ETag(db, menu);
        return TypedResults.Ok(ServiceMenuView.Of(menu));
    }

    private static string ETag(DokueiDbContext db, ServiceMenu menu) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{db.Entry(menu).Property<long>(ReadingRequestConfiguration.Revision).CurrentValue}\"");

    private static ProblemHttpResult? CheckIfMatch(HttpContext http, DokueiDbContext db, ServiceMenu menu)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return ApiSupport.Problem(StatusCodes.Status428PreconditionRequired, "menu.if_match_required", "Edits name the version they are based on: send If-Match with the menu's ETag.");
        }

        return ifMatch.Trim() == "*" || ifMatch.Split(',').Select(t => t.Trim()).Contains(ETag(db, menu))
            ? null
            : ApiSupport.Problem(StatusCodes.Status412PreconditionFailed, "menu.stale", "The menu changed since it was read; read it again and retry.");
    }

    private static bool IsCode(string code) => code.Length is > 0 and <= 40 && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    // Every field is checked, so the answer names all that is wrong at once.
    private static Dictionary<string, string[]> Validate(ServiceMenuBody body, out ReceptionHours? hours, out TurnaroundRule? rule)
    {
        var errors = new Dictionary<string, string[]>();
        hours = null;
        rule = null;
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            errors["name"] = ["A Japanese name of 1-100 characters is required."];
        }

        if (string.IsNullOrWhiteSpace(body.EnglishName) || body.EnglishName.Length > 100)
        {
            errors["englishName"] = ["An English name of 1-100 characters is required."];
        }

        if (body.ReceptionOpens is null)
        {
            errors["receptionOpens"] = ["The time reception opens is required (HH:mm:ss, Tokyo time)."];
        }

        if (body.ReceptionMinutes is not (> 0 and <= 1440))
        {
            errors["receptionMinutes"] = ["Reception lasts 1 to 1440 minutes."];
        }
        else if (body.ReceptionOpens is { } opens)
        {
            hours = new ReceptionHours(opens, TimeSpan.FromMinutes(body.ReceptionMinutes.Value), body.ReceptionBusinessDaysOnly);
        }

        switch (body.TurnaroundKind)
        {
            case null:
                errors["turnaroundKind"] = ["A turnaround kind is required: " + string.Join(", ", Enum.GetNames<TurnaroundKind>()) + "."];
                break;
            case TurnaroundKind.NextBusinessDayAt or TurnaroundKind.NextDayAt:
                if (body.TurnaroundTimeOfDay is not { } due)
                {
                    errors["turnaroundTimeOfDay"] = [$"{body.TurnaroundKind} needs the time of day the reading is due."];
                }
                else
                {
                    rule = new TurnaroundRule(body.TurnaroundKind.Value, due, null);
                }

                break;
            default:
                if (body.TurnaroundMinutes is not (> 0 and <= 7 * 24 * 60))
                {
                    errors["turnaroundMinutes"] = [$"{body.TurnaroundKind} needs a reading time of 1 minute to 7 days."];
                }
                else
                {
                    rule = new TurnaroundRule(body.TurnaroundKind.Value, null, TimeSpan.FromMinutes(body.TurnaroundMinutes.Value));
                }

                break;
        }

        if (body.CutOff is not null && body.TurnaroundKind is not TurnaroundKind.NextBusinessDayAt)
        {
            errors["cutOff"] = ["A cut-off applies to next-business-day menus only."];
        }

        return errors;
    }
}
