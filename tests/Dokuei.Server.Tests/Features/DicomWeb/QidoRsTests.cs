using System.Net;
using System.Text.Json;
using Dokuei.Server.Tests.TestSupport;

namespace Dokuei.Server.Tests.Features.DicomWeb;

/// <summary>QIDO-RS matching (PS3.4 C.2.2.2) at every level, on SQLite and PostgreSQL.</summary>
public sealed class QidoRsTests
{
    public static TheoryData<string> Providers => TestDatabases.Providers;

    private sealed record Archive(ArchiveServer Server, HttpClient Client, DicomFixtures.Instance Yamada, DicomFixtures.Instance Suzuki, DicomFixtures.Instance Tanaka, DicomFixtures.Instance YamadaSr);

    private static async Task<Archive> ThreeStudiesAsync(string provider)
    {
        var server = await ArchiveServer.StartAsync(provider);
        var client = await server.AddFacilityAsync("Hospital A");
        var yamada = DicomFixtures.Create(patientId: "P-1", patientName: "Yamada^Tarou=山田^太郎=ヤマダ^タロウ", studyDate: "20240131", studyTime: "101500", modality: "CT", accession: "ACC-100");
        var yamadaSr = DicomFixtures.Create(yamada.StudyUid, patientId: "P-1", patientName: "Yamada^Tarou=山田^太郎=ヤマダ^タロウ", studyDate: "20240131", modality: "SR", accession: "ACC-100", instanceNumber: 1);
        var suzuki = DicomFixtures.Create(patientId: "P-2", patientName: "Suzuki^Hanako=鈴木^花子=すずき^はなこ", studyDate: "20240215", studyTime: "143000", modality: "MR", accession: "ACC-200");
        var tanaka = DicomFixtures.Create(patientId: "P-3", patientName: "Tanaka^Ichiro", studyDate: "20231201", studyTime: "080000", modality: "CT", accession: "XYZ-300");
        var response = await client.PostAsync("dicomweb/studies", Multipart.Related(yamada.Bytes, yamadaSr.Bytes, suzuki.Bytes, tanaka.Bytes));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Archive(server, client, yamada, suzuki, tanaka, yamadaSr);
    }

