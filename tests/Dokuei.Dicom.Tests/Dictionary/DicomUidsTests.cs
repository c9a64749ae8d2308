namespace Dokuei.Dicom.Tests.Dictionary;

public class DicomUidsTests
{
    [Fact]
    public void CT_image_storage_is_a_SOP_class()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUids.CTImageStorage);
        Assert.True(DicomUids.TryGet(DicomUids.CTImageStorage, out var info));
        Assert.Equal("CT Image Storage", info.Name);
        Assert.Equal("CTImageStorage", info.Keyword);
        Assert.Equal(DicomUidType.SopClass, info.Type);
        Assert.False(info.IsRetired);
    }

    [Fact]
    public void Retired_SOP_class_is_marked_retired()
    {
        Assert.True(DicomUids.TryGet("1.2.840.10008.5.1.4.1.1.5", out var info));
        Assert.Equal("NuclearMedicineImageStorageRetired", info.Keyword);
        Assert.True(info.IsRetired);
    }

    [Fact]
    public void Transfer_syntaxes_are_in_the_table_and_padding_is_ignored()
    {
        Assert.True(DicomUids.TryGet("1.2.840.10008.1.2.1\0", out var info));
        Assert.Equal(DicomUidType.TransferSyntax, info.Type);
        Assert.Equal("Explicit VR Little Endian", info.Name);
        Assert.Equal("Implicit VR Little Endian", DicomUids.GetName(DicomUids.ImplicitVRLittleEndian));
        Assert.Equal("1.2.840.10008.1.2.4.201", DicomUids.HTJ2KLossless);
    }

    [Fact]
    public void Unknown_UID_is_not_found()
    {
        Assert.False(DicomUids.TryGet("1.2.3.4", out _));
        Assert.Null(DicomUids.GetName("1.2.3.4"));
    }

    [Fact]
    public void Table_has_well_known_instances_and_frames_of_reference()
    {
        Assert.Contains(DicomUids.All, u => u.Type == DicomUidType.WellKnownSopInstance && u.Keyword == "HotIronPalette");
        Assert.Contains(DicomUids.All, u => u.Type == DicomUidType.WellKnownFrameOfReference && u.Keyword == "TalairachBrainAtlas");
        Assert.DoesNotContain(DicomUids.All, u => u.Type == DicomUidType.Other);
        Assert.Equal(DicomUids.All.Count, DicomUids.All.Select(u => u.Uid).Distinct().Count());
    }

    [Fact]
    public void Every_transfer_syntax_of_the_table_is_known_to_TransferSyntax_with_the_same_name()
    {
        var missing = new List<string>();
        foreach (var info in DicomUids.All.Where(u => u.Type == DicomUidType.TransferSyntax))
        {
            if (!TransferSyntax.TryLookup(info.Uid, out var ts))
            {
                missing.Add(info.Uid);
                continue;
            }

            Assert.Equal(Normalize(info.Name), Normalize(ts.Name));
        }

        Assert.Empty(missing);
    }

    // PS3.6 writes "(Process 2 & 4)", pydicom's table "(Process 2 and 4)"; TransferSyntax adds "(Retired)" to retired names.
    private static string Normalize(string name) => name.Replace(" (Retired)", "", StringComparison.Ordinal).Replace(" and ", " & ", StringComparison.Ordinal);
}
