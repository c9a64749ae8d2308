using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Identity;

/// <summary>A user as admins see it.</summary>
internal sealed record UserView(Guid Id, string Login, string DisplayNameJa, string DisplayNameEn, string? Email, string Role, long? FacilityId, bool Disabled, bool SecondFactorConfirmed, DateTimeOffset? LockedUntil, int Version)
{
    public static UserView Of(User u) =>
        new(u.Id, u.Login, u.DisplayNameJa, u.DisplayNameEn, u.Email, u.Role.ToString(), u.FacilityId, u.Disabled, u.HasConfirmedTotp, u.Lockout.LockedUntil, u.Version);
}

/// <summary>A page of results.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);

/// <summary>Paging parameters: <c>offset</c> (default 0), <c>limit</c> (default 50, at most 500).</summary>
internal sealed record Paging(int? Offset, int? Limit)
{
    public int Skip => Math.Max(0, Offset ?? 0);

    public int Take => Math.Clamp(Limit ?? 50, 1, 500);
}

/// <summary>New account; without a password one is generated and returned once.</summary>
internal sealed record CreateUserRequest(string Login, UserRole Role, long? FacilityId, string? DisplayNameJa, string? DisplayNameEn, string? Email, string? Password);

/// <summary>The created account with its one-time secrets.</summary>
internal sealed record CreatedUserResponse(UserView User, string Password, string? OtpauthUri, string? TotpSecret);

/// <summary>An edit names the version it was based on; a stale one is refused with 409.</summary>
internal sealed record UpdateUserRequest(int Version, string DisplayNameJa, string DisplayNameEn, string? Email, UserRole Role, long? FacilityId, bool Disabled);

/// <summary>A newly generated password.</summary>
internal sealed record PasswordResetResponse(string Password);

/// <summary><c>/api/admin/users</c>: admins (and the operator's credential) manage accounts; every change is audited.</summary>
internal static class UserAdminEndpoints
{
    public static void MapUserAdmin(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin/users").WithTags("Admin").RequireAuthorization(AccessRules.Admin);
        users.MapGet("/", ListAsync);
        users.MapGet("/{id:guid}", GetAsync);
        users.MapPost("/", CreateAsync);
        users.MapPut("/{id:guid}", UpdateAsync);
        users.MapDelete("/{id:guid}", DisableAsync);
        users.MapPost("/{id:guid}/password", ResetPasswordAsync);
        users.MapPost("/{id:guid}/totp/reset", ResetTotpAsync);
        users.MapPost("/{id:guid}/unlock", UnlockAsync);
    }

    private static async Task<Ok<Page<UserView>>> ListAsync(DokueiDbContext db, [AsParameters] Paging paging, CancellationToken cancellationToken)
    {
        var total = await db.Users.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await db.Users.AsNoTracking().OrderBy(u => u.Login).Skip(paging.Skip).Take(paging.Take).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new Page<UserView>(page.Select(UserView.Of).ToList(), total, paging.Skip, paging.Take));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(Guid id, DokueiDbContext db, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false) is { } user
            ? TypedResults.Ok(UserView.Of(user))
            : NotFound(id);

    private static async Task<Results<Created<CreatedUserResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, CreateUserRequest body, DokueiDbContext db, Pbkdf2PasswordHasher hasher, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var created = await UserAccounts.CreateAsync(db, hasher, time, body.Login ?? string.Empty, body.Role, body.FacilityId, body.DisplayNameJa, body.DisplayNameEn, body.Email, body.Password, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(context, db, time, "user.create", created.User, $"role {created.User.Role}").ConfigureAwait(false);
        return TypedResults.Created($"/api/admin/users/{created.User.Id}", new CreatedUserResponse(UserView.Of(created.User), created.Password, created.OtpauthUri, created.TotpSecret));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateAsync(HttpContext context, Guid id, UpdateUserRequest body, DokueiDbContext db, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false);
        if (user == null)
        {
            return NotFound(id);
        }

        if (user.Version != body.Version)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "user.version_conflict", $"The user was changed meanwhile (version {user.Version}, the edit is based on {body.Version}); reload and edit again.");
        }

        if (body.FacilityId is { } facility && !await db.Facilities.AnyAsync(f => f.Id == facility, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "facility.unknown", $"There is no facility {facility}.");
        }

        var before = $"{user.Role}/{user.FacilityId}/{(user.Disabled ? "disabled" : "enabled")}";
        user.ChangeRole(body.Role, body.FacilityId);
        user.DisplayNameJa = body.DisplayNameJa;
        user.DisplayNameEn = body.DisplayNameEn;
        user.Email = body.Email;
        user.Disabled = body.Disabled;
        user.Version++;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(context, db, time, "user.update", user, $"{before} -> {user.Role}/{user.FacilityId}/{(user.Disabled ? "disabled" : "enabled")}").ConfigureAwait(false);
        return TypedResults.Ok(UserView.Of(user));
    }

    private static Task<Results<NoContent, ProblemHttpResult>> DisableAsync(HttpContext context, Guid id, DokueiDbContext db, TimeProvider time) =>
        ChangeAsync(context, id, db, time, "user.disable", user => user.Disabled = true);

    private static Task<Results<NoContent, ProblemHttpResult>> ResetTotpAsync(HttpContext context, Guid id, DokueiDbContext db, TimeProvider time) =>
        ChangeAsync(context, id, db, time, "user.totp_reset", user => user.ResetTotp());

    private static Task<Results<NoContent, ProblemHttpResult>> UnlockAsync(HttpContext context, Guid id, DokueiDbContext db, TimeProvider time) =>
        ChangeAsync(context, id, db, time, "user.unlock", user => user.Unlock());

    private static async Task<Results<Ok<PasswordResetResponse>, ProblemHttpResult>> ResetPasswordAsync(HttpContext context, Guid id, DokueiDbContext db, Pbkdf2PasswordHasher hasher, TimeProvider time)
    {
        var password = UserAccounts.GeneratePassword();
        var result = await ChangeAsync(context, id, db, time, "user.password_reset", user => user.SetPasswordHash(hasher.Hash(password))).ConfigureAwait(false);
        return result.Result is ProblemHttpResult problem ? problem : TypedResults.Ok(new PasswordResetResponse(password));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeAsync(HttpContext context, Guid id, DokueiDbContext db, TimeProvider time, string action, Action<User> change)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, context.RequestAborted).ConfigureAwait(false);
        if (user == null)
        {
            return NotFound(id);
        }

        change(user);
        user.Version++;
        await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);
        await AuditAsync(context, db, time, action, user, null).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static Task<AuditEvent> AuditAsync(HttpContext context, DokueiDbContext db, TimeProvider time, string action, User user, string? detail) =>
        AuditLog.AppendAsync(db, time, AuditRecord.For(context, action, "user", user.Id.ToString("D"), user.FacilityId) with { Detail = detail ?? user.Login }, context.RequestAborted);

    private static ProblemHttpResult NotFound(Guid id) => Problems.Of(StatusCodes.Status404NotFound, "user.not_found", $"There is no user {id}.");
}
