using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Radiologists;

/// <summary>What a facility may see of a radiologist.</summary>
internal sealed record RadiologistPublicView(Guid Id, string NameJa, string NameEn, int YearsOfExperience, IReadOnlyList<string> Certifications, IReadOnlyList<string> Specialties, IReadOnlyList<string> Modalities, IReadOnlyList<string> Languages, string? Introduction);

/// <summary>What the center sees: the public view and the internal data.</summary>
internal sealed record RadiologistFullView(
    Guid Id, string Login, string NameJa, string NameEn, int YearsOfExperience, IReadOnlyList<string> Certifications, IReadOnlyList<string> Specialties,
    IReadOnlyList<string> Modalities, IReadOnlyList<string> Languages, string? Introduction, string? InternalNotes, string? Employment, int Capacity,
    IReadOnlyList<long> ConflictFacilityIds, IReadOnlyList<ShiftView> Shifts, bool Disabled);

/// <summary>A shift.</summary>
internal sealed record ShiftView(DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>A profile edit (replaces the profile and its shifts).</summary>
internal sealed record ProfileEdit(
    int YearsOfExperience, IReadOnlyList<string> Certifications, IReadOnlyList<string> Specialties, IReadOnlyList<string> Modalities, IReadOnlyList<string> Languages,
    string? Introduction, string? InternalNotes, string? Employment, int? Capacity, IReadOnlyList<long>? ConflictFacilityIds, IReadOnlyList<ShiftView>? Shifts);

/// <summary>
/// <c>GET /api/radiologists</c>: facility people and facility credentials get the public profile, center staff and the
/// operator the full one. <c>PUT /api/admin/radiologists/{id}</c>: admins edit a profile.
/// </summary>
internal static class RadiologistEndpoints
{
    public static void MapRadiologists(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/radiologists", ListAsync).WithTags("Radiologists").RequireAuthorization();
        app.MapPut("/api/admin/radiologists/{id:guid}", EditAsync).WithTags("Admin").RequireAuthorization(AccessRules.Admin);
    }

    private static async Task<IResult> ListAsync(HttpContext context, DokueiDbContext db, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.Role == UserRole.Radiologist).ToListAsync(cancellationToken).ConfigureAwait(false);
        var profiles = await db.RadiologistProfiles.AsNoTracking().Include(p => p.Shifts).ToDictionaryAsync(p => p.UserId, cancellationToken).ConfigureAwait(false);
        var rows = users.Where(u => profiles.ContainsKey(u.Id)).OrderBy(u => u.Login, StringComparer.Ordinal)
            .Select(u => new { User = u, Profile = profiles[u.Id] }).ToList();
        if (SeesInternalData(context.User))
        {
            return TypedResults.Ok(rows.Select(r => new RadiologistFullView(
                r.User.Id, r.User.Login, r.User.DisplayNameJa, r.User.DisplayNameEn, r.Profile.YearsOfExperience, r.Profile.Certifications, r.Profile.Specialties,
                r.Profile.Modalities, r.Profile.Languages, r.Profile.PublicIntroduction, r.Profile.InternalNotes, r.Profile.Employment, r.Profile.Capacity,
                r.Profile.ConflictFacilityIds, r.Profile.Shifts.OrderBy(s => s.StartsAt).Select(s => new ShiftView(s.StartsAt, s.EndsAt)).ToList(), r.User.Disabled)).ToList());
        }

        return TypedResults.Ok(rows.Where(r => !r.User.Disabled).Select(r => new RadiologistPublicView(
            r.User.Id, r.User.DisplayNameJa, r.User.DisplayNameEn, r.Profile.YearsOfExperience, r.Profile.Certifications, r.Profile.Specialties,
            r.Profile.Modalities, r.Profile.Languages, r.Profile.PublicIntroduction)).ToList());
    }

    /// <summary>Center roles and the operator's credential; never facility people or facility credentials.</summary>
    private static bool SeesInternalData(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Facilities.Credential.OperatorRole)
        || (Enum.TryParse<UserRole>(user.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value, out var role) && role.IsCenterRole());

    private static async Task<Results<NoContent, ProblemHttpResult>> EditAsync(HttpContext context, Guid id, ProfileEdit body, DokueiDbContext db, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false);
        if (user == null || user.Role != UserRole.Radiologist)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "radiologist.not_found", $"There is no radiologist {id}.");
        }

        if (body.Shifts?.FirstOrDefault(s => s.EndsAt <= s.StartsAt) is { } wrong)
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "radiologist.invalid_shift", $"A shift ends after it starts ({wrong.StartsAt:O} - {wrong.EndsAt:O}).");
        }

        var profile = await db.RadiologistProfiles.Include(p => p.Shifts).FirstOrDefaultAsync(p => p.UserId == id, cancellationToken).ConfigureAwait(false);
        if (profile == null)
        {
            profile = new RadiologistProfile { UserId = id };
            db.RadiologistProfiles.Add(profile);
        }

        profile.YearsOfExperience = body.YearsOfExperience;
        profile.Certifications = [.. body.Certifications];
        profile.Specialties = [.. body.Specialties];
        profile.Modalities = [.. body.Modalities];
        profile.Languages = [.. body.Languages];
        profile.PublicIntroduction = body.Introduction;
        profile.InternalNotes = body.InternalNotes;
        profile.Employment = body.Employment;
        profile.Capacity = body.Capacity ?? profile.Capacity;
        profile.ConflictFacilityIds = [.. body.ConflictFacilityIds ?? []];
        if (body.Shifts != null)
        {
            profile.Shifts.Clear();
            profile.Shifts.AddRange(body.Shifts.Select(s => new RadiologistShift { UserId = id, StartsAt = s.StartsAt.ToUniversalTime(), EndsAt = s.EndsAt.ToUniversalTime() }));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditLog.AppendAsync(db, time, AuditRecord.For(context, "radiologist.profile_update", "user", id.ToString("D")), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
