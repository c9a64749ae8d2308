using System.Buffers.Binary;
using System.Text;
using static Dokuei.Dicom.Tests.Web.DicomWebTestData;

namespace Dokuei.Dicom.Tests.Web;

public class DicomJsonReaderTests
{
    [Fact]
    public void Writing_reading_and_writing_again_gives_the_same_JSON_and_the_same_value_bytes()
    {
        var original = EveryKindOfValue();

        var json = DicomJsonWriter.Serialize(original);
        var read = Assert.Single(DicomJsonReader.Parse(json));

        Assert.Equal(json, DicomJsonWriter.Serialize(read));
        AssertSameValues(original, read);
    }

    [Fact]
    public async Task An_array_is_read_one_dataset_at_a_time_from_a_stream_that_trickles()
    {
        var datasets = Enumerable.Range(0, 5).Select(i =>
        {
            var dataset = EveryKindOfValue();
            dataset.SetString(InstanceNumber, DicomVR.IS, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            dataset.Set(Element(new DicomTag(0x0009, 0x1003), DicomVR.OB, Bytes(i * 30_000)));
            return dataset;
        }).ToList();
        var options = new DicomWebWriterOptions { BulkDataThreshold = long.MaxValue };
        var json = "[" + string.Join(",\n ", datasets.Select(d => DicomJsonWriter.Serialize(d, options))) + "]";
        using var stream = new TricklingStream(Encoding.UTF8.GetBytes(json), 7);

        var read = new List<DicomDataset>();
        await foreach (var dataset in DicomJsonReader.ReadAsync(stream))
        {
            read.Add(dataset);
        }

        Assert.Equal(datasets.Count, read.Count);
        for (var i = 0; i < datasets.Count; i++)
        {
            AssertSameValues(datasets[i], read[i]);
        }
    }

    [Theory]
    [InlineData("{}", 1)]
    [InlineData("[]", 0)]
    [InlineData(" [ {}, {\"00080008\": {\"vr\": \"CS\", \"Value\": [\"A\"]}} ] ", 2)]
    public async Task A_single_object_or_an_array_of_objects_is_accepted(string json, int count)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var streamed = 0;
        await foreach (var _ in DicomJsonReader.ReadAsync(stream))
        {
            streamed++;
        }

        Assert.Equal(count, DicomJsonReader.Parse(json).Count);
        Assert.Equal(count, streamed);
    }

    [Fact]
    public void Strings_are_encoded_in_the_declared_character_set()
    {
        var read = Assert.Single(DicomJsonReader.Parse(
            """
            {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "Müller^Jörg"}]},
             "00080005": {"vr": "CS", "Value": ["ISO_IR 100"]}}
            """));

        Assert.Equal(Encoding.Latin1.GetBytes("Müller^Jörg "), ((DicomValueElement)read[PatientName]!).Span.ToArray());
    }

    [Fact]
    public void Non_ASCII_text_without_a_declared_character_set_gets_ISO_IR_192()
    {
        var read = Assert.Single(DicomJsonReader.Parse(
            """
            {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}]}}
            """));

        Assert.Equal("ISO_IR 192", read.GetString(SpecificCharacterSet));
        Assert.Equal(Encoding.UTF8.GetBytes("Yamada^Tarou=山田^太郎=やまだ^たろう"), ((DicomValueElement)read[PatientName]!).Span.ToArray());
        Assert.Equal("山田^太郎", read.GetPersonName(PatientName)!.Ideographic);
    }

    [Fact]
    public void ASCII_text_without_a_declared_character_set_stays_in_the_default_repertoire()
    {
        var read = Assert.Single(DicomJsonReader.Parse("""{"00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^John"}]}}"""));

        Assert.False(read.Contains(SpecificCharacterSet));
    }

    [Fact]
    public void Items_inherit_the_character_set_of_their_dataset()
    {
        var read = Assert.Single(DicomJsonReader.Parse(
            """
            {"00080005": {"vr": "CS", "Value": ["ISO_IR 192"]},
             "0040A730": {"vr": "SQ", "Value": [{"00100010": {"vr": "PN", "Value": [{"Alphabetic": "Ñandú"}]}}]}}
            """));

        var item = read.GetSequence(ContentSequence)!.Items[0];
        Assert.Equal(Encoding.UTF8.GetBytes("Ñandú "), ((DicomValueElement)item[PatientName]!).Span.ToArray());
    }