    private static async Task<List<string?>> StudiesAsync(Archive archive, string query)
    {
        var response = await archive.Client.GetAsync("dicomweb/studies?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DicomJson.Column(await DicomJson.ReadAsync(response), "00100020").Order(StringComparer.Ordinal).ToList();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Studies_match_single_values_wildcards_ranges_and_lists(string provider)
    {
        var archive = await ThreeStudiesAsync(provider);
        await using var server = archive.Server;

        Assert.Equal(["P-1", "P-2", "P-3"], await StudiesAsync(archive, ""));
        Assert.Equal(["P-2"], await StudiesAsync(archive, "PatientID=P-2"));
        Assert.Equal(["P-1", "P-2"], await StudiesAsync(archive, "AccessionNumber=ACC-*"));
        Assert.Equal(["P-1", "P-2"], await StudiesAsync(archive, "AccessionNumber=ACC-?00"));
        Assert.Equal(["P-1", "P-2"], await StudiesAsync(archive, "StudyDate=20240101-"));
        Assert.Equal(["P-3"], await StudiesAsync(archive, "StudyDate=-20231231"));
        Assert.Equal(["P-1"], await StudiesAsync(archive, "StudyDate=20240131"));
        Assert.Equal(["P-1", "P-3"], await StudiesAsync(archive, "StudyDate=20231201-20240131"));
        Assert.Equal(["P-1", "P-2"], await StudiesAsync(archive, "StudyTime=1000-1500"));
        Assert.Equal(["P-1", "P-3"], await StudiesAsync(archive, "PatientID=P-1\\P-3"));
        Assert.Equal(["P-1", "P-2"], await StudiesAsync(archive, $"StudyInstanceUID={archive.Yamada.StudyUid}\\{archive.Suzuki.StudyUid}"));
        Assert.Equal(["P-1", "P-3"], await StudiesAsync(archive, "ModalitiesInStudy=CT"));
        Assert.Equal(["P-1", "P-2"], await StudiesAsync(archive, "ModalitiesInStudy=SR\\MR"));
        Assert.Equal(["P-1", "P-3"], await StudiesAsync(archive, "00080060=CT"));
        Assert.Equal(["P-2"], await StudiesAsync(archive, "PatientID=P-2&StudyDate=20240101-"));
        Assert.Empty(await StudiesAsync(archive, "PatientID=p-2"));
        Assert.Empty(await StudiesAsync(archive, "AccessionNumber=acc-*"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Person_names_match_in_any_group_including_japanese_and_fuzzily(string provider)
    {
        var archive = await ThreeStudiesAsync(provider);
        await using var server = archive.Server;

        Assert.Equal(["P-1"], await StudiesAsync(archive, "PatientName=Yamada^Tarou"));
        Assert.Equal(["P-1"], await StudiesAsync(archive, "PatientName=yamada*"));
        Assert.Equal(["P-1"], await StudiesAsync(archive, "PatientName=" + Uri.EscapeDataString("山田*")));
        Assert.Equal(["P-2"], await StudiesAsync(archive, "PatientName=" + Uri.EscapeDataString("鈴木^花子")));
        // Phonetic groups match whether typed in katakana or hiragana.
        Assert.Equal(["P-1"], await StudiesAsync(archive, "PatientName=" + Uri.EscapeDataString("やまだ*")));
        Assert.Equal(["P-2"], await StudiesAsync(archive, "PatientName=" + Uri.EscapeDataString("スズキ^ハナコ")));
        Assert.Equal(["P-1"], await StudiesAsync(archive, "PatientName=" + Uri.EscapeDataString("*=山田*")));
        Assert.Empty(await StudiesAsync(archive, "PatientName=Tarou"));
        Assert.Equal(["P-1"], await StudiesAsync(archive, "PatientName=tar&fuzzymatching=true"));
        Assert.Equal(["P-1"], await StudiesAsync(archive, "PatientName=" + Uri.EscapeDataString("太郎") + "&fuzzymatching=true"));
        Assert.Equal(["P-2"], await StudiesAsync(archive, "PatientName=" + Uri.EscapeDataString("はなこ すずき") + "&fuzzymatching=true"));

        var json = await DicomJson.ReadAsync(await archive.Client.GetAsync("dicomweb/studies?PatientID=P-1"));
        var name = json[0].GetProperty("00100010").GetProperty("Value")[0];
        Assert.Equal("Yamada^Tarou", name.GetProperty("Alphabetic").GetString());
        Assert.Equal("山田^太郎", name.GetProperty("Ideographic").GetString());
        Assert.Equal("ヤマダ^タロウ", name.GetProperty("Phonetic").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Series_and_instances_are_found_at_every_level_with_limit_offset_and_includefield(string provider)
    {
        var archive = await ThreeStudiesAsync(provider);
        await using var server = archive.Server;
        var client = archive.Client;

        var series = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{archive.Yamada.StudyUid}/series"));
        Assert.Equal(["CT", "SR"], DicomJson.Column(series, "00080060").Order(StringComparer.Ordinal));
        var ct = await DicomJson.ReadAsync(await client.GetAsync("dicomweb/series?Modality=CT"));
        Assert.Equal(2, ct.GetArrayLength());
        var relational = await DicomJson.ReadAsync(await client.GetAsync("dicomweb/series?Modality=CT&PatientID=P-3"));
        Assert.Equal([archive.Tanaka.SeriesUid], DicomJson.Column(relational, "0020000E"));

        var instances = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/studies/{archive.Yamada.StudyUid}/series/{archive.Yamada.SeriesUid}/instances"));
        var instance = Assert.Single(instances.EnumerateArray());
        Assert.Equal(archive.Yamada.SopUid, DicomJson.String(instance, "00080018"));
        Assert.Equal("1.2.840.10008.5.1.4.1.1.7", DicomJson.String(instance, "00080016"));
        Assert.Equal("4", DicomJson.String(instance, "00280010"));
        Assert.Contains($"/instances/{archive.Yamada.SopUid}", DicomJson.String(instance, "00081190"), StringComparison.Ordinal);
        Assert.False(instance.TryGetProperty("00280004", out _));

        var included = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/instances?SOPInstanceUID={archive.Suzuki.SopUid}&includefield=PhotometricInterpretation,00280101"));
        Assert.Equal("MONOCHROME2", DicomJson.String(included[0], "00280004"));
        Assert.Equal("16", DicomJson.String(included[0], "00280101"));
        var all = await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/instances?SOPInstanceUID={archive.Suzuki.SopUid}&includefield=all"));
        Assert.Equal("MONOCHROME2", DicomJson.String(all[0], "00280004"));

        var pages = new List<string?>();
        for (var offset = 0; offset < 4; offset += 2)
        {
            pages.AddRange(DicomJson.Column(await DicomJson.ReadAsync(await client.GetAsync($"dicomweb/instances?limit=2&offset={offset}")), "00080018"));
        }

        Assert.Equal(4, pages.Distinct().Count());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("dicomweb/studies?NoSuchKeyword=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("dicomweb/studies?limit=-1")).StatusCode);
        Assert.Equal(JsonValueKind.Array, (await DicomJson.ReadAsync(await client.GetAsync("dicomweb/studies?PatientID=nobody"))).ValueKind);
    }
}
