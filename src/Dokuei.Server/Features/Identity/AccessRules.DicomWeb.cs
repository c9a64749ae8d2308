using Dokuei.Server.Data;
using Dokuei.Server.Features.DicomWeb;
using Dokuei.Server.Features.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Dokuei.Server.Features.Identity;

/// <summary>The radiologist's rule for DICOMweb and WADO-URI, next to the other access rules.</summary>
internal static partial class AccessRules
{
    /// <summary>
    /// An endpoint filter on every DICOMweb read: a signed-in radiologist sees only the studies of requests assigned to
    /// or claimed by them, and the priors attached to those requests. A study route outside that set is 404 (as another
    /// facility's study is for a facility); a search is narrowed to those studies (by a Study Instance UID list) and
    /// scoped to their facility. Everyone else passes unchanged: their facility scope is set by sign-in already.
    /// </summary>
    public static async ValueTask<object?> RestrictRadiologistAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!HttpMethods.IsGet(context.Request.Method) || !context.User.IsInRole(nameof(UserRole.Radiologist)) || context.User.UserId() is not { } userId)
        {
            return await next(invocation).ConfigureAwait(false);
        }

        var services = context.RequestServices;
        var db = services.GetRequiredService<DokueiDbContext>();
        var scope = services.GetRequiredService<FacilityScope>();
        var cancellationToken = context.RequestAborted;
        var reader = new Caller(userId, UserRole.Radiologist, null);
        var study = context.Request.RouteValues["study"] as string
            ?? (context.Request.Path.StartsWithSegments("/wado", StringComparison.Ordinal) ? context.Request.Query["studyUID"].ToString() : null);
        if (study != null)
        {
            // Frames and metadata of the case's own study are the common call: one indexed look-up before the priors.
            var facility = await Visible(db, reader).Where(r => r.StudyInstanceUid == study).Select(r => (long?)r.FacilityId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
                ?? (await AssignedStudiesAsync(db, reader, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.StudyInstanceUid == study)?.FacilityId;
            if (facility is not { } facilityId)
            {
                await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, "no such study").ConfigureAwait(false);
                return Results.Empty;
            }

            scope.SetFacility(facilityId);
            return await next(invocation).ConfigureAwait(false);
        }

        var assigned = await AssignedStudiesAsync(db, reader, cancellationToken).ConfigureAwait(false);
        var query = context.Request.Query;
        var studyKeys = query.Keys.Where(k => k.Equals("StudyInstanceUID", StringComparison.OrdinalIgnoreCase) || k.Equals("0020000D", StringComparison.OrdinalIgnoreCase)).ToList();
        var asked = studyKeys.SelectMany(k => query[k]).SelectMany(v => (v ?? "").Split(['\\', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var allowed = assigned.Where(s => studyKeys.Count == 0 || asked.Contains(s.StudyInstanceUid)).ToList();
        var facilities = allowed.Select(s => s.FacilityId).Distinct().ToList();
        if (facilities.Count == 1)
        {
            scope.SetFacility(facilities[0]);
        }
        else if (facilities.Count > 1)
        {
            // Several facilities: a UID that another facility holds too would match there as well; such a study is
            // left out of the search (its own routes still reach it, scoped to its facility).
            scope.SetAll();
            var uids = allowed.Select(s => s.StudyInstanceUid).Distinct().ToList();
            var holders = await db.Studies.Where(s => uids.Contains(s.StudyInstanceUid)).Select(s => new AssignedStudy(s.FacilityId, s.StudyInstanceUid)).ToListAsync(cancellationToken).ConfigureAwait(false);
            var shared = holders.Where(h => !allowed.Contains(h)).Select(h => h.StudyInstanceUid).ToHashSet(StringComparer.Ordinal);
            allowed = allowed.Where(s => !shared.Contains(s.StudyInstanceUid)).ToList();
        }

        if (allowed.Count == 0)
        {
            return Results.Content("[]", DicomWebResults.DicomJson);
        }

        var narrowed = query.Where(q => !studyKeys.Contains(q.Key)).ToDictionary(q => q.Key, q => q.Value);
        narrowed["StudyInstanceUID"] = new StringValues(string.Join('\\', allowed.Select(s => s.StudyInstanceUid).Distinct()));
        context.Request.Query = new QueryCollection(narrowed);
        return await next(invocation).ConfigureAwait(false);
    }

    /// <summary>A study a radiologist may see: the study of an assigned request or one of its priors.</summary>
    private sealed record AssignedStudy(long FacilityId, string StudyInstanceUid);

    private static IQueryable<ReadingRequest> Visible(DokueiDbContext db, Caller reader) =>
        RequestAccess.Visible(db.ReadingRequests.IgnoreQueryFilters(), reader);

    private static async Task<IReadOnlyList<AssignedStudy>> AssignedStudiesAsync(DokueiDbContext db, Caller reader, CancellationToken cancellationToken)
    {
        // Priors are a JSON column: the requests are read whole (a radiologist's assignments, not the archive).
        var requests = await Visible(db, reader).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return requests
            .SelectMany(r => r.Priors.Select(p => (string?)p.StudyInstanceUid).Prepend(r.StudyInstanceUid).OfType<string>().Select(uid => new AssignedStudy(r.FacilityId, uid)))
            .Distinct()
            .ToList();
    }
}
