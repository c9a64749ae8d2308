using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Facilities;

/// <summary>A facility with its contract, as admins see it.</summary>
internal sealed record FacilityView(long Id, string Name, bool RequireSecondFactor, IReadOnlyList<string> AeTitles, ContractView? Contract);

/// <summary>A contract.</summary>
internal sealed record ContractView(IReadOnlyList<string> ServiceMenus, IReadOnlyList<ReadingMode> ReadingModes, IReadOnlyList<string> Options, string BusinessCalendar, int Version, IReadOnlyList<Guid> PreferredRadiologists);

/// <summary>
/// A contract edit; <c>Version</c> is the one it is based on (0 for a facility without a contract). Fields left out
/// (null) keep their value.
/// </summary>
internal sealed record ContractEdit(int Version, IReadOnlyList<string> ServiceMenus, IReadOnlyList<ReadingMode> ReadingModes, IReadOnlyList<string>? Options, string? BusinessCalendar, bool? RequireSecondFactor, IReadOnlyList<Guid>? PreferredRadiologists = null);

/// <summary><c>/api/admin/facilities</c>: the list with contracts, and contract edits (admins and the operator).</summary>
internal static class FacilityAdminEndpoints
{
    public static void MapFacilityAdmin(this IEndpointRouteBuilder app)
    {
        var facilities = app.MapGroup("/api/admin/facilities").WithTags("Admin").RequireAuthorization(AccessRules.Admin);
        facilities.MapGet("/", ListAsync);
        facilities.MapPut("/{id:long}/contract", EditContractAsync);
    }

    private static async Task<Ok<List<FacilityView>>> ListAsync(DokueiDbContext db, CancellationToken cancellationToken)
    {
        var facilities = await db.Facilities.AsNoTracking().Include(f => f.AeTitles).OrderBy(f => f.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var contracts = await db.FacilityContracts.AsNoTracking().ToDictionaryAsync(c => c.FacilityId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(facilities.Select(f => View(f, contracts.GetValueOrDefault(f.Id))).ToList());
    }

    private static async Task<Results<Ok<FacilityView>, ProblemHttpResult>> EditContractAsync(HttpContext context, long id, ContractEdit body, DokueiDbContext db, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var facility = await db.Facilities.Include(f => f.AeTitles).FirstOrDefaultAsync(f => f.Id == id, cancellationToken).ConfigureAwait(false);
        if (facility == null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "facility.not_found", $"There is no facility {id}.");
        }

        // The center's menus as they are now (the standard ones and those its admins made), not only the standard set.
        var known = (await db.ServiceMenus.Where(m => !m.Disabled).Select(m => m.Code).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        if (body.ServiceMenus.FirstOrDefault(m => !known.Contains(m)) is { } unknown)
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "contract.unknown_menu", $"There is no service menu \"{unknown}\" (known: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
        }

        if (body.PreferredRadiologists is { Count: > 0 } preferred)
        {
            var radiologists = await db.Users.Where(u => preferred.Contains(u.Id) && u.Role == UserRole.Radiologist).Select(u => u.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (preferred.Except(radiologists).ToList() is [var stranger, ..])
            {
                return Problems.Of(StatusCodes.Status422UnprocessableEntity, "contract.unknown_radiologist", $"User {stranger} is not a radiologist of the center.");
            }
        }

        var contract = await db.FacilityContracts.FirstOrDefaultAsync(c => c.FacilityId == id, cancellationToken).ConfigureAwait(false);
        if ((contract?.Version ?? 0) != body.Version)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "contract.version_conflict", $"The contract was changed meanwhile (version {contract?.Version ?? 0}); reload and edit again.");
        }

        if (contract == null)
        {
            contract = new FacilityContract { FacilityId = id };
            db.FacilityContracts.Add(contract);
        }

        contract.ServiceMenus = [.. body.ServiceMenus.Distinct()];
        contract.ReadingModes = [.. body.ReadingModes.Distinct()];
        contract.Options = [.. (body.Options ?? []).Distinct()];
        contract.BusinessCalendar = body.BusinessCalendar ?? contract.BusinessCalendar;
        contract.PreferredRadiologists = body.PreferredRadiologists is { } chosen ? [.. chosen.Distinct()] : contract.PreferredRadiologists;
        contract.Version++;
        if (body.RequireSecondFactor is { } require)
        {
            facility.RequireSecondFactor = require;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditLog.AppendAsync(db, time, AuditRecord.For(context, "facility.contract_update", "facility", id.ToString(System.Globalization.CultureInfo.InvariantCulture), id) with
        {
            Detail = $"menus {string.Join(",", contract.ServiceMenus)}; modes {string.Join(",", contract.ReadingModes)}; options {string.Join(",", contract.Options)}; calendar {contract.BusinessCalendar}; preferred {string.Join(",", contract.PreferredRadiologists)}; 2FA {facility.RequireSecondFactor}",
        }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(View(facility, contract));
    }

    private static FacilityView View(Facility f, FacilityContract? c) =>
        new(f.Id, f.Name, f.RequireSecondFactor, f.AeTitles.Select(a => a.AeTitle).Distinct().ToList(),
            c == null ? null : new ContractView(c.ServiceMenus, c.ReadingModes, c.Options, c.BusinessCalendar, c.Version, c.PreferredRadiologists));
}
