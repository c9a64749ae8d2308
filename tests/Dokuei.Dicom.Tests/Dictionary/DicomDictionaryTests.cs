namespace Dokuei.Dicom.Tests.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void PatientName_is_found_by_tag_and_keyword()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0010, 0x0010), out var entry));
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal(DicomVR.PN, entry.VR);
        Assert.Equal("1", entry.VM);
        Assert.False(entry.IsRetired);
        Assert.False(entry.HasAmbiguousVR);
        Assert.Equal(DicomTag.PatientName, DicomDictionary.GetTag("PatientName"));
        Assert.True(DicomDictionary.TryGetEntry("PatientName", out var byKeyword));
        Assert.Same(entry, byKeyword);
    }

    [Fact]
    public void PixelData_is_OB_or_OW_in_the_order_of_the_standard()
    {
        Assert.True(DicomDictionary.TryGetEntry(DicomTag.PixelData, out var entry));
        Assert.Equal(DicomVR.OB, entry.VR);
        Assert.Equal([DicomVR.OW], entry.AlternativeVRs);
        Assert.True(entry.HasAmbiguousVR);
    }

    [Fact]
    public void SmallestImagePixelValue_is_US_or_SS()
    {
        Assert.True(DicomDictionary.TryGetEntry(DicomTag.SmallestImagePixelValue, out var entry));
        Assert.Equal(DicomVR.US, entry.VR);
        Assert.Equal([DicomVR.SS], entry.AlternativeVRs);
    }

    [Fact]
    public void Element_with_three_possible_VRs_keeps_all_of_them()
    {
        Assert.True(DicomDictionary.TryGetEntry(DicomTag.GrayLookupTableData, out var entry));
        Assert.Equal(DicomVR.US, entry.VR);
        Assert.Equal([DicomVR.SS, DicomVR.OW], entry.AlternativeVRs);
    }

    [Fact]
    public void Retired_element_is_marked_retired()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0008, 0x0040), out var entry));
        Assert.Equal("DataSetType", entry.Keyword);
        Assert.True(entry.IsRetired);
    }

    [Fact]
    public void Recent_editions_are_included()
    {
        // Synthetic Data and Encapsulated Pixel Data Value Total Length came after 2022; Other Patient IDs was retired since.
        Assert.Equal(DicomVR.CS, DicomDictionary.GetVR(new DicomTag(0x0008, 0x001C)));
        Assert.Equal(DicomVR.UV, DicomDictionary.GetVR(DicomTag.EncapsulatedPixelDataValueTotalLength));
        Assert.True(DicomDictionary.TryGetEntry(DicomTag.OtherPatientIDs, out var entry) && entry.IsRetired);
        Assert.True(DicomDictionary.Entries.Count > 5000);
    }

    [Theory]
    [InlineData(0x60003000u)]
    [InlineData(0x60023000u)]
    [InlineData(0x601E3000u)]
    public void Overlay_data_is_found_in_every_overlay_group(uint tag)
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(tag), out var entry));
        Assert.Equal("OverlayData", entry.Keyword);
        Assert.Equal(0xFF00FFFFu, entry.Mask);
        Assert.Equal(DicomTag.OverlayData, entry.Tag);
        Assert.Equal(new DicomTag(0x6000, 0x3000), DicomTag.OverlayData);
    }

    [Fact]
    public void Retired_curve_data_is_found_in_curve_groups()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x5010, 0x3000), out var data));
        Assert.Equal("CurveData", data.Keyword);
        Assert.True(data.IsRetired);
        Assert.Equal("CurveDimensions", DicomDictionary.GetKeyword(new DicomTag(0x5010, 0x0005)));
    }

    [Fact]
    public void Patterns_with_variable_element_digits_do_not_hide_exact_tags()
    {
        Assert.Equal("TransformLabel", DicomDictionary.GetKeyword(new DicomTag(0x0028, 0x0400)));
        Assert.Equal("RowsForNthOrderCoefficients", DicomDictionary.GetKeyword(new DicomTag(0x0028, 0x0410)));
        Assert.Equal("EscapeTriplet", DicomDictionary.GetKeyword(new DicomTag(0x1000, 0x0120)));
    }

    [Fact]
    public void Command_elements_of_PS3_7_are_included()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0000, 0x0100), out var commandField));
        Assert.Equal("CommandField", commandField.Keyword);
        Assert.Equal(DicomVR.US, commandField.VR);
        Assert.Equal("Status", DicomDictionary.GetKeyword(new DicomTag(0x0000, 0x0900)));
        Assert.Equal(DicomVR.UL, DicomDictionary.GetVR(DicomTag.CommandGroupLength));
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0000, 0x0001), out var retired) && retired.IsRetired);
    }

    [Theory]
    [InlineData(0x00100000u)]
    [InlineData(0x00290000u)]
    public void Group_length_of_any_group_is_UL(uint tag)
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(tag), out var entry));
        Assert.Equal(DicomVR.UL, entry.VR);
        Assert.Equal(new DicomTag(tag), entry.Tag);
    }

    [Fact]
    public void Private_creator_elements_are_LO()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0029, 0x0011), out var entry));
        Assert.Equal(DicomVR.LO, entry.VR);
        Assert.Equal("Private Creator", entry.Name);
    }

    [Fact]
    public void Known_private_elements_are_found_whatever_the_block()
    {
        Assert.True(DicomDictionary.TryGetPrivateEntry("SIEMENS CSA HEADER", new DicomTag(0x0029, 0x1110), out var csa));
        Assert.Equal("CSA Image Header Info", csa.Name);
        Assert.Equal(DicomVR.OB, csa.VR);
        Assert.True(DicomDictionary.TryGetPrivateEntry("GEMS_ACQU_01 ", new DicomTag(0x0019, 0x1002), out var ge));
        Assert.Equal(DicomVR.SL, ge.VR);
        Assert.False(DicomDictionary.TryGetPrivateEntry("NO SUCH CREATOR", new DicomTag(0x0019, 0x1002), out _));
        Assert.False(DicomDictionary.TryGetPrivateEntry("GEMS_ACQU_01", new DicomTag(0x0019, 0x0010), out _));
    }

    [Fact]
    public void Item_and_delimiters_are_in_the_dictionary_without_VR()
    {
        Assert.True(DicomDictionary.TryGetEntry(DicomTag.Item, out var item));
        Assert.Equal("Item", item.Keyword);
        Assert.Equal(DicomVR.None, item.VR);
        Assert.Equal("SequenceDelimitationItem", DicomDictionary.GetKeyword(DicomTag.SequenceDelimitationItem));
        Assert.Equal(DicomTag.ItemDelimitationItem, DicomDictionary.GetTag("ItemDelimitationItem"));
    }

    [Fact]
    public void Unknown_tags_and_keywords_are_reported()
    {
        Assert.Equal(DicomVR.UN, DicomDictionary.GetVR(new DicomTag(0x0011, 0x1010)));
        Assert.Null(DicomDictionary.GetKeyword(new DicomTag(0x0008, 0x0001 + 0xFFFE)));
        Assert.False(DicomDictionary.TryGetEntry("NoSuchKeyword", out _));
        Assert.Throws<KeyNotFoundException>(() => DicomDictionary.GetTag("NoSuchKeyword"));
    }

    [Fact]
    public void Every_keyword_property_matches_the_dictionary()
    {
        foreach (var property in typeof(DicomTag).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        {
            if (property.PropertyType != typeof(DicomTag))
            {
                continue;
            }

            var tag = (DicomTag)property.GetValue(null)!;
            Assert.Equal(tag, DicomDictionary.GetTag(property.Name));
        }
    }
}