    [Fact]
    public void Numbers_become_the_binary_values_of_their_VR_and_DS_keeps_its_digits()
    {
        var read = Assert.Single(DicomJsonReader.Parse(
            """
            {"00180010": {"vr": "FL", "Value": [0.10000000149011612, "NaN"]},
             "00180012": {"vr": "SV", "Value": ["-9223372036854775808", 9223372036854775807]},
             "00180013": {"vr": "UV", "Value": [18446744073709551615]},
             "00180050": {"vr": "DS", "Value": [0.100000000000000000001, null, -1e3]},
             "00200013": {"vr": "IS", "Value": [12]},
             "00209165": {"vr": "AT", "Value": ["0040A73F"]},
             "00280010": {"vr": "US", "Value": [512, 1.0]}}
            """));

        var fl = ((DicomValueElement)read[new DicomTag(0x0018, 0x0010)]!).Span;
        Assert.Equal(0.1f, BinaryPrimitives.ReadSingleLittleEndian(fl));
        Assert.True(float.IsNaN(BinaryPrimitives.ReadSingleLittleEndian(fl[4..])));
        var sv = ((DicomValueElement)read[new DicomTag(0x0018, 0x0012)]!).Span;
        Assert.Equal(long.MinValue, BinaryPrimitives.ReadInt64LittleEndian(sv));
        Assert.Equal(long.MaxValue, BinaryPrimitives.ReadInt64LittleEndian(sv[8..]));
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(((DicomValueElement)read[new DicomTag(0x0018, 0x0013)]!).Span));
        Assert.Equal("0.100000000000000000001\\\\-1e3 ", Encoding.ASCII.GetString(((DicomValueElement)read[SliceThickness]!).Span));
        Assert.Equal("12", read.GetString(InstanceNumber));
        Assert.Equal(UInt16s(0x0040, 0xA73F), ((DicomValueElement)read[DimensionIndexPointer]!).Span.ToArray());
        Assert.Equal(UInt16s(512, 1), ((DicomValueElement)read[Rows]!).Span.ToArray());
    }

    [Fact]
    public void Inline_binary_may_be_a_string_or_an_array_of_strings()
    {
        var read = Assert.Single(DicomJsonReader.Parse(
            """
            {"00091001": {"vr": "OB", "InlineBinary": "AQIDBA=="},
             "00091002": {"vr": "OB", "InlineBinary": ["AQIDBA=="]},
             "00091003": {"vr": "UN", "InlineBinary": "AQID"}}
            """));

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ((DicomValueElement)read[new DicomTag(0x0009, 0x1001)]!).Span.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ((DicomValueElement)read[new DicomTag(0x0009, 0x1002)]!).Span.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, ((DicomValueElement)read[new DicomTag(0x0009, 0x1003)]!).Span.ToArray());
    }

    [Fact]
    public void Bulk_data_without_a_resolver_is_kept_as_a_reference_and_written_back()
    {
        var json = """{"7FE00010": {"vr": "OW", "BulkDataURI": "https://pacs.example/studies/1/bulk/7FE00010"}}""";

        var read = Assert.Single(DicomJsonReader.Parse(json));

        var reference = Assert.IsType<DicomBulkDataReference>(((DicomValueElement)read[PixelData]!).Buffer);
        Assert.Equal("https://pacs.example/studies/1/bulk/7FE00010", reference.Uri);
        Assert.Throws<InvalidOperationException>(() => reference.Length);
        AssertJsonEqual(json, DicomJsonWriter.Serialize(read, new DicomWebWriterOptions { BulkDataThreshold = 0 }));
    }

    [Fact]
    public void Bulk_data_is_fetched_through_the_resolver_with_its_path()
    {
        var calls = new List<(string Path, DicomTag Tag, DicomVR VR, string Uri)>();
        var options = new DicomJsonReaderOptions
        {
            BulkDataResolver = (path, tag, vr, uri) =>
            {
                calls.Add((path, tag, vr, uri));
                return DicomBuffer.FromMemory(Bytes(4));
            },
        };

        var read = Assert.Single(DicomJsonReader.Parse(
            """{"0040A730": {"vr": "SQ", "Value": [{}, {"00091010": {"vr": "OB", "BulkDataURI": "b1"}}]}}""",
            options));

        Assert.Equal([("/(0040,A730)/1/(0009,1010)", new DicomTag(0x0009, 0x1010), DicomVR.OB, "b1")], calls);
        Assert.Equal(Bytes(4), ((DicomValueElement)read.GetSequence(ContentSequence)!.Items[1][new DicomTag(0x0009, 0x1010)]!).Span.ToArray());
    }

    [Fact]
    public void Encapsulated_pixel_data_given_inline_becomes_fragments_again()
    {
        var stream = ItemStream([], Bytes(10), Bytes(4, 9));
        var json = $$$"""{"7FE00010": {"vr": "OB", "InlineBinary": "{{{Convert.ToBase64String(stream)}}}"}}""";

        var fragments = Assert.IsType<DicomFragmentSequence>(Assert.Single(DicomJsonReader.Parse(json))[PixelData]);

        Assert.Equal(0, fragments.BasicOffsetTable.Length);
        Assert.Equal([Bytes(10), Bytes(4, 9)], fragments.Fragments.Select(f => f.Memory.ToArray()));
    }

    [Fact]
    public void Native_pixel_data_that_is_not_an_item_stream_stays_a_value()
    {
        var json = $$$"""{"7FE00010": {"vr": "OB", "InlineBinary": "{{{Convert.ToBase64String(Bytes(16))}}}"}}""";

        Assert.IsType<DicomValueElement>(Assert.Single(DicomJsonReader.Parse(json))[PixelData]);
    }

    [Theory]
    [InlineData("""{"0010001": {"vr": "PN"}}""", "")]
    [InlineData("""{"0040A730": {"vr": "SQ", "Value": [{"00280010": {"vr": "US", "Value": ["many"]}}]}}""", "/(0040,A730)/0/(0028,0010)")]
    [InlineData("""{"00280010": {"vr": "XX"}}""", "/(0028,0010)")]
    [InlineData("""{"7FE00010": {"vr": "OB", "Value": [1]}}""", "/(7FE0,0010)")]
    public void Invalid_input_is_reported_with_the_attribute_path(string json, string path)
    {
        var error = Assert.Throws<DicomParseException>(() => DicomJsonReader.Parse(json));

        Assert.Equal(path, error.AttributePath);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_dataset_is_an_error()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""[{"00080008": {"vr": "CS"}}, {"0008"""));

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in DicomJsonReader.ReadAsync(stream))
            {
            }
        });
    }

    private static DicomDataset EveryKindOfValue()
    {
        var dataset = new DicomDataset();
        dataset.SetString(SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.SetString(ImageType, DicomVR.CS, "ORIGINAL", "", "AXIAL");
        dataset.SetString(SopInstanceUid, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        dataset.SetString(StudyDescription, DicomVR.LO, "Thorax ünd Abdomen");
        dataset.SetString(PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        dataset.SetString(PatientComments, DicomVR.LT, "line 1\r\nline 2 \\ not a delimiter");
        dataset.SetString(SliceThickness, DicomVR.DS, "0.100000000000000000001", "-1e3", "5");
        dataset.SetString(InstanceNumber, DicomVR.IS, "42");
        dataset.Set(Element(Rows, DicomVR.US, UInt16s(512, 7)));
        dataset.Set(Element(SmallestPixelValue, DicomVR.SS, UInt16s(0xFFFF)));
        dataset.Set(Element(DimensionIndexPointer, DicomVR.AT, UInt16s(0x0020, 0x9157)));
        var fl = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(fl, 0.1f);
        dataset.Set(Element(new DicomTag(0x0018, 0x0010), DicomVR.FL, fl));
        var fd = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(fd, Math.PI);
        dataset.Set(Element(new DicomTag(0x0018, 0x0011), DicomVR.FD, fd));
        var uv = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(uv, ulong.MaxValue - 1);
        dataset.Set(Element(new DicomTag(0x0018, 0x0013), DicomVR.UV, uv));
        dataset.Set(Element(new DicomTag(0x0009, 0x1001), DicomVR.OB, Bytes(10)));
        dataset.Set(Element(new DicomTag(0x0009, 0x1002), DicomVR.UN, Bytes(6)));
        dataset.Set(Element(new DicomTag(0x0010, 0x2110), DicomVR.LO));
        var code = new DicomDataset();
        code.SetString(CodeValue, DicomVR.SH, "121071");
        // Attached before its strings are set, so that it encodes them in the character set it inherits.
        var item = dataset.SetSequence(ContentSequence, new DicomDataset(), new DicomDataset()).Items[1];
        item.SetSequence(ConceptNameCodeSequence, code);
        item.SetString(PatientName, DicomVR.PN, "Ñandú^Ana");
        dataset.Set(new DicomFragmentSequence(PixelData, DicomVR.OB, DicomBuffer.FromMemory(UInt16s(0, 0)), [DicomBuffer.FromMemory(Bytes(100)), DicomBuffer.FromMemory(Bytes(50, 5))]));
        return dataset;
    }

    /// <summary>Hands out a few bytes per read, as a slow network does, so datasets straddle reads.</summary>
    private sealed class TricklingStream(byte[] bytes, int perRead) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, perRead)], cancellationToken);
    }
}
