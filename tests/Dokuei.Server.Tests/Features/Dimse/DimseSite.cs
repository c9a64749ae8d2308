using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Network;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Dimse;

/// <summary>A facility of a test: its AE titles in the server's database, its DICOMweb client, and files to send.</summary>
internal sealed class DimseSite
{
    private DimseSite(long id, HttpClient client)
    {
        Id = id;
        Client = client;
    }

    public long Id { get; }

    /// <summary>DICOMweb with the facility's token.</summary>
    public HttpClient Client { get; }

    /// <summary>Creates a facility with AE titles given as (title, host, port) rows.</summary>
    public static async Task<DimseSite> AddAsync(ArchiveServer server, string name, params (string Title, string? Host, int? Port)[] titles)
    {
        await using var db = DatabaseConnection.Parse(server.Database, server.DataDirectory).CreateContext(FacilityScope.ForAll());
        var facility = new Facility { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        foreach (var (title, host, port) in titles)
        {
            facility.AeTitles.Add(new FacilityAeTitle { AeTitle = title, Host = host, Port = port });
        }

        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        var token = AccessTokens.Issue(db, facility.Id, Credential.FacilityRole, name, TimeProvider.System);
        await db.SaveChangesAsync();
        return new DimseSite(facility.Id, server.Client(token));
    }

    /// <summary>Writes instances as Part 10 files in <paramref name="transferSyntax"/> into a new folder; returns it and the dataset bytes by SOP Instance UID.</summary>
    public static async Task<(string Directory, Dictionary<string, byte[]> Datasets)> WriteAsync(string root, TransferSyntax transferSyntax, IEnumerable<DicomFixtures.Instance> instances)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, Guid.NewGuid().ToString("N")[..8])).FullName;
        foreach (var instance in instances)
        {
            var source = Path.Combine(directory, instance.SopUid + ".src");
            await File.WriteAllBytesAsync(source, instance.Bytes);
            var file = await DicomFileReader.ReadAsync(source);
            DicomFileWriter.Write(new DicomFile(file.Dataset, transferSyntax), Path.Combine(directory, instance.SopUid + ".dcm"));
            File.Delete(source);
        }

        return (directory, await Dcmtk.DatasetsAsync(directory));
    }

    /// <summary>A client association of the facility's AE title to the server, proposing the given contexts.</summary>
    public static Task<DicomClient> ConnectAsync(ArchiveServer server, string callingAeTitle, params (string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)[] contexts)
    {
        var options = new DicomClientOptions { CallingAeTitle = callingAeTitle, CalledAeTitle = "DOKUEI" };
        return DicomClient.ConnectAsync("127.0.0.1", server.DimsePort, DicomClient.CreateRequest(options, contexts), options);
    }
}
