using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.DicomWeb;

/// <summary>WADO-RS and WADO-URI: byte-identical retrieval, metadata with bulk data URIs, frames, negotiation.</summary>
public sealed class WadoRsTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retrieved_instances_equal_the_stored_bytes_at_every_level(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create(instanceNumber: 1);
        var b = DicomFixtures.Create(a.StudyUid, a.SeriesUid, instanceNumber: 2, pixelSeed: 3);
        var c = DicomFixtures.Create(a.StudyUid, instanceNumber: 1, pixelSeed: 5);
        await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes, b.Bytes, c.Bytes));

        var study = await Multipart.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}"));
        Assert.Equal(3, study.Count);
        Assert.All(study, p => Assert.StartsWith("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", p.ContentType, StringComparison.Ordinal));
        Assert.Equal(new[] { a.Bytes, b.Bytes, c.Bytes }.Select(Convert.ToBase64String).Order(), study.Select(p => Convert.ToBase64String(p.Bytes)).Order());
        var series = await Multipart.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}/series/{a.SeriesUid}"));
        Assert.Equal([a.Bytes, b.Bytes], series.Select(p => p.Bytes));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"dicomweb/studies/{a.StudyUid}/series/{a.SeriesUid}/instances/{b.SopUid}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1"));
        Assert.Equal(b.Bytes, Assert.Single(await Multipart.ReadAsync(await client.SendAsync(request))).Bytes);

        var uri = await client.GetAsync($"wado?requestType=WADO&studyUID={a.StudyUid}&seriesUID={a.SeriesUid}&objectUID={b.SopUid}&contentType=application/dicom");
        Assert.Equal("application/dicom", uri.Content.Headers.ContentType!.MediaType);
        Assert.Equal(b.Bytes, await uri.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotAcceptable, (await client.GetAsync($"wado?requestType=WADO&studyUID={a.StudyUid}&seriesUID={a.SeriesUid}&objectUID={b.SopUid}&contentType=image/jpeg")).StatusCode);
    }

    [Fact]
    public async Task A_study_is_sent_with_its_exact_length_and_a_blob_changed_on_disk_breaks_the_transfer_instead_of_sending_other_bytes()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create(instanceNumber: 1);
        var b = DicomFixtures.Create(a.StudyUid, a.SeriesUid, instanceNumber: 2, pixelSeed: 3);
        await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes, b.Bytes));

        using var response = await client.GetAsync($"dicomweb/studies/{a.StudyUid}");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(2, (await Multipart.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}"))).Count);

        var blob = Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs"), "*.dcm", SearchOption.AllDirectories)
            .Single(f => File.ReadAllBytes(f).AsSpan().SequenceEqual(b.Bytes));
        File.SetAttributes(blob, FileAttributes.Normal);
        await File.AppendAllTextAsync(blob, "tampered");

        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var broken = await client.GetAsync($"dicomweb/studies/{a.StudyUid}");
            await broken.Content.ReadAsByteArrayAsync();
        });
    }

    [Fact]
    public async Task A_transfer_syntax_that_would_need_transcoding_is_refused_with_406()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create();
        await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"dicomweb/studies/{a.StudyUid}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50"));
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        using var wildcard = new HttpRequestMessage(HttpMethod.Get, $"dicomweb/studies/{a.StudyUid}");
        wildcard.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\"; transfer-syntax=*"));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(wildcard)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Metadata_comes_from_the_index_with_absolute_bulk_data_uris_that_resolve(string provider)
    {
        await using var server = await ArchiveServer.StartAsync(provider);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create(frames: 40);
        await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes));

        var metadata = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}/series/{a.SeriesUid}/metadata"));

        var instance = Assert.Single(metadata.EnumerateArray());
        Assert.Equal(a.SopUid, DicomJson.String(instance, "00080018"));
        Assert.Equal("山田^太郎", instance.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Ideographic").GetString());
        var bulk = instance.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString()!;
        Assert.StartsWith(server.BaseAddress.ToString().TrimEnd('/') + "/dicomweb/studies/", bulk, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, bulk);
        request.Headers.Accept.ParseAdd("application/octet-stream");
        var pixels = await (await client.SendAsync(request)).Content.ReadAsByteArrayAsync();
        Assert.Equal(40 * 32, pixels.Length);
        Assert.Equal(JsonValueKind.Array, (await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{a.StudyUid}/metadata"))).ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"dicomweb/studies/{DicomFixtures.NewUid()}/metadata")).StatusCode);
    }

    [Fact]
    public async Task Frames_are_cut_from_the_stored_pixel_data()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var client = await server.AddFacilityAsync("Hospital A");
        var a = DicomFixtures.Create(frames: 3);
        await client.PostAsync("dicomweb/studies", Multipart.Related(a.Bytes));
        var path = $"dicomweb/studies/{a.StudyUid}/series/{a.SeriesUid}/instances/{a.SopUid}/frames";

        using var request = new HttpRequestMessage(HttpMethod.Get, path + "/3,1");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*"));
        var frames = await Multipart.ReadAsync(await client.SendAsync(request));

        Assert.Equal(2, frames.Count);
        Assert.Equal(32, frames[0].Bytes.Length);
        Assert.Equal(32, frames[0].Bytes[0]); // the third frame's first pixel is 2 * 16
        Assert.Equal(0, frames[1].Bytes[0]);
        Assert.StartsWith("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", frames[0].ContentType, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path + "/4")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(path + "/0")).StatusCode);
    }

    [Fact]
    public async Task Cors_lets_the_configured_viewer_origin_call_dicomweb()
    {
        await using var server = await ArchiveServer.StartAsync(TestDatabases.Sqlite);
        using var client = server.Client(null);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "dicomweb/studies");
        preflight.Headers.Add("Origin", "http://viewer.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");

        var response = await client.SendAsync(preflight);

        Assert.Equal("http://viewer.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var other = new HttpRequestMessage(HttpMethod.Options, "dicomweb/studies");
        other.Headers.Add("Origin", "http://elsewhere.example");
        other.Headers.Add("Access-Control-Request-Method", "GET");
        Assert.False((await client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }
}
