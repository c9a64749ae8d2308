using Dokuei.Dicom.Deidentification;
using static Dokuei.Dicom.Tests.Deidentification.SyntheticInstance;

namespace Dokuei.Dicom.Tests.Deidentification;

public class DicomUidMapTests
{
    private static readonly byte[] Key = "a synthetic test key, 32 bytes!!"u8.ToArray();

    [Fact]
    public void Saved_map_restores_the_original_uids_of_a_deidentified_study()
    {
        var originals = Enumerable.Range(1, 3).Select(n => Create(number: n, referencedNumber: 1)).ToList();
        var metas = Enumerable.Range(1, 3).Select(FileMeta).ToList();
        var map = new DicomUidMap();
        var deidentifier = new DicomDeidentifier(map);
        var deidentified = originals.Select((o, i) => deidentifier.DeidentifyCopy(o, metas[i])).ToList();

        using var file = new MemoryStream();
        map.Save(file);
        file.Position = 0;
        var loaded = DicomUidMap.Load(file);
        Assert.Equal(map.Count, loaded.Count);

        for (var i = 0; i < 3; i++)
        {
            DicomReidentifier.Reidentify(deidentified[i], loaded, metas[i]);
            Assert.Equal(SopUid(i + 1), deidentified[i].GetString(T(0x0008, 0x0018)));
            Assert.Equal(SopUid(i + 1), metas[i].GetString(T(0x0002, 0x0003)));
            Assert.Equal(StudyUid, deidentified[i].GetString(T(0x0020, 0x000D)));
            Assert.Equal(SeriesUid, deidentified[i].GetString(T(0x0020, 0x000E)));
            Assert.Equal(FrameOfReferenceUid, deidentified[i].GetString(T(0x0020, 0x0052)));
            Assert.Equal(SopUid(1), deidentified[i].GetSequence(T(0x0008, 0x1140))!.Items[0].GetString(T(0x0008, 0x1155)));
            Assert.Equal(SopUid(1), deidentified[i].GetSequence(T(0x0008, 0x1115))!.Items[0].GetSequence(T(0x0008, 0x114A))!.Items[0].GetString(T(0x0008, 0x1155)));

            // Without a recorded identity the patient stays pseudonymous.
            Assert.StartsWith("ANON-", deidentified[i].GetString(T(0x0010, 0x0020)), StringComparison.Ordinal);
            Assert.Equal("YES", deidentified[i].GetString(T(0x0012, 0x0062)));
        }
    }

    [Fact]
    public void A_recorded_identity_is_restored_with_the_uids()
    {
        var map = new DicomUidMap();
        var deidentifier = new DicomDeidentifier(map, new DicomDeidentificationSettings { RecordOriginalIdentity = true });
        var ds = Create();
        deidentifier.Deidentify(ds, pseudonym: new DicomPseudonym("TELE-0001", "Case^One"));

        var path = Path.Combine(Path.GetTempPath(), $"dokuei-map-{Guid.NewGuid():N}.json");
        try
        {
            map.Save(path);
            var loaded = DicomUidMap.Load(path);
            Assert.True(DicomReidentifier.Reidentify(ds, loaded) > 0);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal("PID-0001", ds.GetString(T(0x0010, 0x0020)));
        Assert.Equal("Roe^Jane", ds.GetString(T(0x0010, 0x0010)));
        Assert.Equal("SYNTH-ISSUER", ds.GetString(T(0x0010, 0x0021)));
        Assert.Equal("ACC-7781", ds.GetString(T(0x0008, 0x0050)));
        Assert.Equal("STUDY-5", ds.GetString(T(0x0020, 0x0010)));
        Assert.Equal(StudyUid, ds.GetString(T(0x0020, 0x000D)));
        Assert.False(ds.Contains(T(0x0012, 0x0062)));
    }

    [Fact]
    public void A_result_made_from_deidentified_images_gets_the_original_references_and_keeps_its_own_uid()
    {
        var map = new DicomUidMap();
        var image = new DicomDeidentifier(map).DeidentifyCopy(Create());

        var report = new DicomDataset();
        var reportUid = new DicomUidGenerator().Generate();
        report.SetString(T(0x0008, 0x0018), DicomVR.UI, reportUid);
        report.SetString(T(0x0020, 0x000D), DicomVR.UI, image.GetString(T(0x0020, 0x000D))!);
        var evidence = new DicomDataset();
        evidence.SetString(T(0x0008, 0x1155), DicomVR.UI, image.GetString(T(0x0008, 0x0018))!);
        report.SetSequence(T(0x0008, 0x1199), evidence);

        DicomReidentifier.Reidentify(report, map);

        Assert.Equal(reportUid, report.GetString(T(0x0008, 0x0018)));
        Assert.Equal(StudyUid, report.GetString(T(0x0020, 0x000D)));
        Assert.Equal(SopUid(1), report.GetSequence(T(0x0008, 0x1199))!.Items[0].GetString(T(0x0008, 0x1155)));
    }

    [Fact]
    public void Keyed_maps_agree_across_runs_without_sharing_a_file()
    {
        var first = new DicomDeidentifier(new DicomUidMap(new DicomUidGenerator(), Key)).DeidentifyCopy(Create());
        var second = new DicomDeidentifier(new DicomUidMap(new DicomUidGenerator(), Key)).DeidentifyCopy(Create());
        var otherKey = new DicomDeidentifier(new DicomUidMap(new DicomUidGenerator(), "another synthetic key of 32 byte"u8)).DeidentifyCopy(Create());

        Assert.Equal(first.GetString(T(0x0020, 0x000D)), second.GetString(T(0x0020, 0x000D)));
        Assert.Equal(first.GetString(T(0x0008, 0x0018)), second.GetString(T(0x0008, 0x0018)));
        Assert.Equal(first.GetString(T(0x0010, 0x0020)), second.GetString(T(0x0010, 0x0020)));
        Assert.NotEqual(first.GetString(T(0x0020, 0x000D)), otherKey.GetString(T(0x0020, 0x000D)));
        Assert.NotEqual(first.GetString(T(0x0010, 0x0020)), otherKey.GetString(T(0x0010, 0x0020)));
    }

    [Fact]
    public void Random_maps_differ_between_runs_unless_the_saved_map_is_reused()
    {
        var map = new DicomUidMap();
        var first = new DicomDeidentifier(map).DeidentifyCopy(Create());
        var fresh = new DicomDeidentifier().DeidentifyCopy(Create());
        using var file = new MemoryStream();
        map.Save(file);
        file.Position = 0;
        var reused = new DicomDeidentifier(DicomUidMap.Load(file)).DeidentifyCopy(Create(number: 2));

        Assert.NotEqual(first.GetString(T(0x0020, 0x000D)), fresh.GetString(T(0x0020, 0x000D)));
        Assert.Equal(first.GetString(T(0x0020, 0x000D)), reused.GetString(T(0x0020, 0x000D)));
    }

    [Fact]
    public void Load_rejects_other_documents()
    {
        using var stream = new MemoryStream("{\"uids\":{}}"u8.ToArray());
        Assert.Throws<FormatException>(() => DicomUidMap.Load(stream));
    }

    [Fact]
    public void Add_refuses_a_second_replacement_for_the_same_original()
    {
        var map = new DicomUidMap();
        map.Add("1.2.3", "2.25.1");
        map.Add("1.2.3", "2.25.1");
        Assert.Throws<InvalidOperationException>(() => map.Add("1.2.3", "2.25.2"));
        Assert.True(map.TryGetOriginal("2.25.1", out var original) && original == "1.2.3");
    }
}
