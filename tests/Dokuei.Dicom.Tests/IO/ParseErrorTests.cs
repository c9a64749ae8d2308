using Dokuei.Dicom.IO;
using Dokuei.Dicom.Tests.TestSupport;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>Data that cannot be read: a <see cref="DicomParseException"/> that says at which byte and in which attribute.</summary>
public class ParseErrorTests
{
    private static readonly DicomBytes E = DicomBytes.ExplicitLittle;

    private static int DatasetStart => 132 + DicomBytes.Meta(TransferSyntax.ExplicitVRLittleEndian.Uid).Length;

    [Fact]
    public void Truncated_file_fails_with_an_offset_inside_the_data_or_reads_with_a_warning_or_back_unchanged()
    {
        var bytes = DicomFiles.Write(SyntheticDatasets.File(SyntheticDatasets.AllVRs(SyntheticPixels.Encapsulated), TransferSyntax.ExplicitVRLittleEndian));
        var sequenceErrors = 0;
        var errors = 0;
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var truncated = bytes[..cut];
            try
            {
                var file = DicomFiles.Read(truncated);

                // Data that ends between elements inside items or sequences is closed there with a warning (as dcmtk and pydicom do);
                // anything else read without complaint must be written back as it was.
                var closedWithWarning = file.Warnings.Any(w => w.Message.StartsWith("the data ends inside this", StringComparison.Ordinal));
                Assert.True(closedWithWarning || truncated.AsSpan().SequenceEqual(DicomFiles.Write(file)), $"cut at {cut}: read without a warning, but not written back as it was");
            }
            catch (DicomParseException ex)
            {
                errors++;
                Assert.InRange(ex.Offset, 0, cut);
                if (ex.AttributePath.StartsWith("/(0040,A730)/", StringComparison.Ordinal))
                {
                    sequenceErrors++;
                }
            }
        }

        Assert.True(errors > bytes.Length / 2, $"only {errors} of {bytes.Length} cuts failed");
        Assert.True(sequenceErrors > 50, $"only {sequenceErrors} cuts inside the content sequence named it");
    }

    [Fact]
    public void Length_running_past_the_end_of_the_data_names_the_element()
    {
        var element = DicomBytes.Concat(E.Header(0x00100010, "PN", 1000), DicomBytes.Ascii("Roe^Jane"));
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(E.Element(0x00080060, "CS", "OT"), element));

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes));

        Assert.Equal(DatasetStart + 10, ex.Offset);
        Assert.Equal("/(0010,0010)", ex.AttributePath);
    }

    [Fact]
    public void Length_running_past_the_end_of_its_item_names_the_nested_attribute()
    {
        var badCode = DicomBytes.Concat(E.Header(0x00080100, "SH", 40), DicomBytes.Ascii("C1"));
        var content = E.Sequence(0x0040A730, false,
            E.Item(false, E.Element(0x00080100, "SH", "OK")),
            E.Item(true, badCode));
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(E.Element(0x00080060, "CS", "OT"), content, E.Element(0x00100010, "PN", "Roe^Jane")));

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes));

        Assert.Equal("/(0040,A730)/1/(0008,0100)", ex.AttributePath);
        Assert.Equal(DatasetStart + 10 + 12 + 8 + 10 + 8 + 8, ex.Offset);
    }

    [Fact]
    public void Item_outside_a_sequence_is_an_error()
    {
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(E.Element(0x00080060, "CS", "OT"), E.Item(true, E.Element(0x00080100, "SH", "C1"))));

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes));

        Assert.Equal(DatasetStart + 10, ex.Offset);
        Assert.Equal("", ex.AttributePath);
        Assert.Contains("outside a sequence", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_MaxDepth_is_an_error()
    {
        var inner = E.Element(0x00080100, "SH", "C1");
        for (var i = 0; i < 5; i++)
        {
            inner = E.Sequence(0x0040A730, false, E.Item(false, inner));
        }

        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, inner);

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes, new DicomReaderOptions { MaxDepth = 3 }));

        Assert.Contains("deeper than 3", ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith("/(0040,A730)/0/(0040,A730)/0/(0040,A730)", ex.AttributePath, StringComparison.Ordinal);
        Assert.InRange(ex.Offset, DatasetStart + 3 * 20, DatasetStart + 4 * 20);
        DicomFiles.Read(bytes, new DicomReaderOptions { MaxDepth = 5 });
    }

    [Fact]
    public void Value_longer_than_MaxValueLength_is_an_error()
    {
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(E.Element(0x00080060, "CS", "OT"), E.Element(0x00420011, "OB", new byte[200])));

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes, new DicomReaderOptions { MaxValueLength = 100 }));

        Assert.Equal(DatasetStart + 10, ex.Offset);
        Assert.Equal("/(0042,0011)", ex.AttributePath);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(10_000)]
    public void Allocation_over_MaxTotalAllocation_is_an_error(int maxBuffered)
    {
        var code = E.Element(0x00080100, "SH", "C1");
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, DicomBytes.Concat(
            E.Element(0x00080060, "CS", "OT"),
            E.Sequence(0x0040A730, false, E.Item(false, code, E.Element(0x00420011, "OB", new byte[2000])))));

        var options = new DicomReaderOptions { MaxTotalAllocation = 1000, MaxBufferedValueLength = maxBuffered };
        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes, options));

        Assert.Equal("/(0040,A730)/0/(0042,0011)", ex.AttributePath);
        Assert.Equal(DatasetStart + 10 + 12 + 8 + code.Length, ex.Offset);
    }

    [Fact]
    public void Bug_corrupt_deflated_data_is_a_parse_error()
    {
        // The inflater's InvalidDataException escaped DicomFile.Open (found by FuzzTests).
        var bytes = DicomBytes.Concat(new byte[128], DicomBytes.Ascii("DICM"), DicomBytes.Meta(TransferSyntax.DeflatedExplicitVRLittleEndian.Uid), Enumerable.Repeat((byte)0xFF, 32).ToArray());

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes));

        Assert.Contains("deflated", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Bug_file_ending_a_few_bytes_into_the_meta_information_is_a_parse_error(int metaBytes)
    {
        // The bytes were taken for trailing bytes of the meta information and dropped: the file read as empty.
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, [])[..(132 + metaBytes)];

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes));

        Assert.Equal(132, ex.Offset);
    }
}
