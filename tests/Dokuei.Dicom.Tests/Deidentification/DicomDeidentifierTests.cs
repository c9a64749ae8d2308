using Dokuei.Dicom.Deidentification;
using static Dokuei.Dicom.Tests.Deidentification.SyntheticInstance;

namespace Dokuei.Dicom.Tests.Deidentification;

public class DicomDeidentifierTests
{
    [Fact]
    public void Basic_profile_replaces_names_ids_and_dates_and_removes_identifying_attributes()
    {
        var ds = Create();
        new DicomDeidentifier().Deidentify(ds);

        Assert.Equal("", ds.GetString(T(0x0010, 0x0010)));
        Assert.StartsWith("ANON-", ds.GetString(T(0x0010, 0x0020)), StringComparison.Ordinal);
        Assert.Equal("", ds.GetString(T(0x0010, 0x0030)));
        Assert.Equal("", ds.GetString(T(0x0010, 0x0040)));
        Assert.Equal("", ds.GetString(T(0x0008, 0x0050)));
        Assert.Equal("", ds.GetString(T(0x0008, 0x0090)));
        Assert.Equal("", ds.GetString(T(0x0020, 0x0010)));

        // Z, X/D, X/Z, Z/D, X/Z/D on dates: zero length, or a dummy where the standard allows keeping the attribute.
        Assert.Equal("", ds.GetString(T(0x0008, 0x0020)));
        Assert.Equal(DicomDeidentifier.DummyDate, ds.GetString(T(0x0008, 0x0021)));
        Assert.Equal("", ds.GetString(T(0x0008, 0x0022)));
        Assert.Equal(DicomDeidentifier.DummyDate, ds.GetString(T(0x0008, 0x0023)));
        Assert.Equal("19000101000000", ds.GetString(T(0x0008, 0x002A)));
        Assert.Equal("", ds.GetString(T(0x0008, 0x0030)));

        Assert.Equal(DicomDeidentifier.DummyText, ds.GetString(T(0x0008, 0x0080)));
        Assert.Equal(DicomDeidentifier.DummyPersonName, ds.GetString(T(0x0008, 0x1070)));
        Assert.Equal(DicomDeidentifier.DummyText, ds.GetString(T(0x0008, 0x1010)));
        Assert.Equal(DicomDeidentifier.DummyText, ds.GetString(T(0x0018, 0x1030)));
        Assert.Equal(DicomDeidentifier.DummyText, ds.GetString(T(0x0018, 0x1000)));

        foreach (var removed in new[] { T(0x0008, 0x0081), T(0x0008, 0x1030), T(0x0010, 0x1000), T(0x0010, 0x1010), T(0x0010, 0x1020), T(0x0010, 0x1030), T(0x0010, 0x1040), T(0x0010, 0x0021), T(0x0010, 0x2160), T(0x0010, 0x4000), T(0x0040, 0x0275) })
        {
            Assert.False(ds.Contains(removed), $"{removed} should be removed");
        }

        // What the table does not list is kept.
        Assert.Equal(CtImageStorage, ds.GetString(T(0x0008, 0x0016)));
        Assert.Equal("CT", ds.GetString(T(0x0008, 0x0060)));
        Assert.True(ds.TryGetUInt16(T(0x0028, 0x0010), out var rows) && rows == 2);
    }

    [Fact]
    public void Private_attributes_curves_and_overlay_planes_are_removed()
    {
        var ds = Create();
        new DicomDeidentifier().Deidentify(ds);
        Assert.DoesNotContain(ds, e => e.Tag.IsPrivate);
        Assert.DoesNotContain(ds, e => e.Tag.Group is >= 0x5000 and <= 0x50FF);
        Assert.DoesNotContain(ds, e => e.Tag.Group is >= 0x6000 and <= 0x60FF);
    }

