using System.Text.Json;

namespace Dokuei.Interop.Tests.DicomWeb;

/// <summary>
/// PS3.18 conformance of <c>dokuei serve</c> as seen by an independent client, dicomweb-client (npm, the library OHIF
/// uses): what it stores it finds with QIDO-RS, and what it retrieves with WADO-RS equals what was stored, to the byte.
/// </summary>
public sealed class DicomWebClientConformanceTests(DicomWebClientRun run) : IClassFixture<DicomWebClientRun>
{
    private const string ReferencedSopSequence = "00081199";
    private const string FailedSopSequence = "00081198";
    private const string ReferencedSopInstanceUid = "00081155";
    private const string StudyInstanceUid = "0020000D";
    private const string SeriesInstanceUid = "0020000E";
    private const string SopInstanceUid = "00080018";

    private ConformanceStudies S => run.Studies;

    [Fact]
    public void StoreInstances_acknowledges_every_instance_of_each_request_and_fails_none()
    {
        var stored = run.Result.GetProperty("stored");
        Assert.Equal(2, stored.GetArrayLength());
        Assert.Equal([.. new[] { S.A1.SopUid, S.A2.SopUid, S.AMultiFrame.SopUid }.Order()], Referenced(stored[0]).Order());
        Assert.Equal([.. new[] { S.B.SopUid, S.C.SopUid }.Order()], Referenced(stored[1]).Order());
        Assert.All(stored.EnumerateArray(), response => Assert.False(response.TryGetProperty(FailedSopSequence, out _)));

        static IEnumerable<string> Referenced(JsonElement response) =>
            response.GetProperty(ReferencedSopSequence).GetProperty("Value").EnumerateArray().Select(item => String(item, ReferencedSopInstanceUid)!);
    }

    [Fact]
    public void SearchForStudies_matches_patient_name_wildcards_and_ideographic_names()
    {
        Assert.Equal(Set(S.A1.StudyUid, S.C.StudyUid), Uids("name-wildcard", StudyInstanceUid));
        var suzuki = Assert.Single(Search("name-ideographic").EnumerateArray());
        Assert.Equal(S.B.StudyUid, String(suzuki, StudyInstanceUid));
        var name = suzuki.GetProperty("00100010").GetProperty("Value")[0];
        Assert.Equal("Suzuki^Ichirou", name.GetProperty("Alphabetic").GetString());
        Assert.Equal("鈴木^一郎", name.GetProperty("Ideographic").GetString());
        Assert.Equal("すずき^いちろう", name.GetProperty("Phonetic").GetString());
    }

    [Fact]
    public void SearchForStudies_matches_study_date_ranges_closed_and_open()
    {
        Assert.Equal(Set(S.A1.StudyUid, S.B.StudyUid), Uids("date-range", StudyInstanceUid));
        Assert.Equal(Set(S.C.StudyUid), Uids("date-open-start", StudyInstanceUid));
    }

    [Fact]
    public void SearchForStudies_matches_modalities_in_study_against_any_series()
    {
        Assert.Equal(Set(S.A1.StudyUid, S.C.StudyUid), Uids("modality-ct", StudyInstanceUid));
        Assert.Equal(Set(S.B.StudyUid), Uids("modality-mr", StudyInstanceUid));
        var a = Search("modality-ct").EnumerateArray().Single(s => String(s, StudyInstanceUid) == S.A1.StudyUid);
        Assert.Equal(["CT", "OT"], Strings(a, "00080061").Order());
    }

    [Fact]
    public void SearchForStudies_returns_included_fields_and_related_counts()
    {
        var a = Assert.Single(Search("includefield").EnumerateArray());
        Assert.Equal("Chest CT", String(a, "00081030"));
        Assert.Equal("19700101", String(a, "00100030"));
        Assert.Equal(2, Number(a, "00201206"));
        Assert.Equal(3, Number(a, "00201208"));
        Assert.Equal("ACC-DWC-1", String(a, "00080050"));
        Assert.StartsWith(run.DicomWebUrl + "/studies/" + S.A1.StudyUid, String(a, "00081190"), StringComparison.Ordinal);
    }

