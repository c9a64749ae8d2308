using Dokuei.Server.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Data;

public sealed class PooledContextTests
{
    [Fact]
    public async Task A_context_from_the_pool_takes_the_facility_scope_of_each_lease_and_never_the_previous_one()
    {
        var connection = DatabaseConnection.Parse("sqlite:" + Path.Combine(Path.GetTempPath(), "unused.db"), Path.GetTempPath());
        var services = new ServiceCollection();
        services.AddScoped<FacilityScope>();
        services.AddPooledDbContextFactory<SqliteDokueiDbContext>(connection.Configure);
        services.AddScoped(DokueiDbContext.Lease<SqliteDokueiDbContext>);
        await using var provider = services.BuildServiceProvider();

        DokueiDbContext first;
        await using (var scope = provider.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<FacilityScope>().SetFacility(7);
            first = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
            Assert.Equal(7, first.Scope.FacilityId);
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
            Assert.Same(first, second); // the pool handed the same instance back
            Assert.Null(second.Scope.FacilityId);
            Assert.False(second.Scope.All);
        }
    }
}
