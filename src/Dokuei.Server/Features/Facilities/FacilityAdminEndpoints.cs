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
internal sealed record ContractView(IReadOnlyList<string> ServiceMenus, IReadOnlyList<ReadingMode> ReadingModes, IReadOnlyList<string> Options, string BusinessCalendar, int Version);

/// <summary>A contract edit; <c>Version</c> is the one it is based on (0 for a facility without a contract).</summary>
internal sealed record ContractEdit(int Version, IReadOnlyList<string> ServiceMenus, IReadOnlyList<ReadingMode> ReadingModes, IReadOnlyList<string>? Options, string? BusinessCalendar, bool? RequireSecondFactor);

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

        var known = Sla.StandardServiceMenus.All().Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        if (body.ServiceMenus.FirstOrDefault(m => !known.Contains(m)) is { } unknown)
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "contract.unknown_menu", $"There is no service menu \"{unknown}\" (known: {string.Join(", ", known)}).");
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
        contract.Version++;
        if (body.RequireSecondFactor is { } require)
        {
            facility.RequireSecondFactor = require;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditLog.AppendAsync(db, time, AuditRecord.For(context, "facility.contract_update", "facility", id.ToString(System.Globalization.CultureInfo.InvariantCulture), id) with
        {
            Detail = $"menus {string.Join(",", contract.ServiceMenus)}; modes {string.Join(",", contract.ReadingModes)}; options {string.Join(",", contract.Options)}; calendar {contract.BusinessCalendar}; 2FA {facility.RequireSecondFactor}",
        }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(View(facility, contract));
    }

    private static FacilityView View(Facility f, FacilityContract? c) =>
        new(f.Id, f.Name, f.RequireSecondFactor, f.AeTitles.Select(a => a.AeTitle).Distinct().ToList(),
            c == null ? null : new ContractView(c.ServiceMenus, c.ReadingModes, c.Options, c.BusinessCalendar, c.Version));
}
