using System.Net;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.DicomWeb;

/// <summary>WADO-URI transfer syntax negotiation, as dicomweb-client (npm) builds its URLs.</summary>
public sealed class WadoUriTests
{
    [Fact]
    public async Task Transfer_syntax_wildcard_returns_the_instance_as_stored_and_another_syntax_is_406()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();
        await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes));
        var instance = $"wado?requestType=WADO&studyUID={a.StudyUid}&seriesUID={a.SeriesUid}&objectUID={a.SopUid}&contentType=application%2Fdicom";

        var wildcard = await client.GetAsync(instance + "&transferSyntax=*");
        var jpeg = await client.GetAsync(instance + "&transferSyntax=1.2.840.10008.1.2.4.50");

        Assert.Equal(HttpStatusCode.OK, wildcard.StatusCode);
        Assert.Equal(a.Bytes, await wildcard.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotAcceptable, jpeg.StatusCode);
    }
}
