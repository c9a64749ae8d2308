using System.Globalization;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Radiologists;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Hosting;

/// <summary>What the demo created so far, shared by the seeding steps, and the lines printed for the operator.</summary>
internal sealed class DemoContext(DokueiDbContext db, TimeProvider time, TextWriter output)
{
    public DokueiDbContext Db { get; } = db;

    public TimeProvider Time { get; } = time;

    public TextWriter Output { get; } = output;

    /// <summary>Facilities by name, as created by <see cref="DemoSeeder.SeedFacilitiesAsync"/>.</summary>
    public Dictionary<string, Facility> Facilities { get; } = [];

    /// <summary>Users by login.</summary>
    public Dictionary<string, User> Users { get; } = [];
}

/// <summary>
/// Fills an empty, migrated database with a demo: one step per feature, in order. A feature adds its own step
/// (studies and requests in every state, for example) to <see cref="Steps"/>; each step reads what earlier steps made
/// from the <see cref="DemoContext"/>.
/// </summary>
internal static class DemoSeeder
{
    /// <summary>The password of every demo account (printed; demo data only).</summary>
    public const string Password = "dokuei-demo-2026";

    public static IReadOnlyList<Func<DemoContext, CancellationToken, Task>> Steps { get; } =
    [
        SeedFacilitiesAsync,
        SeedPeopleAsync,
        SeedRadiologistsAsync,
    ];

    public static async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        foreach (var step in Steps)
        {
            await step(context, cancellationToken).ConfigureAwait(false);
            await context.Db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Three facilities with AE titles, DICOMweb tokens and contracts.</summary>
    public static async Task SeedFacilitiesAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var facilities = new (string Name, string Ae, string[] Menus, ReadingMode[] Modes, string[] Options, bool SecondFactor)[]
        {
            ("さくら総合病院", "SAKURA_CT", ["normal", "urgent", "24-365"], [ReadingMode.Single, ReadingMode.Double], ["prior-comparison", "second-opinion"], false),
            ("みなと整形外科クリニック", "MINATO_MR", ["normal"], [ReadingMode.Single], ["prior-comparison"], false),
            ("North Hills Medical Center", "NHMC_GW", ["normal", "urgent", "next-morning"], [ReadingMode.Single, ReadingMode.Double, ReadingMode.BlindDouble], ["prior-comparison", "re-reading"], true),
        };
        await context.Output.WriteLineAsync("Facilities (DICOMweb tokens, shown once):").ConfigureAwait(false);
        foreach (var f in facilities)
        {
            var facility = new Facility { Name = f.Name, CreatedAt = context.Time.GetUtcNow(), RequireSecondFactor = f.SecondFactor };
            facility.AeTitles.Add(new FacilityAeTitle { AeTitle = f.Ae });
            context.Db.Facilities.Add(facility);
            await context.Db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            context.Db.FacilityContracts.Add(new FacilityContract
            {
                FacilityId = facility.Id,
                ServiceMenus = [.. f.Menus],
                ReadingModes = [.. f.Modes],
                Options = [.. f.Options],
                BusinessCalendar = "center-standard",
                Version = 1,
            });
            var token = AccessTokens.Issue(context.Db, facility.Id, Credential.FacilityRole, $"{f.Name} DICOMweb", context.Time);
            context.Facilities[f.Name] = facility;
            await context.Output.WriteLineAsync($"  {facility.Name} (AE {f.Ae}; menus {string.Join(", ", f.Menus)}; TOTP {(f.SecondFactor ? "required" : "optional")}): {token}").ConfigureAwait(false);
        }
    }

