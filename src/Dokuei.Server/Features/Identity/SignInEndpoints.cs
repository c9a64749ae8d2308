using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Facilities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Identity;

/// <summary>Sign-in body: the TOTP code only when the account needs it.</summary>
internal sealed record SignInRequest(string Login, string Password, string? TotpCode);

/// <summary>A TOTP code.</summary>
internal sealed record TotpCodeRequest(string Code);

/// <summary>The signed-in caller.</summary>
internal sealed record MeResponse(string Kind, string Id, string Name, string Role, long? FacilityId, string? DisplayNameJa, string? DisplayNameEn, string? Email, bool? SecondFactorConfirmed);

/// <summary>A started TOTP enrolment: the URI for the app (as a QR code) and the secret for typing in.</summary>
internal sealed record TotpEnrolmentResponse(string OtpauthUri, string Secret);

/// <summary><c>/api/auth/sign-in</c>, <c>/api/auth/sign-out</c>, <c>/api/me</c> and TOTP enrolment.</summary>
internal static class SignInEndpoints
{
    // Checked when the login is unknown, so that an unknown login costs as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new Pbkdf2PasswordHasher().Hash("not a password"));

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapPost("/sign-in", SignInAsync).AllowAnonymous();
        auth.MapPost("/sign-out", SignOutAsync).AllowAnonymous();