    [Fact]
    public void Instance_uids_are_replaced_by_valid_new_uids_and_class_uids_are_kept()
    {
        var ds = Create();
        var deidentifier = new DicomDeidentifier();
        deidentifier.Deidentify(ds);

        foreach (var tag in new[] { T(0x0008, 0x0018), T(0x0020, 0x000D), T(0x0020, 0x000E), T(0x0020, 0x0052) })
        {
            var uid = ds.GetString(tag);
            Assert.True(DicomUidValidator.IsValid(uid, out var reason), reason);
            Assert.StartsWith("2.25.", uid, StringComparison.Ordinal);
        }

        Assert.Equal(deidentifier.UidMap.GetOrAddReplacement(SopUid(1)), ds.GetString(T(0x0008, 0x0018)));
        Assert.Equal(deidentifier.UidMap.GetOrAddReplacement(StudyUid), ds.GetString(T(0x0020, 0x000D)));
        Assert.Equal(CtImageStorage, ds.GetSequence(T(0x0008, 0x1140))!.Items[0].GetString(T(0x0008, 0x1150)));
    }

    [Fact]
    public void Sequences_are_processed_recursively_per_their_action()
    {
        var ds = Create(number: 1, referencedNumber: 7);
        var deidentifier = new DicomDeidentifier();
        deidentifier.Deidentify(ds);
        var newReferenced = deidentifier.UidMap.GetOrAddReplacement(SopUid(7));

        // X/Z/U*: kept with its UIDs replaced.
        Assert.Equal(newReferenced, ds.GetSequence(T(0x0008, 0x1140))!.Items[0].GetString(T(0x0008, 0x1155)));

        // X/Z: zero length (no items).
        Assert.Empty(ds.GetSequence(T(0x0008, 0x1110))!.Items);

        // Not listed: kept, and listed attributes inside are handled at any depth.
        var series = ds.GetSequence(T(0x0008, 0x1115))!.Items[0];
        Assert.Equal(ds.GetString(T(0x0020, 0x000E)), series.GetString(T(0x0020, 0x000E)));
        Assert.Equal(newReferenced, series.GetSequence(T(0x0008, 0x114A))!.Items[0].GetString(T(0x0008, 0x1155)));

        // D: items kept, identifying values in them replaced, codes kept.
        var observer = ds.GetSequence(T(0x0040, 0xA073))!.Items[0];
        Assert.Equal(DicomDeidentifier.DummyPersonName, observer.GetString(T(0x0040, 0xA075)));
        Assert.Equal(DicomDeidentifier.DummyText, observer.GetString(T(0x0040, 0xA027)));
        Assert.Equal("19000101000000", observer.GetString(T(0x0040, 0xA030)));
        var content = ds.GetSequence(T(0x0040, 0xA730))!.Items[0];
        Assert.Equal("TEXT", content.GetString(T(0x0040, 0xA040)));
        Assert.Equal(DicomDeidentifier.DummyText, content.GetString(T(0x0040, 0xA160)));
    }

    [Fact]
    public void Uids_stay_consistent_across_the_instances_of_a_study()
    {
        var deidentifier = new DicomDeidentifier();
        var instances = Enumerable.Range(1, 3).Select(n => Create(number: n, referencedNumber: 1)).ToList();
        foreach (var instance in instances)
        {
            deidentifier.Deidentify(instance);
        }

        Assert.Single(instances.Select(i => i.GetString(T(0x0020, 0x000D))).Distinct());
        Assert.Single(instances.Select(i => i.GetString(T(0x0020, 0x000E))).Distinct());
        Assert.Single(instances.Select(i => i.GetString(T(0x0020, 0x0052))).Distinct());
        Assert.Single(instances.Select(i => i.GetString(T(0x0010, 0x0020))).Distinct());
        Assert.Equal(3, instances.Select(i => i.GetString(T(0x0008, 0x0018))).Distinct().Count());
        Assert.DoesNotContain(instances, i => i.GetString(T(0x0020, 0x000D)) == StudyUid);

        // Every instance refers to instance 1; the references follow its new SOP Instance UID.
        var first = instances[0].GetString(T(0x0008, 0x0018));
        Assert.All(instances, i => Assert.Equal(first, i.GetSequence(T(0x0008, 0x1140))!.Items[0].GetString(T(0x0008, 0x1155))));
    }