    /// <summary>Center staff and facility people; center roles (and the facility that requires it) get TOTP secrets, printed.</summary>
    public static async Task SeedPeopleAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var names = context.Facilities.Keys.ToArray();
        var people = new (string Login, UserRole Role, string? Facility, string Ja, string En)[]
        {
            ("admin", UserRole.Admin, null, "管理 太郎", "Taro Kanri"),
            ("coordinator", UserRole.Coordinator, null, "調整 花子", "Hanako Chosei"),
            ("qa.checker", UserRole.QaChecker, null, "校正 次郎", "Jiro Kosei"),
            ("billing", UserRole.Billing, null, "経理 三郎", "Saburo Keiri"),
            ("sakura.staff", UserRole.FacilityStaff, names[0], "佐藤 美咲", "Misaki Sato"),
            ("sakura.doctor", UserRole.ReferringPhysician, names[0], "鈴木 一郎", "Ichiro Suzuki"),
            ("minato.staff", UserRole.FacilityStaff, names[1], "高橋 直子", "Naoko Takahashi"),
            ("minato.doctor", UserRole.ReferringPhysician, names[1], "田中 健", "Ken Tanaka"),
            ("nhmc.staff", UserRole.FacilityStaff, names[2], "伊藤 さくら", "Sakura Ito"),
            ("nhmc.doctor", UserRole.ReferringPhysician, names[2], "Emily Carter", "Emily Carter"),
        };
        await AddPeopleAsync(context, people, "People", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Six radiologists with different certifications, specialties, modalities, conflicts and shifts for two weeks.</summary>
    public static async Task SeedRadiologistsAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var names = context.Facilities.Keys.ToArray();
        var readers = new (string Login, string Ja, string En, int Years, string[] Certs, string[] Specialties, string[] Modalities, string[] Languages, string Employment, int[] Hours, string? Conflict)[]
        {
            ("rad.yamada", "山田 誠", "Makoto Yamada", 22, ["放射線診断専門医", "核医学専門医"], ["neuro", "nuclear-medicine"], ["CT", "MR", "NM", "PT"], ["ja"], "常勤", [9, 18], null),
            ("rad.kobayashi", "小林 由美", "Yumi Kobayashi", 15, ["放射線診断専門医", "マンモグラフィ読影認定医"], ["breast", "chest"], ["MG", "CT", "US"], ["ja", "en"], "非常勤（在宅）", [13, 21], names[0]),
            ("rad.nakamura", "中村 大輔", "Daisuke Nakamura", 9, ["放射線診断専門医"], ["abdomen", "chest"], ["CT", "MR", "CR"], ["ja"], "常勤", [9, 18], null),
            ("rad.watanabe", "渡辺 恵", "Megumi Watanabe", 6, ["放射線診断専門医"], ["msk", "pediatric"], ["MR", "CR", "CT"], ["ja"], "非常勤", [18, 24], names[1]),
            ("rad.smith", "スミス ジョン", "John Smith", 18, ["放射線診断専門医", "IVR専門医"], ["cardiac", "chest", "head-and-neck"], ["CT", "MR"], ["en", "ja"], "非常勤（海外在住・夜間）", [0, 8], null),
            ("rad.kato", "加藤 翔", "Sho Kato", 3, [], ["chest", "abdomen"], ["CT", "CR"], ["ja"], "専攻医", [9, 17], null),
        };
        var people = readers.Select(r => (r.Login, UserRole.Radiologist, (string?)null, r.Ja, r.En)).ToArray();
        await AddPeopleAsync(context, people, "Radiologists", cancellationToken).ConfigureAwait(false);
        await context.Db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        var today = DateOnly.FromDateTime(TokyoTime.ToLocal(context.Time.GetUtcNow()));
        foreach (var r in readers)
        {
            var profile = new RadiologistProfile
            {
                UserId = context.Users[r.Login].Id,
                YearsOfExperience = r.Years,
                Certifications = [.. r.Certs],
                Specialties = [.. r.Specialties],
                Modalities = [.. r.Modalities],
                Languages = [.. r.Languages],
                PublicIntroduction = $"{r.Ja}（経験{r.Years}年）: {string.Join("・", r.Specialties)}",
                Employment = r.Employment,
                Capacity = r.Years >= 10 ? 12 : 6,
                ConflictFacilityIds = r.Conflict == null ? [] : [context.Facilities[r.Conflict].Id],
            };
            for (var day = -1; day < 14; day++)
            {
                var date = today.AddDays(day);
                if (r.Employment.StartsWith('常') && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }

                var start = TokyoTime.At(date, new TimeOnly(r.Hours[0], 0));
                var end = r.Hours[1] == 24 ? TokyoTime.At(date.AddDays(1), TimeOnly.MinValue) : TokyoTime.At(date, new TimeOnly(r.Hours[1], 0));
                profile.Shifts.Add(new RadiologistShift { UserId = profile.UserId, StartsAt = start.ToUniversalTime(), EndsAt = end.ToUniversalTime() });
            }

            context.Db.RadiologistProfiles.Add(profile);
        }
    }

    private static async Task AddPeopleAsync(DemoContext context, (string Login, UserRole Role, string? Facility, string Ja, string En)[] people, string title, CancellationToken cancellationToken)
    {
        // Every demo account has the same password: one hash (PBKDF2 is slow on purpose) serves them all.
        var hash = new Pbkdf2PasswordHasher().Hash(Password);
        await context.Output.WriteLineAsync($"{title} (password {Password}; TOTP secrets for authenticator apps or `dokuei user code SECRET`):").ConfigureAwait(false);
        foreach (var p in people)
        {
            var facility = p.Facility == null ? null : context.Facilities[p.Facility];
            var user = new User(Guid.NewGuid(), p.Login, p.Ja, p.En, p.Role, facility?.Id, hash, context.Time.GetUtcNow()) { Email = $"{p.Login}@demo.dokuei.invalid" };
            var totp = p.Role.RequiresSecondFactor(facility?.RequireSecondFactor ?? false) ? user.BeginTotpEnrolment(Features.Identity.Totp.GenerateSecret()) : null;
            context.Db.Users.Add(user);
            context.Users[p.Login] = user;
            var where = facility?.Name ?? "center";
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {p.Login,-16} {p.Role,-18} {where,-28} {(totp == null ? "no TOTP" : "TOTP " + totp.SecretBase32)}")).ConfigureAwait(false);
        }
    }
}