        var me = app.MapGroup("/api/me").WithTags("Sign-in").RequireAuthorization();
        me.MapGet("/", Me);
        me.MapPost("/totp", BeginTotpAsync).RequireAuthorization(AccessRules.Person);
        me.MapPost("/totp/confirm", ConfirmTotpAsync).RequireAuthorization(AccessRules.Person);
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> SignInAsync(
        HttpContext context, SignInRequest body, DokueiDbContext db, Pbkdf2PasswordHasher hasher, TimeProvider time, LockoutPolicy lockout)
    {
        var cancellationToken = context.RequestAborted;
        var now = time.GetUtcNow();
        string login;
        try
        {
            login = User.NormalizeLogin(body.Login ?? string.Empty);
        }
        catch (DomainException)
        {
            login = string.Empty;
        }

        var user = login.Length == 0 ? null : await db.Users.FirstOrDefaultAsync(u => u.Login == login, cancellationToken).ConfigureAwait(false);
        var attempt = AuditRecord.For(context, "signin.failure", "user", login.Length == 0 ? null : login) with { Outcome = AuditEvent.Failure };
        if (user == null)
        {
            hasher.Verify(DummyHash.Value, body.Password ?? string.Empty);
            await AuditLog.AppendAsync(db, time, attempt with { Reason = "unknown login" }, cancellationToken).ConfigureAwait(false);
            return Failed();
        }

        attempt = attempt with { ActorId = user.Id.ToString("D"), ActorName = user.Login, ActorRole = user.Role.ToString(), FacilityId = user.FacilityId, SubjectId = user.Id.ToString("D") };
        if (user.Disabled)
        {
            await AuditLog.AppendAsync(db, time, attempt with { Reason = "disabled" }, cancellationToken).ConfigureAwait(false);
            return Failed();
        }

        if (user.Lockout.IsLockedOut(now))
        {
            await AuditLog.AppendAsync(db, time, attempt with { Action = "signin.locked", Reason = "account locked" }, cancellationToken).ConfigureAwait(false);
            return Problems.Of(StatusCodes.Status429TooManyRequests, "auth.locked_out", "Too many failed sign-ins: the account is locked for a while.", new Dictionary<string, object?> { ["lockedUntil"] = user.Lockout.LockedUntil });
        }

        var verification = hasher.Verify(user.PasswordHash, body.Password ?? string.Empty);
        if (verification == PasswordVerification.Failed)
        {
            return await FailAsync(db, time, user, attempt with { Reason = "wrong password" }, now, lockout, cancellationToken).ConfigureAwait(false);
        }

        if (verification == PasswordVerification.SucceededRehashNeeded)
        {
            user.SetPasswordHash(hasher.Hash(body.Password!));
        }

        var facilityRequires = user.FacilityId is { } facilityId
            && await db.Facilities.AnyAsync(f => f.Id == facilityId && f.RequireSecondFactor, cancellationToken).ConfigureAwait(false);
        if (user.Role.RequiresSecondFactor(facilityRequires) || user.HasConfirmedTotp)
        {
            if (user.Totp == null)
            {
                // Password proven, no factor yet (new account or reset by an admin): enrolment starts here.
                user.BeginTotpEnrolment(Totp.GenerateSecret());
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            if (string.IsNullOrEmpty(body.TotpCode))
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                if (!user.HasConfirmedTotp)
                {
                    return Problems.Of(StatusCodes.Status401Unauthorized, "auth.second_factor_enrolment_required", "This account needs a TOTP second factor: add it to an authenticator app and sign in again with a code.",
                        new Dictionary<string, object?> { ["otpauthUri"] = user.Totp!.EnrolmentUri(user.Login).AbsoluteUri, ["secret"] = user.Totp.SecretBase32 });
                }

                return Problems.Of(StatusCodes.Status401Unauthorized, "auth.second_factor_required", "Enter the code from your authenticator app.");
            }

            var accepted = user.HasConfirmedTotp ? user.Totp!.Verify(body.TotpCode, now) : user.Totp!.Confirm(body.TotpCode, now);
            if (!accepted)
            {
                return await FailAsync(db, time, user, attempt with { Reason = "wrong second factor" }, now, lockout, cancellationToken).ConfigureAwait(false);
            }
        }

        user.Lockout.RecordSuccess();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditLog.AppendAsync(db, time, attempt with { Action = "signin.success", Outcome = AuditEvent.Success, Reason = null }, cancellationToken).ConfigureAwait(false);
        await context.SignInAsync(AccessRules.CookieScheme, AccessRules.Principal(user), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true }).ConfigureAwait(false);
        return TypedResults.Ok(ToMe(user));
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> FailAsync(DokueiDbContext db, TimeProvider time, User user, AuditRecord attempt, DateTimeOffset now, LockoutPolicy lockout, CancellationToken cancellationToken)
    {
        var locked = user.Lockout.RecordFailure(lockout, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditLog.AppendAsync(db, time, attempt, cancellationToken).ConfigureAwait(false);
        if (locked)
        {
            await AuditLog.AppendAsync(db, time, attempt with { Action = "signin.lockout", Reason = $"locked until {AuditEvent.FormatTime(user.Lockout.LockedUntil!.Value)}" }, cancellationToken).ConfigureAwait(false);
        }

        return Failed();
    }

    private static ProblemHttpResult Failed() =>
        Problems.Of(StatusCodes.Status401Unauthorized, "auth.failed", "Wrong login, password or code.");

    private static async Task<NoContent> SignOutAsync(HttpContext context, DokueiDbContext db, TimeProvider time)
    {
        var result = await context.AuthenticateAsync(AccessRules.CookieScheme).ConfigureAwait(false);
        if (result.Succeeded)
        {
            context.User = result.Principal;
            await AuditLog.AppendAsync(db, time, AuditRecord.For(context, "signout", "user", result.Principal.UserId()?.ToString("D")), context.RequestAborted).ConfigureAwait(false);
        }

        await context.SignOutAsync(AccessRules.CookieScheme).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Me(HttpContext context, DokueiDbContext db)
    {
        if (context.User.UserId() is { } id && await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, context.RequestAborted).ConfigureAwait(false) is { } user)
        {
            return TypedResults.Ok(ToMe(user));
        }

        var principal = context.User;
        return TypedResults.Ok(new MeResponse("credential", principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? string.Empty, principal.Identity?.Name ?? string.Empty,
            principal.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? string.Empty, principal.FacilityId(), null, null, null, null));
    }

    private static async Task<Results<Ok<TotpEnrolmentResponse>, ProblemHttpResult>> BeginTotpAsync(HttpContext context, DokueiDbContext db, TimeProvider time, TotpCodeRequest? body)
    {
        var user = await db.Users.FirstAsync(u => u.Id == context.User.UserId(), context.RequestAborted).ConfigureAwait(false);
        if (user.HasConfirmedTotp && (body?.Code is not { Length: > 0 } code || !user.Totp!.Verify(code, time.GetUtcNow())))
        {
            await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);
            return Problems.Of(StatusCodes.Status403Forbidden, "auth.second_factor_required", "A second factor is enrolled already: send a current code from it to replace it.");
        }

        var totp = user.BeginTotpEnrolment(Totp.GenerateSecret());
        user.Version++;
        await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);
        await AuditLog.AppendAsync(db, time, AuditRecord.For(context, "user.totp_enrolment", "user", user.Id.ToString("D")), context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new TotpEnrolmentResponse(totp.EnrolmentUri(user.Login).AbsoluteUri, totp.SecretBase32));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ConfirmTotpAsync(HttpContext context, DokueiDbContext db, TimeProvider time, TotpCodeRequest body)
    {
        var user = await db.Users.FirstAsync(u => u.Id == context.User.UserId(), context.RequestAborted).ConfigureAwait(false);
        if (user.Totp == null || user.HasConfirmedTotp)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "auth.no_pending_enrolment", "No TOTP enrolment is pending: start one with POST /api/me/totp.");
        }

        if (!user.Totp.Confirm(body.Code ?? string.Empty, time.GetUtcNow()))
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "auth.wrong_code", "The code does not match; check the app's clock and try the next code.");
        }

        user.Version++;
        await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);
        await AuditLog.AppendAsync(db, time, AuditRecord.For(context, "user.totp_confirmed", "user", user.Id.ToString("D")), context.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static MeResponse ToMe(User user) =>
        new("user", user.Id.ToString("D"), user.Login, user.Role.ToString(), user.FacilityId, user.DisplayNameJa, user.DisplayNameEn, user.Email, user.HasConfirmedTotp);
}
