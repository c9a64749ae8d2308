using System.Buffers.Binary;
using System.Text.Json;
using static Dokuei.Dicom.Tests.Web.DicomWebTestData;

namespace Dokuei.Dicom.Tests.Web;

public class DicomJsonWriterTests
{
    [Fact]
    public void String_values_are_split_at_backslashes_and_lose_trailing_padding_only()
    {
        var dataset = Dataset(
            Text(ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL "),
            Text(SopInstanceUid, DicomVR.UI, "1.2.3\\4.5\0"),
            Text(StudyDate, DicomVR.DA, "20240131"),
            Text(StudyDescription, DicomVR.LO, " lead\\trail  "),
            Text(PatientComments, DicomVR.LT, " a\\b \r\n  "));

        AssertJsonEqual(
            """
            {
              "00080008": {"vr": "CS", "Value": ["ORIGINAL", "PRIMARY", "AXIAL"]},
              "00080018": {"vr": "UI", "Value": ["1.2.3", "4.5"]},
              "00080020": {"vr": "DA", "Value": ["20240131"]},
              "00081030": {"vr": "LO", "Value": [" lead", "trail"]},
              "00104000": {"vr": "LT", "Value": [" a\\b \r\n"]}
            }
            """,
            Json(dataset));
    }

    [Fact]
    public void Spaces_inside_a_code_string_are_kept_as_pydicom_keeps_them()
    {
        // Seen in pydicom's test files written by GDCM (693_J2KI.dcm): ImageType "DERIVED \PRIMARY".
        var json = Json(Dataset(Text(ImageType, DicomVR.CS, "DERIVED \\PRIMARY ")));

        AssertJsonEqual("""{"00080008": {"vr": "CS", "Value": ["DERIVED ", "PRIMARY"]}}""", json);
    }

    [Fact]
    public void Empty_elements_have_no_Value_and_empty_values_among_several_are_null()
    {
        var dataset = Dataset(
            Element(SpecificCharacterSet, DicomVR.CS, System.Text.Encoding.ASCII.GetBytes("\\ISO 2022 IR 87")),
            Element(ImageType, DicomVR.CS, System.Text.Encoding.ASCII.GetBytes("A\\\\B ")),
            Element(PatientName, DicomVR.PN),
            Element(StudyDescription, DicomVR.LO, System.Text.Encoding.ASCII.GetBytes("  ")),
            Element(SliceThickness, DicomVR.DS, System.Text.Encoding.ASCII.GetBytes("1\\\\2 ")),
            Element(Rows, DicomVR.US),
            Element(DimensionIndexPointer, DicomVR.AT),
            Element(PixelData, DicomVR.OW),
            new DicomSequence(ContentSequence));

        AssertJsonEqual(
            """
            {
              "00080005": {"vr": "CS", "Value": [null, "ISO 2022 IR 87"]},
              "00080008": {"vr": "CS", "Value": ["A", null, "B"]},
              "00081030": {"vr": "LO"},
              "00100010": {"vr": "PN"},
              "00180050": {"vr": "DS", "Value": [1, null, 2]},
              "00209165": {"vr": "AT"},
              "00280010": {"vr": "US"},
              "0040A730": {"vr": "SQ"},
              "7FE00010": {"vr": "OW"}
            }
            """,
            Json(dataset));
    }

    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData(" 12", "12")]
    [InlineData("+5 ", "5")]
    [InlineData("1e3", "1e3")]
    [InlineData("-1.5E-03", "-1.5E-03")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5", "-0.5")]
    [InlineData("5.", "5")]
    [InlineData("007", "7")]
    [InlineData("-0", "-0")]
    [InlineData("0.100000000000000000001", "0.100000000000000000001")]
    public void DS_values_are_JSON_numbers_with_their_digits(string ds, string json)
    {
        var value = Json(Dataset(Text(SliceThickness, DicomVR.DS, ds.Length % 2 == 1 ? ds + " " : ds)))
            .GetProperty("00180050").GetProperty("Value")[0];

        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        Assert.Equal(json, value.GetRawText());
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("1,5", "1,5")]
    [InlineData("NaN", "NaN")]
    [InlineData("inf", "Infinity")]
    [InlineData("-Infinity", "-Infinity")]
    public void DS_values_that_are_not_finite_numbers_are_strings(string ds, string expected)
    {
        var value = Json(Dataset(Text(SliceThickness, DicomVR.DS, ds))).GetProperty("00180050").GetProperty("Value")[0];

        Assert.Equal(expected, value.GetString());
    }

    [Fact]
    public void IS_values_are_JSON_numbers()
    {
        var json = Json(Dataset(Text(InstanceNumber, DicomVR.IS, " 007\\+5\\-12\\12345678901234567890")));

        Assert.Equal(["7", "5", "-12", "12345678901234567890"], json.GetProperty("00200013").GetProperty("Value").EnumerateArray().Select(v => v.GetRawText()));
    }

    [Fact]
    public void Binary_numbers_are_JSON_numbers_one_per_value()
    {
        var fl = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(fl, 0.1f);
        BinaryPrimitives.WriteSingleLittleEndian(fl.AsSpan(4), float.NaN);
        var fd = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(fd, -2.5e-300);
        BinaryPrimitives.WriteDoubleLittleEndian(fd.AsSpan(8), double.PositiveInfinity);
        var sv = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(sv, long.MinValue);
        BinaryPrimitives.WriteInt64LittleEndian(sv.AsSpan(8), long.MaxValue);
        var uv = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(uv, ulong.MaxValue);
        var sl = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(sl, -70000);
        BinaryPrimitives.WriteInt32LittleEndian(sl.AsSpan(4), int.MaxValue);
        var ul = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(ul, uint.MaxValue);

        var dataset = Dataset(
            Element(Rows, DicomVR.US, UInt16s(1, 65535)),
            Element(SmallestPixelValue, DicomVR.SS, UInt16s(0x8000)),
            Element(new DicomTag(0x0018, 0x0010), DicomVR.FL, fl),
            Element(new DicomTag(0x0018, 0x0011), DicomVR.FD, fd),
            Element(new DicomTag(0x0018, 0x0012), DicomVR.SV, sv),
            Element(new DicomTag(0x0018, 0x0013), DicomVR.UV, uv),
            Element(new DicomTag(0x0018, 0x0014), DicomVR.SL, sl),
            Element(new DicomTag(0x0018, 0x0015), DicomVR.UL, ul));
        var json = Json(dataset);

        AssertJsonEqual(
            """
            {
              "00180010": {"vr": "FL", "Value": [0.10000000149011612, "NaN"]},
              "00180011": {"vr": "FD", "Value": [-2.5e-300, "Infinity"]},
              "00180012": {"vr": "SV", "Value": [-9223372036854775808, 9223372036854775807]},
              "00180013": {"vr": "UV", "Value": [18446744073709551615]},
              "00180014": {"vr": "SL", "Value": [-70000, 2147483647]},
              "00180015": {"vr": "UL", "Value": [4294967295]},
              "00280010": {"vr": "US", "Value": [1, 65535]},
              "00280106": {"vr": "SS", "Value": [-32768]}
            }
            """,
            json);
        Assert.Equal("18446744073709551615", json.GetProperty("00180013").GetProperty("Value")[0].GetRawText());
    }

    [Fact]
    public void AT_values_are_eight_uppercase_hexadecimal_digits()
    {
        var json = Json(Dataset(Element(DimensionIndexPointer, DicomVR.AT, UInt16s(0x0010, 0x0010, 0x0040, 0xA73F))));

        AssertJsonEqual("""{"00209165": {"vr": "AT", "Value": ["00100010", "0040A73F"]}}""", json);
    }

    [Fact]
    public void PN_is_written_as_component_groups_in_the_declared_character_set()
    {
        var dataset = new DicomDataset();
        dataset.SetString(SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.SetString(PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        dataset.SetString(OtherPatientNames, DicomVR.PN, "Doe^John=", "=王^小东", "", "Roe^Jane==Phonetic");

        AssertJsonEqual(
            """
            {
              "00080005": {"vr": "CS", "Value": ["ISO_IR 192"]},
              "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}]},
              "00101001": {"vr": "PN", "Value": [
                {"Alphabetic": "Doe^John"},
                {"Ideographic": "王^小东"},
                null,
                {"Alphabetic": "Roe^Jane", "Phonetic": "Phonetic"}]}
            }
            """,
            Json(dataset));
    }

    [Fact]
    public void Japanese_text_is_written_as_UTF8_not_escaped()
    {
        var dataset = new DicomDataset();
        dataset.SetString(SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.SetString(PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎");

        Assert.Contains("山田^太郎", DicomJsonWriter.Serialize(dataset), StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_sequences_and_empty_items_are_written_in_order()
    {
        var code = new DicomDataset();
        code.SetString(CodeValue, DicomVR.SH, "121071");
        var content = new DicomDataset();
        content.SetSequence(ConceptNameCodeSequence, code);
        content.SetString(ImageType, DicomVR.CS, "X");
        var dataset = new DicomDataset();
        dataset.SetSequence(ContentSequence, new DicomDataset(), content);

        AssertJsonEqual(
            """
            {"0040A730": {"vr": "SQ", "Value": [
              {},
              {"00080008": {"vr": "CS", "Value": ["X"]},
               "0040A043": {"vr": "SQ", "Value": [{"00080100": {"vr": "SH", "Value": ["121071"]}}]}}]}}
            """,
            Json(dataset));
        var keys = Json(dataset).GetProperty("0040A730").GetProperty("Value")[1].EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["00080008", "0040A043"], keys);
    }

    [Fact]
    public void Octet_streams_are_base64_of_their_little_endian_bytes()
    {
        var dataset = Dataset(
            Element(PixelData, DicomVR.OW, UInt16s(0x0201, 0x0403)),
            Element(new DicomTag(0x0009, 0x1010), DicomVR.UN, 0x61, 0x62, 0x63, 0x00),
            Element(new DicomTag(0x0066, 0x0016), DicomVR.OF, 0, 0, 0x80, 0x3F));

        AssertJsonEqual(
            """
            {
              "00091010": {"vr": "UN", "InlineBinary": "YWJjAA=="},
              "00660016": {"vr": "OF", "InlineBinary": "AACAPw=="},
              "7FE00010": {"vr": "OW", "InlineBinary": "AQIDBA=="}
            }
            """,
            Json(dataset));
    }

    [Fact]
    public void Values_of_exactly_the_threshold_are_inline_and_one_byte_more_is_bulk_data()
    {
        var paths = new List<string>();
        var options = new DicomWebWriterOptions
        {
            BulkDataThreshold = 6,
            BulkDataUriFactory = (path, element) =>
            {
                paths.Add(path);
                return $"https://pacs.example/bulk/{element.Tag.ToJsonKey()}";
            },
        };
        var item = Dataset(Element(new DicomTag(0x0009, 0x1002), DicomVR.OB, Bytes(8)));
        var dataset = Dataset(
            Element(new DicomTag(0x0009, 0x1001), DicomVR.OB, Bytes(6)),
            Element(PixelData, DicomVR.OB, Bytes(7)));
        dataset.SetSequence(ContentSequence, new DicomDataset(), item);

        var json = Json(dataset, options);

        Assert.Equal(Bytes(6), json.GetProperty("00091001").GetProperty("InlineBinary").GetBytesFromBase64());
        AssertJsonEqual("""{"vr": "OB", "BulkDataURI": "https://pacs.example/bulk/7FE00010"}""", json.GetProperty("7FE00010"));
        Assert.Equal(["/(0040,A730)/1/(0009,1002)", "/(7FE0,0010)"], paths);
    }

    [Fact]
    public void Without_a_URI_factory_the_bulk_data_URI_is_the_attribute_path()
    {
        var json = Json(Dataset(Element(PixelData, DicomVR.OW, Bytes(2000))));

        AssertJsonEqual("""{"vr": "OW", "BulkDataURI": "/(7FE0,0010)"}""", json.GetProperty("7FE00010"));
    }

    [Fact]
    public void Encapsulated_pixel_data_is_the_item_stream_inline_or_bulk_data_above_the_threshold()
    {
        var fragments = new DicomFragmentSequence(PixelData, DicomVR.OB, DicomBuffer.FromMemory(UInt16s(0, 0)), [DicomBuffer.FromMemory(Bytes(10)), DicomBuffer.FromMemory(Bytes(6, 3))]);
        var dataset = Dataset(fragments);
        var expected = ItemStream(UInt16s(0, 0), Bytes(10), Bytes(6, 3));

        var inline = Json(dataset, new DicomWebWriterOptions { BulkDataThreshold = expected.Length });
        var bulk = Json(dataset, new DicomWebWriterOptions { BulkDataThreshold = expected.Length - 1, BulkDataUriFactory = (_, _) => "frames" });

        Assert.Equal("OB", inline.GetProperty("7FE00010").GetProperty("vr").GetString());
        Assert.Equal(expected, inline.GetProperty("7FE00010").GetProperty("InlineBinary").GetBytesFromBase64());
        AssertJsonEqual("""{"vr": "OB", "BulkDataURI": "frames"}""", bulk.GetProperty("7FE00010"));
    }

    [Fact]
    public void A_large_value_left_in_its_file_is_not_loaded_when_written_as_bulk_data()
    {
        var pixels = new UnloadableBuffer(3L << 30);
        var fragments = new DicomFragmentSequence(PixelData, DicomVR.OB, DicomBuffer.Empty, [new UnloadableBuffer(5000)]);

        var json = Json(Dataset(new DicomValueElement(PixelData, DicomVR.OW, pixels)));
        var encapsulated = Json(Dataset(fragments));

        Assert.Equal("/(7FE0,0010)", json.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString());
        Assert.Equal("/(7FE0,0010)", encapsulated.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString());
    }

    [Fact]
    public void An_inline_value_left_in_its_file_is_read_in_chunks_not_loaded()
    {
        var buffer = new UnloadableBuffer(300_001, readable: true);
        var expected = new byte[300_001];
        buffer.Read(0, expected);

        var json = Json(Dataset(new DicomValueElement(PixelData, DicomVR.OB, buffer)), new DicomWebWriterOptions { BulkDataThreshold = long.MaxValue });

        Assert.Equal(expected, json.GetProperty("7FE00010").GetProperty("InlineBinary").GetBytesFromBase64());
    }

    [Fact]
    public async Task Async_writing_gives_the_same_bytes_as_sync_writing()
    {
        var dataset = Dataset(Element(PixelData, DicomVR.OB, Bytes(200_000)), Text(ImageType, DicomVR.CS, "A\\B "));
        var options = new DicomWebWriterOptions { BulkDataThreshold = long.MaxValue };
        using var sync = new MemoryStream();
        using var async = new MemoryStream();

        DicomJsonWriter.Write(sync, dataset, options);
        await DicomJsonWriter.WriteAsync(async, dataset, options);

        Assert.Equal(sync.ToArray(), async.ToArray());
    }

    [Fact]
    public void Group_lengths_and_file_meta_information_are_left_out_unless_asked_for()
    {
        var dataset = Dataset(
            Element(new DicomTag(0x0002, 0x0000), DicomVR.UL, 4, 0, 0, 0),
            Text(new DicomTag(0x0002, 0x0010), DicomVR.UI, "1.2.840.10008.1.2.1\0"),
            Element(new DicomTag(0x0008, 0x0000), DicomVR.UL, 8, 0, 0, 0),
            Text(ImageType, DicomVR.CS, "X "));

        var plain = Json(dataset).EnumerateObject().Select(p => p.Name);
        var everything = Json(dataset, new DicomWebWriterOptions { IncludeGroupLengths = true, IncludeFileMetaInformation = true }).EnumerateObject().Select(p => p.Name);

        Assert.Equal(["00080008"], plain);
        Assert.Equal(["00020000", "00020010", "00080000", "00080008"], everything);
    }

    [Fact]
    public void Elements_kept_in_file_order_are_written_in_tag_order()
    {
        var dataset = new DicomDataset();
        dataset.AppendRead(Text(StudyDescription, DicomVR.LO, "B "));
        dataset.AppendRead(Text(ImageType, DicomVR.CS, "A "));

        Assert.Equal(["00080008", "00081030"], Json(dataset).EnumerateObject().Select(p => p.Name));
    }
}
