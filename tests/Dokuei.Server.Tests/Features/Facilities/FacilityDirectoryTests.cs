using System.Net;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;

namespace Dokuei.Server.Tests.Features.Facilities;

/// <summary>AE title and address allow-list per facility, as the DIMSE listener will use it.</summary>
public sealed class FacilityDirectoryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dokuei-facility-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_calling_ae_title_is_accepted_only_from_its_allowed_addresses()
    {
        await using var db = DatabaseConnection.Parse(null, _data).CreateContext(FacilityScope.ForAll());
        await Migrator.MigrateAsync(db, TimeProvider.System);
        var a = new Facility { Name = "Hospital A", CreatedAt = DateTimeOffset.UtcNow };
        a.AeTitles.Add(new FacilityAeTitle { AeTitle = "CT_A", Host = "10.0.0.5" });
        var b = new Facility { Name = "Hospital B", CreatedAt = DateTimeOffset.UtcNow };
        b.AeTitles.Add(new FacilityAeTitle { AeTitle = "GATEWAY_B" });
        db.Facilities.AddRange(a, b);
        await db.SaveChangesAsync();

        Assert.Equal(a.Id, await FacilityDirectory.FindByCallingAeAsync(db, "CT_A", IPAddress.Parse("10.0.0.5"), default));
        Assert.Equal(a.Id, await FacilityDirectory.FindByCallingAeAsync(db, "CT_A ", IPAddress.Parse("::ffff:10.0.0.5"), default));
        Assert.Null(await FacilityDirectory.FindByCallingAeAsync(db, "CT_A", IPAddress.Parse("10.0.0.6"), default));
        Assert.Equal(b.Id, await FacilityDirectory.FindByCallingAeAsync(db, "GATEWAY_B", IPAddress.Parse("192.0.2.1"), default));
        Assert.Null(await FacilityDirectory.FindByCallingAeAsync(db, "UNKNOWN", IPAddress.Loopback, default));
    }
}
