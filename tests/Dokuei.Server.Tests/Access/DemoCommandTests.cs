using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Tests.Access;

/// <summary><c>dokuei demo --no-serve</c> builds the demo data and resets it when run again.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_creates_facilities_people_radiologists_and_requests_and_a_second_run_starts_again_from_scratch()
    {
        var directory = Directory.CreateTempSubdirectory("dokuei-demo-").FullName;
        try
        {
            var first = await DokueiProcess.RunAsync("demo", "--no-serve", "--data", directory);
            Assert.True(first.ExitCode == 0, first.StdErr);
            Assert.Contains("password dokuei-demo-2026", first.StdOut, StringComparison.Ordinal);
            var second = await DokueiProcess.RunAsync("demo", "--no-serve", "--data", directory);
            Assert.True(second.ExitCode == 0, second.StdErr);

            await using var db = DatabaseConnection.Parse(null, directory).CreateContext(FacilityScope.ForAll());
            Assert.Equal(3, await db.Facilities.CountAsync());
            Assert.Equal(3, await db.FacilityContracts.CountAsync());
            var users = await db.Users.ToListAsync();
            Assert.Equal(16, users.Count);
            Assert.Equal(6, users.Count(u => u.Role == UserRole.Radiologist));
            Assert.Equal(6, await db.RadiologistProfiles.CountAsync());
            Assert.All(await db.RadiologistProfiles.Include(p => p.Shifts).ToListAsync(), p => Assert.NotEmpty(p.Shifts));
            Assert.Equal(Enum.GetValues<UserRole>().Order(), users.Select(u => u.Role).Distinct().Order());
            // Every center account's TOTP secret is printed, so the demo can be signed into.
            Assert.All(users.Where(u => u.Role.IsCenterRole()), u => Assert.Contains(u.Totp!.SecretBase32, second.StdOut, StringComparison.Ordinal));
            Assert.True((await AuditChain.VerifyAsync(db, CancellationToken.None)).Intact);

            // Reading requests in every state, on synthetic studies stored through the archive, once (the reset removed the first run's).
            var states = await db.ReadingRequests.Select(r => r.State).ToListAsync();
            Assert.Equal(Enum.GetValues<ReadingRequestState>().Order(), states.Order());
            Assert.True(await db.Studies.AnyAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
