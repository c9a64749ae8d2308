using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dokuei.Server.Tests.Features.Archive;

/// <summary>The ingest service that STOW-RS and DIMSE C-STORE share.</summary>
public sealed class ArchiveIngestTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_data_set_without_meta_information_is_stored_as_a_part_10_file(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var instance = DicomFixtures.Create();
        var file = Open(instance.Bytes);
        using var dataset = new MemoryStream();
        new DicomDatasetWriter(TransferSyntax.ExplicitVRLittleEndian, preserveEncoding: true).Write(file.Dataset, dataset);
        dataset.Position = 0;

        StoreResult result;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
            var facilityId = await db.Facilities.Select(f => f.Id).SingleAsync();
            db.Scope.SetFacility(facilityId);
            result = await scope.ServiceProvider.GetRequiredService<ArchiveIngest>().StoreDatasetAsync(
                facilityId, "1.2.840.10008.5.1.4.1.1.7", instance.SopUid, TransferSyntax.ExplicitVRLittleEndian.Uid, dataset, CancellationToken.None);
        }

        Assert.Equal(StoreOutcome.Stored, result.Outcome);
        var retrieved = await Multipart.ReadAsync(await client.GetAsync($"dicomweb/studies/{instance.StudyUid}"));
        var stored = Open(Assert.Single(retrieved).Bytes);
        Assert.Equal(instance.SopUid, stored.FileMetaInformation.GetString(new DicomTag(0x00020003)));
        Assert.Equal(file.Dataset.GetString(DicomTag.PatientName), stored.Dataset.GetString(DicomTag.PatientName));
    }

    private static DicomFile Open(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, bytes);
        try
        {
            return DicomFile.Open(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