    [Fact]
    public void SearchForStudies_pages_with_limit_and_offset_without_overlap_or_loss()
    {
        var first = Uids("page-1", StudyInstanceUid);
        var second = Uids("page-2", StudyInstanceUid);
        Assert.Equal(2, first.Count);
        Assert.Single(second);
        Assert.Empty(first.Intersect(second));
        Assert.Equal(Set(S.A1.StudyUid, S.B.StudyUid, S.C.StudyUid), first.Union(second).ToHashSet());
    }

    [Fact]
    public void SearchForSeries_lists_the_series_of_a_study_and_matches_modality_across_studies()
    {
        var series = Search("series-of-a").EnumerateArray().ToDictionary(s => String(s, SeriesInstanceUid)!);
        Assert.Equal(Set(S.A1.SeriesUid, S.AMultiFrame.SeriesUid), series.Keys.ToHashSet());
        Assert.Equal("CT", String(series[S.A1.SeriesUid], "00080060"));
        Assert.Equal(2, Number(series[S.A1.SeriesUid], "00201209"));
        Assert.Equal("OT", String(series[S.AMultiFrame.SeriesUid], "00080060"));
        Assert.Equal(1, Number(series[S.AMultiFrame.SeriesUid], "00201209"));
        Assert.Equal(Set(S.AMultiFrame.SeriesUid), Uids("series-modality", SeriesInstanceUid));
    }

    [Fact]
    public void SearchForInstances_lists_instances_with_included_fields_and_pages()
    {
        Assert.Equal(Set(S.A1.SopUid, S.A2.SopUid), Uids("instances-of-series", SopInstanceUid));
        var all = Search("instances-includefield").EnumerateArray().ToDictionary(i => String(i, SopInstanceUid)!);
        Assert.Equal(Set(S.A1.SopUid, S.A2.SopUid, S.AMultiFrame.SopUid), all.Keys.ToHashSet());
        Assert.Equal(3, Number(all[S.AMultiFrame.SopUid], "00280008"));
        var first = Uids("instances-page-1", SopInstanceUid);
        var second = Uids("instances-page-2", SopInstanceUid);
        Assert.Single(first);
        Assert.Single(second);
        Assert.Equal(Set(S.A1.SopUid, S.A2.SopUid), first.Union(second).ToHashSet());
    }