    [Fact]
    public void Different_patients_get_different_pseudonyms_and_a_caller_pseudonym_is_used_as_given()
    {
        var deidentifier = new DicomDeidentifier();
        var a = Create(patientId: "PID-A");
        var a2 = Create(number: 2, patientId: "PID-A");
        var b = Create(patientId: "PID-B", studyUid: "1.2.826.0.1.3680043.10.999.2");
        var c = Create(patientId: "PID-C", studyUid: "1.2.826.0.1.3680043.10.999.3");
        deidentifier.Deidentify(a);
        deidentifier.Deidentify(a2);
        deidentifier.Deidentify(b);
        deidentifier.Deidentify(c, pseudonym: new DicomPseudonym("TELE-0042", "Case^Forty Two"));

        Assert.Equal(a.GetString(T(0x0010, 0x0020)), a2.GetString(T(0x0010, 0x0020)));
        Assert.NotEqual(a.GetString(T(0x0010, 0x0020)), b.GetString(T(0x0010, 0x0020)));
        Assert.Equal("TELE-0042", c.GetString(T(0x0010, 0x0020)));
        Assert.Equal("Case^Forty Two", c.GetString(T(0x0010, 0x0010)));
    }

    [Fact]
    public void Retain_longitudinal_temporal_information_keeps_dates_and_times()
    {
        var ds = Create();
        new DicomDeidentifier(new DicomUidMap(), new DicomDeidentificationSettings { Options = DicomConfidentialityOptions.RetainLongitudinalTemporalInformationFullDates }).Deidentify(ds);

        Assert.Equal("20240131", ds.GetString(T(0x0008, 0x0020)));
        Assert.Equal("20240131", ds.GetString(T(0x0008, 0x0021)));
        Assert.Equal("20240131", ds.GetString(T(0x0008, 0x0023)));
        Assert.Equal("20240131101530", ds.GetString(T(0x0008, 0x002A)));
        Assert.Equal("101500", ds.GetString(T(0x0008, 0x0030)));
        Assert.Equal("20240131120000", ds.GetSequence(T(0x0040, 0xA073))!.Items[0].GetString(T(0x0040, 0xA030)));

        // The birth date is identity, not longitudinal information.
        Assert.Equal("", ds.GetString(T(0x0010, 0x0030)));
        Assert.Contains(ds.GetSequence(T(0x0012, 0x0064))!.Items, i => i.GetString(T(0x0008, 0x0100)) == "113106");
    }

    [Fact]
    public void Retain_patient_characteristics_keeps_sex_age_size_weight_and_ethnic_group()
    {
        var ds = Create();
        new DicomDeidentifier(new DicomUidMap(), new DicomDeidentificationSettings { Options = DicomConfidentialityOptions.RetainPatientCharacteristics }).Deidentify(ds);

        Assert.Equal("F", ds.GetString(T(0x0010, 0x0040)));
        Assert.Equal("054Y", ds.GetString(T(0x0010, 0x1010)));
        Assert.Equal("1.65", ds.GetString(T(0x0010, 0x1020)));
        Assert.Equal("60", ds.GetString(T(0x0010, 0x1030)));
        Assert.Equal("SYNTHETIC", ds.GetString(T(0x0010, 0x2160)));
        Assert.Equal("", ds.GetString(T(0x0010, 0x0030)));
        Assert.Equal("", ds.GetString(T(0x0008, 0x0020)));
        Assert.Equal(["Basic Application Confidentiality Profile", "Retain Patient Characteristics Option"], ds.GetStrings(T(0x0012, 0x0063)));
    }

