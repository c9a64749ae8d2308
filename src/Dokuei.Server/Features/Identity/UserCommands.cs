using System.CommandLine;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Hosting.Commands;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Identity;

/// <summary><c>dokuei user add|list</c>: people's accounts from the operator's shell.</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "People's accounts: roles, facilities, passwords and TOTP enrolment.");
        user.Subcommands.Add(Add());
        user.Subcommands.Add(List());
        user.Subcommands.Add(Code());
        return user;
    }

    private static Command Code()
    {
        var secret = new Argument<string>("SECRET") { Description = "A TOTP secret in base 32 (as printed by `user add` or `demo`)" };
        var command = new Command("code", "Print the current TOTP code for a secret (demo and scripts; people use an authenticator app).") { secret };
        command.SetAction(result =>
        {
            byte[] key;
            try
            {
                key = Base32.Decode(result.GetValue(secret)!);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"SECRET: {e.Message}");
                return 1;
            }

            Console.WriteLine(Totp.ComputeCode(key, Totp.TimeStepAt(DateTimeOffset.UtcNow)));
            return 0;
        });
        return command;
    }

    private static Command Add()
    {
        var common = new CommonOptions();
        var login = new Argument<string>("LOGIN") { Description = "Sign-in name (3-64 of a-z 0-9 . _ - @)" };
        var role = new Option<UserRole>("--role") { Description = $"One of {string.Join(", ", Enum.GetNames<UserRole>())}", Required = true };
        var facility = new Option<string?>("--facility") { Description = "Facility name (facility roles only)" };
        var password = new Option<string?>("--password") { Description = "Password (at least 12 characters); default: generated and printed" };
        var nameJa = new Option<string?>("--name-ja") { Description = "Display name in Japanese" };
        var nameEn = new Option<string?>("--name-en") { Description = "Display name in English" };
        var email = new Option<string?>("--email") { Description = "E-mail address" };
        var command = new Command("add", "Create an account; prints the password and, when TOTP is required, the enrolment URI.") { login, role, facility, password, nameJa, nameEn, email };
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var db = await common.OpenDatabaseAsync(result, cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                long? facilityId = null;
                if (result.GetValue(facility) is { Length: > 0 } facilityName)
                {
                    facilityId = await db.Facilities.Where(f => f.Name == facilityName).Select(f => (long?)f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                    if (facilityId == null)
                    {
                        await Console.Error.WriteLineAsync($"--facility: there is no facility \"{facilityName}\" (see `dokuei facility list`)").ConfigureAwait(false);
                        return 1;
                    }
                }

                try
                {
                    var created = await UserAccounts.CreateAsync(db, new Pbkdf2PasswordHasher(), TimeProvider.System, result.GetValue(login)!, result.GetValue(role), facilityId,
                        result.GetValue(nameJa), result.GetValue(nameEn), result.GetValue(email), result.GetValue(password), cancellationToken).ConfigureAwait(false);
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    await AuditLog.AppendAsync(db, TimeProvider.System, new AuditRecord
                    {
                        Action = "user.create",
                        ActorName = Environment.UserName,
                        ActorRole = "cli",
                        SubjectType = "user",
                        SubjectId = created.User.Id.ToString("D"),
                        FacilityId = facilityId,
                        Detail = $"{created.User.Login} role {created.User.Role}",
                    }, cancellationToken).ConfigureAwait(false);
                    Console.WriteLine($"user {created.User.Id} {created.User.Login} ({created.User.Role})");
                    Console.WriteLine($"password: {created.Password}");
                    if (created.OtpauthUri != null)
                    {
                        Console.WriteLine($"TOTP required; enrol with: {created.OtpauthUri}");
                    }
                }
                catch (DomainException e)
                {
                    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                    return 1;
                }
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var common = new CommonOptions();
        var command = new Command("list", "List accounts: id, login, role, facility, second factor, state.");
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var db = await common.OpenDatabaseAsync(result, cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var users = await db.Users.AsNoTracking().OrderBy(u => u.Login).ToListAsync(cancellationToken).ConfigureAwait(false);
                var facilities = await db.Facilities.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Name, cancellationToken).ConfigureAwait(false);
                Console.WriteLine("id\tlogin\trole\tfacility\ttotp\tstate");
                foreach (var u in users)
                {
                    var facility = u.FacilityId is { } f ? facilities.GetValueOrDefault(f, f.ToString(System.Globalization.CultureInfo.InvariantCulture)) : "-";
                    var totp = u.HasConfirmedTotp ? "confirmed" : u.Totp != null ? "pending" : "-";
                    Console.WriteLine($"{u.Id}\t{u.Login}\t{u.Role}\t{facility}\t{totp}\t{(u.Disabled ? "disabled" : "active")}");
                }
            }

            return 0;
        });
        return command;
    }
}