    [Fact]
    public void RetrieveStudyMetadata_and_RetrieveSeriesMetadata_give_one_item_per_instance_with_its_attributes()
    {
        var study = Metadata("study-a");
        Assert.Equal(Set(S.A1.SopUid, S.A2.SopUid, S.AMultiFrame.SopUid), study.Select(i => String(i, SopInstanceUid)!).ToHashSet());
        Assert.All(study, item =>
        {
            Assert.Equal("Yamada^Tarou", item.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
            Assert.Equal("DWC-1", String(item, "00100020"));
            Assert.Equal(32, Number(item, "00280010"));
        });
        Assert.Equal(Set(S.A1.SopUid, S.A2.SopUid), Metadata("series-ct").Select(i => String(i, SopInstanceUid)!).ToHashSet());
    }

    [Fact]
    public void RetrieveInstanceMetadata_keeps_all_name_groups_and_points_pixel_data_to_bulk_data()
    {
        var b = Assert.Single(Metadata("instance-b"));
        Assert.Equal("鈴木^一郎", b.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Ideographic").GetString());
        var multiFrame = Assert.Single(Metadata("instance-multiframe"));
        Assert.Equal(3, Number(multiFrame, "00280008"));
        Assert.Equal(S.AMultiFrame.SeriesUid, String(multiFrame, SeriesInstanceUid));
        Assert.True(multiFrame.GetProperty("7FE00010").TryGetProperty("BulkDataURI", out _));
        Assert.False(multiFrame.GetProperty("7FE00010").TryGetProperty("InlineBinary", out _));
    }

    [Fact]
    public void RetrieveInstance_returns_each_stored_instance_byte_for_byte()
    {
        var retrieved = run.Result.GetProperty("instances").EnumerateArray()
            .ToDictionary(i => i.GetProperty("sopInstanceUID").GetString()!, i => i.GetProperty("bytes").GetBytesFromBase64());
        Assert.Equal(S.All.Count, retrieved.Count);
        Assert.All(S.All, instance => Assert.Equal(instance.Bytes, retrieved[instance.SopUid]));
    }

    [Fact]
    public void RetrieveInstanceFrames_returns_the_frames_asked_for_equal_to_the_source_pixel_data()
    {
        var frames = run.Result.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(3, frames.Count);
        var oneAndThree = Parts(frames[0], "frames");
        Assert.Equal(2, oneAndThree.Count);
        Assert.Equal(S.AMultiFrame.Frame(1).ToArray(), oneAndThree[0]);
        Assert.Equal(S.AMultiFrame.Frame(3).ToArray(), oneAndThree[1]);
        Assert.Equal(S.AMultiFrame.Frame(2).ToArray(), Assert.Single(Parts(frames[1], "frames")));
        Assert.Equal(S.A1.PixelData, Assert.Single(Parts(frames[2], "frames")));
    }

    [Fact]
    public void RetrieveBulkData_at_the_metadata_BulkDataURI_returns_the_whole_pixel_data()
    {
        var bulk = run.Result.GetProperty("bulkData").EnumerateArray().ToList();
        Assert.Equal(S.AMultiFrame.PixelData, Assert.Single(Parts(bulk[0], "parts")));
        Assert.Equal(S.B.PixelData, Assert.Single(Parts(bulk[1], "parts")));
        Assert.Contains($"/studies/{S.B.StudyUid}/series/{S.B.SeriesUid}/instances/{S.B.SopUid}/bulkdata/", bulk[1].GetProperty("uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RetrieveStudy_and_RetrieveSeries_return_their_instances_byte_for_byte()
    {
        var study = Assert.Single(run.Result.GetProperty("studies").EnumerateArray());
        Assert.Equal(Base64(S.A1, S.A2, S.AMultiFrame), Parts(study, "instances").Select(Convert.ToBase64String).Order());
        var series = Assert.Single(run.Result.GetProperty("series").EnumerateArray());
        Assert.Equal(Base64(S.A1, S.A2), Parts(series, "instances").Select(Convert.ToBase64String).Order());

        static IEnumerable<string> Base64(params GeneratedInstance[] instances) => instances.Select(i => Convert.ToBase64String(i.Bytes)).Order();
    }

    [Fact]
    public void WADO_URI_at_the_URL_the_library_builds_returns_the_instance_as_stored()
    {
        var retrieved = run.Result.GetProperty("wadoUri").EnumerateArray().ToList();
        Assert.Equal(2, retrieved.Count);
        // The library's URL asks for transferSyntax=* (any), which the server first refused with 406.
        Assert.Contains("transferSyntax=*", retrieved[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.All(retrieved, r => Assert.Equal("application/dicom", r.GetProperty("contentType").GetString()));
        Assert.Equal(S.B.Bytes, retrieved[0].GetProperty("bytes").GetBytesFromBase64());
        Assert.Equal(S.AMultiFrame.Bytes, retrieved[1].GetProperty("bytes").GetBytesFromBase64());
    }

    private JsonElement Search(string name) => run.Result.GetProperty("searches").GetProperty(name);

    private List<JsonElement> Metadata(string name) => [.. run.Result.GetProperty("metadata").GetProperty(name).EnumerateArray()];

    private HashSet<string> Uids(string search, string tag) => Search(search).EnumerateArray().Select(e => String(e, tag)!).ToHashSet();

    private static HashSet<string> Set(params string[] values) => [.. values];

    private static List<byte[]> Parts(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(p => p.GetBytesFromBase64())];

    private static string? String(JsonElement dataset, string tag) =>
        dataset.TryGetProperty(tag, out var element) && element.TryGetProperty("Value", out var value) ? value[0].GetString() : null;

    private static IEnumerable<string> Strings(JsonElement dataset, string tag) =>
        dataset.GetProperty(tag).GetProperty("Value").EnumerateArray().Select(v => v.GetString()!);

    private static int Number(JsonElement dataset, string tag) => dataset.GetProperty(tag).GetProperty("Value")[0].GetInt32();
}
