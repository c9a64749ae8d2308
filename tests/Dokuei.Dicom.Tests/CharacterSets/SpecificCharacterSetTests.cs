using System.Text;
using static Dokuei.Dicom.Tests.CharacterSets.Bytes;

namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>Reading the (0008,0005) value itself: defined terms, padding, misspellings, validation, caching.</summary>
public class SpecificCharacterSetTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\\")]
    [InlineData("\0")]
    public void Empty_value_is_the_default_repertoire(string value) =>
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromSpecificCharacterSet(value));

    [Fact]
    public void Every_defined_term_of_ps3_3_is_known_and_valid()
    {
        string[] expected =
        [
            "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127", "ISO_IR 126", "ISO_IR 138",
            "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030", "GBK",
            "ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110", "ISO 2022 IR 144",
            "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148", "ISO 2022 IR 203", "ISO 2022 IR 13",
            "ISO 2022 IR 166", "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149", "ISO 2022 IR 58",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), DicomCharacterSet.DefinedTerms.Order(StringComparer.Ordinal));
        Assert.All(expected, term => Assert.True(DicomCharacterSet.IsKnownTerm(term), term));
        Assert.All(expected.Where(t => t.StartsWith("ISO_IR", StringComparison.Ordinal) || t.StartsWith("GB", StringComparison.Ordinal)),
            term => Assert.Empty(DicomCharacterSet.Validate(term)));
        Assert.All(expected.Where(t => t.StartsWith("ISO 2022", StringComparison.Ordinal)),
            term => Assert.Empty(DicomCharacterSet.Validate("\\" + term)));
    }

    [Theory]
    [InlineData("ISO-IR 100")]
    [InlineData("ISO_IR100")]
    [InlineData("iso_ir 100")]
    [InlineData("ISO IR 100")]
    [InlineData("ISO_8859-1")]
    public void Misspelled_term_is_read_as_the_defined_term_it_means(string value)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(value);

        Assert.False(DicomCharacterSet.IsKnownTerm(value));
        Assert.Equal([$"'{value}' is not a defined term; read as 'ISO_IR 100'"], set.Warnings);
        Assert.Equal("Jérôme", set.Decode(Hex("4a e9 72 f4 6d 65"), DicomVR.PN));
    }

    [Fact]
    public void Padding_of_the_value_is_not_part_of_the_terms()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87 ");

        Assert.Equal(["ISO 2022 IR 13", "ISO 2022 IR 87"], set.Terms);
        Assert.Empty(set.Warnings);
        Assert.True(set.HasCodeExtensions);
        Assert.Equal("ISO 2022 IR 13\\ISO 2022 IR 87", set.ToString());
    }

    [Fact]
    public void Multi_byte_set_as_the_only_value_is_read_as_value_2()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 87");

        Assert.Equal(["ISO 2022 IR 87 as value 1: a multi-byte set cannot be the initial set; read as \\ISO 2022 IR 87"], set.Warnings);
        Assert.Equal("Yamada=山田", set.Decode(Hex("59 61 6d 61 64 61 3d 1b 24 42 3b 33 45 44 1b 28 42"), DicomVR.PN));
    }

    [Fact]
    public void Misspelled_multi_byte_term_is_corrected_then_moved_to_value_2()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO2022IR87");

        Assert.Equal(
            [
                "'ISO2022IR87' is not a defined term; read as 'ISO 2022 IR 87'",
                "ISO 2022 IR 87 as value 1: a multi-byte set cannot be the initial set; read as \\ISO 2022 IR 87",
            ],
            set.Warnings);
    }

    [Fact]
    public void Unknown_term_as_value_1_is_read_as_the_default_repertoire()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 999");

        Assert.Equal(["unknown term 'ISO_IR 999'; read as the default repertoire (ISO_IR 6)"], set.Warnings);
        Assert.Equal("Jérôme", set.Decode("Jérôme"u8, DicomVR.PN));
    }

    [Fact]
    public void Unknown_later_term_is_ignored()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87\\ISO 2022 IR 999");

        Assert.Equal(["unknown term 'ISO 2022 IR 999'; ignored"], set.Warnings);
        Assert.Equal("山", set.Decode(Hex("1b 24 42 3b 33 1b 28 42"), DicomVR.PN));
    }

    [Fact]
    public void Iso_ir_6_is_not_a_defined_term_but_means_the_default_repertoire()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 6");

        Assert.False(DicomCharacterSet.IsKnownTerm("ISO_IR 6"));
        Assert.Equal(["'ISO_IR 6' is not a defined term; read as 'ISO 2022 IR 6'"], set.Warnings);
        Assert.Equal("ABC", set.Decode("ABC"u8, DicomVR.PN));
    }

    [Fact]
    public void Utf8_combined_with_code_extensions_is_read_as_utf8_alone()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 192\\ISO 2022 IR 87");

        Assert.Equal(["ISO_IR 192 cannot be combined with other terms; read as ISO_IR 192 alone"], set.Warnings);
        Assert.Equal("山田", set.Decode("山田"u8, DicomVR.PN));
    }

    [Fact]
    public void Repeated_and_empty_later_terms_are_reported()
    {
        Assert.Equal(
            ["value 3 of Specific Character Set is empty; ignored", "term 'ISO 2022 IR 87' repeated; ignored"],
            DicomCharacterSet.Validate("\\ISO 2022 IR 87\\\\ISO 2022 IR 87"));
    }

    [Fact]
    public void Parsed_sets_are_cached()
    {
        Assert.Same(
            DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87"),
            DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87"));
    }

    [Fact]
    public void Ascii_value_decodes_without_allocating_more_than_the_string()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87");
        var bytes = Encoding.ASCII.GetBytes("DOE^JOHN^^^=SOME^LONGER^ASCII^TEXT^TO^DECODE\\SECOND^VALUE ");
        set.Decode(bytes, DicomVR.PN);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = set.Decode(bytes, DicomVR.PN);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Encoding.ASCII.GetString(bytes), text);
        Assert.True(allocated <= 32 + 2 * bytes.Length, $"{allocated} bytes allocated");
    }
}
