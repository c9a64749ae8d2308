using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Features.Requests;

public class RequestsDemoDataTests
{
    [Fact]
    public async Task Demo_creates_a_request_in_every_state_with_synthetic_studies_in_the_archive()
    {
        await using var server = await ApiServer.StartAsync(TestDatabases.Sqlite);
        var (first, a) = await server.AddFacilityAsync("デモ病院");
        var (second, b) = await server.AddFacilityAsync("Demo Clinic");
        a.Dispose();
        b.Dispose();
        var people = new DemoPeople([(first, Guid.NewGuid()), (second, Guid.NewGuid())], Guid.NewGuid(), [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()], Guid.NewGuid());

        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        var ingest = scope.ServiceProvider.GetRequiredService<ArchiveIngest>();
        var ids = await RequestsDemoData.SeedAsync(db, ingest, people, TimeProvider.System, CancellationToken.None);

        db.ChangeTracker.Clear();
        var states = await db.ReadingRequests.Where(r => ids.Contains(r.Id)).Select(r => r.State).ToListAsync();
        Assert.Equal(Enum.GetValues<ReadingRequestState>().Order(), states.Order());
        var studies = await db.Studies.CountAsync();
        Assert.Equal(Enum.GetValues<ReadingRequestState>().Length - 2, studies);
        Assert.True(await db.Reports.CountAsync() >= 6);
    }
}
