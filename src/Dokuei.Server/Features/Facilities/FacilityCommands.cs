using System.CommandLine;
using Dokuei.Server.Hosting.Commands;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Facilities;

/// <summary><c>dokuei facility add|list</c>: facilities, their AE titles and their DICOMweb tokens.</summary>
internal static class FacilityCommands
{
    public static Command Create()
    {
        var facility = new Command("facility", "Facilities (依頼施設) that send studies: their AE titles and DICOMweb credentials.");
        facility.Subcommands.Add(Add());
        facility.Subcommands.Add(List());
        return facility;
    }

    private static Command Add()
    {
        var common = new CommonOptions();
        var name = new Argument<string>("NAME") { Description = "The facility's name (unique)" };
        var ae = new Option<string[]>("--ae") { Description = "Calling AE title of the facility's modalities or gateway (repeatable)", Required = true, AllowMultipleArgumentsPerToken = false };
        var hosts = new Option<string[]>("--ae-host") { Description = "Address the AE titles may connect from (repeatable; default: any)" };
        var port = new Option<int?>("--ae-port") { Description = "Port the AE titles listen on as storage SCPs at their --ae-host: makes them C-MOVE destinations of the facility" };
        var command = new Command("add", "Create a facility; prints its DICOMweb access token on the last line (shown once).") { name, ae, hosts, port };
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var db = await common.OpenDatabaseAsync(result, cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var facilityName = result.GetValue(name)!.Trim();
                if (await db.Facilities.AnyAsync(f => f.Name == facilityName, cancellationToken).ConfigureAwait(false))
                {
                    await Console.Error.WriteLineAsync($"facility \"{facilityName}\" exists already").ConfigureAwait(false);
                    return 1;
                }

                var aeTitles = result.GetValue(ae) ?? [];
                foreach (var title in aeTitles)
                {
                    if (title.Length is 0 or > 16 || title.Any(c => c < 0x20 || c > 0x7E || c == '\\'))
                    {
                        await Console.Error.WriteLineAsync($"--ae {title}: an AE title is 1-16 printable ASCII characters without backslash").ConfigureAwait(false);
                        return 1;
                    }
                }

                var destinationPort = result.GetValue(port);
                if (destinationPort is { } p && (p is < 1 or > 65535 || result.GetValue(hosts) is not { Length: > 0 }))
                {
                    await Console.Error.WriteLineAsync("--ae-port: a port 1-65535, with --ae-host naming where the AE titles listen").ConfigureAwait(false);
                    return 1;
                }

                var time = TimeProvider.System;
                var created = new Facility { Name = facilityName, CreatedAt = time.GetUtcNow() };
                var allowedHosts = result.GetValue(hosts) is { Length: > 0 } h ? h.Select(x => (string?)x).ToArray() : new string?[] { null };
                foreach (var title in aeTitles)
                {
                    foreach (var host in allowedHosts)
                    {
                        created.AeTitles.Add(new FacilityAeTitle { AeTitle = title.Trim(), Host = host, Port = destinationPort });
                    }
                }

                db.Facilities.Add(created);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                var token = AccessTokens.Issue(db, created.Id, Credential.FacilityRole, $"{facilityName} DICOMweb", time);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"facility {created.Id} \"{facilityName}\" AE {string.Join(", ", aeTitles)}");
                Console.WriteLine("DICOMweb access token (shown once; send as Authorization: Bearer TOKEN):");
                Console.WriteLine(token);
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var common = new CommonOptions();
        var command = new Command("list", "List facilities: id, name, AE titles (with allowed addresses), studies.");
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var db = await common.OpenDatabaseAsync(result, cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var facilities = await db.Facilities.Include(f => f.AeTitles).OrderBy(f => f.Id)
                    .Select(f => new { f.Id, f.Name, f.AeTitles, Studies = db.Studies.Count(s => s.FacilityId == f.Id) })
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                Console.WriteLine("id\tname\tae titles\tstudies");
                foreach (var f in facilities)
                {
                    var titles = string.Join(", ", f.AeTitles.Select(a => a.Host == null ? a.AeTitle : a.Port == null ? $"{a.AeTitle}@{a.Host}" : System.FormattableString.Invariant($"{a.AeTitle}@{a.Host}:{a.Port}")));
                    Console.WriteLine(System.FormattableString.Invariant($"{f.Id}\t{f.Name}\t{titles}\t{f.Studies}"));
                }
            }

            return 0;
        });
        return command;
    }
}
