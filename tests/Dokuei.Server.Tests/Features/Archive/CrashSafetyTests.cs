using System.Net;
using Dokuei.Server.Storage;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.Archive;

/// <summary>What a crash can leave behind is never visible, and is cleaned at the next start.</summary>
public sealed class CrashSafetyTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_temporary_blob_left_by_a_crash_is_not_indexed_and_is_removed_at_the_next_start(string provider)
    {
        var (dataDirectory, database, _) = await StoreOneAndStopAsync(provider);

        // What a kill during a store leaves: a half-written staged file, and a whole one that never reached the index.
        var orphan = DicomFixtures.Create();
        var temporary = Path.Combine(dataDirectory, "blobs", ".tmp");
        await File.WriteAllBytesAsync(Path.Combine(temporary, "0123456789abcdef.part"), orphan.Bytes.AsSpan(0, orphan.Bytes.Length / 2).ToArray());
        await File.WriteAllBytesAsync(Path.Combine(temporary, "fedcba9876543210.part"), orphan.Bytes);

        await using var restarted = await ArchiveServer.StartAsync(provider, dataDirectory, database);
        using var admin = restarted.OperatorClient();
        Assert.Empty(Directory.EnumerateFiles(temporary));
        Assert.Equal(0, (await DicomJson.ReadAsync(await admin.GetAsync($"dicomweb/instances?SOPInstanceUID={orphan.SopUid}"))).GetArrayLength());
        Assert.Single((await DicomJson.ReadAsync(await admin.GetAsync("dicomweb/instances"))).EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_blob_committed_without_its_index_row_is_removed_at_the_next_start_and_indexed_blobs_stay(string provider)
    {
        var (dataDirectory, database, stored) = await StoreOneAndStopAsync(provider);
        var blobsDirectory = Path.Combine(dataDirectory, "blobs");
        var storedBlob = Assert.Single(Directory.EnumerateFiles(blobsDirectory, "*.dcm", SearchOption.AllDirectories));

        // What a kill between the blob commit and the index commit leaves: the blob under its key and under its pending
        // name; here also a pending copy of the instance indexed before, as the same content sent again would leave.
        var store = new FileBlobStore(blobsDirectory);
        var orphan = DicomFixtures.Create();
        var staged = await store.StageAsync(new MemoryStream(orphan.Bytes), CancellationToken.None);
        var storedKey = Path.GetRelativePath(blobsDirectory, storedBlob);
        var again = await store.StageAsync(new MemoryStream(stored.Bytes), CancellationToken.None);
        await store.CommitAsync([(staged, $"1/{staged.Sha256[..2]}/{staged.Sha256}.dcm"), (again, storedKey)], CancellationToken.None);
        Assert.Equal(2, Directory.EnumerateFiles(blobsDirectory, "*.dcm", SearchOption.AllDirectories).Count());

        await RestartAndExpectOnlyTheStoredBlobAsync(provider, dataDirectory, database, stored, storedBlob);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_blob_whose_index_row_committed_but_whose_link_under_its_key_was_lost_is_restored_at_the_next_start(string provider)
    {
        var (dataDirectory, database, stored) = await StoreOneAndStopAsync(provider);
        var blobsDirectory = Path.Combine(dataDirectory, "blobs");
        var storedBlob = Assert.Single(Directory.EnumerateFiles(blobsDirectory, "*.dcm", SearchOption.AllDirectories));

        // What a kill after the index commit can leave where the link's directory never reached the disk: the index row
        // and the pending file, but nothing under the key.
        var store = new FileBlobStore(blobsDirectory);
        var again = await store.StageAsync(new MemoryStream(stored.Bytes), CancellationToken.None);
        File.Delete(storedBlob);
        await store.CommitAsync([(again, Path.GetRelativePath(blobsDirectory, storedBlob))], CancellationToken.None);
        File.Delete(storedBlob);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(blobsDirectory, ".tmp"), "*.pending"));

        await RestartAndExpectOnlyTheStoredBlobAsync(provider, dataDirectory, database, stored, storedBlob);
    }

    /// <summary>Starts the server again: nothing is left pending, the one stored blob is in place and is retrieved whole.</summary>
    private static async Task RestartAndExpectOnlyTheStoredBlobAsync(string provider, string dataDirectory, string? database, DicomFixtures.Instance stored, string storedBlob)
    {
        var blobsDirectory = Path.Combine(dataDirectory, "blobs");
        await using var restarted = await ArchiveServer.StartAsync(provider, dataDirectory, database);
        Assert.Equal([storedBlob], Directory.EnumerateFiles(blobsDirectory, "*.dcm", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(blobsDirectory, ".tmp")));
        using var admin = restarted.OperatorClient();
        var retrieved = await Multipart.ReadAsync(await admin.GetAsync($"dicomweb/studies/{stored.StudyUid}"));
        Assert.Equal(stored.Bytes, Assert.Single(retrieved).Bytes);
    }

    /// <summary>A server that stored one instance for a facility and stopped: its data directory, database and the instance.</summary>
    private static async Task<(string DataDirectory, string? Database, DicomFixtures.Instance Stored)> StoreOneAndStopAsync(string provider)
    {
        var server = await ArchiveServer.StartAsync(provider);
        var stored = DicomFixtures.Create();
        using (var client = await server.AddFacilityAsync("Hospital A"))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("dicomweb/studies", Multipart.Related(stored.Bytes))).StatusCode);
        }

        await server.StopAsync();
        return (server.DataDirectory, server.Database, stored);
    }

    [Fact]
    public async Task Stored_instances_leave_nothing_pending_behind()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();
        var b = DicomFixtures.Create();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes, b.Bytes))).StatusCode);

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs", ".tmp")));
    }

    [Fact]
    public async Task An_aborted_upload_leaves_no_temporary_file_and_no_index_row()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();
        var body = Multipart.Related(a.Bytes);
        var bytes = await body.ReadAsByteArrayAsync();
        // The body stops in the middle of the part: the multipart reader fails, the staged file is discarded.
        var truncated = new ByteArrayContent(bytes.AsSpan(0, bytes.Length / 2).ToArray());
        truncated.Headers.ContentType = body.Headers.ContentType;

        var response = await client.PostAsync("dicomweb/studies", truncated);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs", ".tmp")));
        Assert.Equal(0, (await DicomJson.ReadAsync(await client.GetAsync("dicomweb/instances"))).GetArrayLength());
    }
}
