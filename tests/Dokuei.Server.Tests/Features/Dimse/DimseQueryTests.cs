using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Dimse;

/// <summary>C-FIND edges with the library's own SCU: C-CANCEL mid-way, identifiers that do not fit the information model.</summary>
public sealed class DimseQueryTests : IDisposable
{
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    private readonly string _root = Directory.CreateTempSubdirectory("dokuei-dimse-query-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cancelled_find_ends_and_the_association_goes_on_with_the_next_request(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        await DimseSite.AddAsync(server, "Hospital A", ("SITE_A", null, null));
        var (directory, _) = await DimseSite.WriteAsync(_root, TransferSyntax.ExplicitVRLittleEndian, Enumerable.Range(0, 5).Select(i => DicomFixtures.Create(patientId: $"P{i}")));
        await using var client = await DimseSite.ConnectAsync(server, "SITE_A",
            (SecondaryCapture, DicomClient.UncompressedTransferSyntaxes),
            (DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomClient.UncompressedTransferSyntaxes));
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            Assert.True((await client.StoreAsync(await DicomStoreSource.FromFileAsync(path))).Status.IsSuccess);
        }

        var first = 0;
        await foreach (var match in client.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier("STUDY")))
        {
            // Leaving the loop sends C-CANCEL and reads up to the final response.
            first++;
            break;
        }

        var all = await client.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier("STUDY")).ToListAsync();
        Assert.Equal(1, first);
        Assert.Equal(5, all.Count);
        await client.ReleaseAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_level_the_information_model_lacks_is_refused_with_a_comment(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        await DimseSite.AddAsync(server, "Hospital A", ("SITE_A", null, null));
        await using var client = await DimseSite.ConnectAsync(server, "SITE_A", (DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomClient.UncompressedTransferSyntaxes));

        var refused = await Assert.ThrowsAsync<DimseException>(async () => await client.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier("PATIENT")).ToListAsync());
        Assert.Contains("A900", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Query/Retrieve Level PATIENT", refused.Message, StringComparison.Ordinal);

        // The association is still usable.
        Assert.Empty(await client.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier("STUDY")).ToListAsync());
        await client.ReleaseAsync();
    }

    private static DicomDataset Identifier(string level)
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTag.QueryRetrieveLevel, level);
        identifier.SetString(DicomTag.StudyInstanceUID, []);
        identifier.SetString(DicomTag.PatientID, []);
        return identifier;
    }
}