    [Fact]
    public void Remove_where_allowed_removes_the_x_slash_attributes()
    {
        var ds = Create();
        new DicomDeidentifier(new DicomUidMap(), new DicomDeidentificationSettings { RemoveWhereAllowed = true }).Deidentify(ds);
        Assert.False(ds.Contains(T(0x0008, 0x0021)));
        Assert.False(ds.Contains(T(0x0008, 0x0080)));
        Assert.False(ds.Contains(T(0x0008, 0x1140)));
        Assert.Equal(DicomDeidentifier.DummyDate, ds.GetString(T(0x0008, 0x0023)));
    }

    [Fact]
    public void Deidentification_is_recorded_in_the_dataset()
    {
        var ds = Create();
        new DicomDeidentifier().Deidentify(ds);

        Assert.Equal("YES", ds.GetString(T(0x0012, 0x0062)));
        Assert.Equal(["Basic Application Confidentiality Profile"], ds.GetStrings(T(0x0012, 0x0063)));
        var code = Assert.Single(ds.GetSequence(T(0x0012, 0x0064))!.Items);
        Assert.Equal("113100", code.GetString(T(0x0008, 0x0100)));
        Assert.Equal("DCM", code.GetString(T(0x0008, 0x0102)));
        Assert.Equal("Basic Application Confidentiality Profile", code.GetString(T(0x0008, 0x0104)));
    }

    [Fact]
    public void File_meta_follows_the_new_sop_instance_uid_and_loses_the_source_ae_title()
    {
        var ds = Create();
        var meta = FileMeta();
        new DicomDeidentifier().Deidentify(ds, meta);

        Assert.Equal(ds.GetString(T(0x0008, 0x0018)), meta.GetString(T(0x0002, 0x0003)));
        Assert.NotEqual(SopUid(1), meta.GetString(T(0x0002, 0x0003)));
        Assert.False(meta.Contains(T(0x0002, 0x0016)));
        Assert.Equal(CtImageStorage, meta.GetString(T(0x0002, 0x0002)));
    }

    [Fact]
    public void DeidentifyCopy_leaves_the_original_unchanged()
    {
        var ds = Create();
        var copy = new DicomDeidentifier().DeidentifyCopy(ds);

        Assert.Equal("Roe^Jane", ds.GetString(T(0x0010, 0x0010)));
        Assert.Equal(SopUid(1), ds.GetString(T(0x0008, 0x0018)));
        Assert.Equal("Verifier^Victor", ds.GetSequence(T(0x0040, 0xA073))!.Items[0].GetString(T(0x0040, 0xA075)));
        Assert.NotEqual(SopUid(1), copy.GetString(T(0x0008, 0x0018)));
    }

    [Fact]
    public void Uids_of_elements_read_as_un_are_replaced_too()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(T(0x0020, 0x000D), DicomVR.UN, "1.2.3.4\0"u8.ToArray()));
        var deidentifier = new DicomDeidentifier();
        deidentifier.Deidentify(ds);
        var element = Assert.IsType<DicomValueElement>(ds[T(0x0020, 0x000D)]);
        Assert.Equal(DicomVR.UN, element.VR);
        Assert.Equal(deidentifier.UidMap.GetOrAddReplacement("1.2.3.4"), System.Text.Encoding.ASCII.GetString(element.Span).TrimEnd('\0'));
    }

    [Theory]
    [InlineData(DicomConfidentialityOptions.CleanDescriptors)]
    [InlineData(DicomConfidentialityOptions.RetainSafePrivate)]
    [InlineData(DicomConfidentialityOptions.RetainLongitudinalTemporalInformationModifiedDates)]
    public void Options_that_are_not_implemented_are_refused(DicomConfidentialityOptions option) =>
        Assert.Throws<NotSupportedException>(() => new DicomDeidentifier(new DicomUidMap(), new DicomDeidentificationSettings { Options = option }));
}
