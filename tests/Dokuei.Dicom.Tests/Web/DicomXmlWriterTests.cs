using System.Text;
using System.Xml.Linq;
using static Dokuei.Dicom.Tests.Web.DicomWebTestData;

namespace Dokuei.Dicom.Tests.Web;

public class DicomXmlWriterTests
{
    private static readonly XNamespace Ns = DicomXmlWriter.Namespace;

    [Fact]
    public void The_document_is_a_NativeDicomModel_with_one_DicomAttribute_per_element_in_tag_order()
    {
        var dataset = Dataset(
            Text(StudyDescription, DicomVR.LO, "Chest "),
            Text(ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY "),
            Element(new DicomTag(0x0008, 0x0000), DicomVR.UL, 0, 0, 0, 0));

        var root = Xml(dataset).Root!;

        Assert.Equal(Ns + "NativeDicomModel", root.Name);
        Assert.Equal("preserve", root.Attribute(XNamespace.Xml + "space")?.Value);
        Assert.Equal(["00080008", "00081030"], root.Elements(Ns + "DicomAttribute").Select(a => a.Attribute("tag")!.Value));
        Assert.Equal(["CS", "LO"], root.Elements(Ns + "DicomAttribute").Select(a => a.Attribute("vr")!.Value));
    }

    [Fact]
    public void Values_are_numbered_from_one_and_empty_values_are_empty_elements()
    {
        var attribute = Attribute(Xml(Dataset(Text(ImageType, DicomVR.CS, "A\\\\B "))), "00080008");

        var values = attribute.Elements(Ns + "Value").Select(v => (v.Attribute("number")!.Value, v.Value)).ToList();

        Assert.Equal([("1", "A"), ("2", ""), ("3", "B")], values);
    }

    [Fact]
    public void PN_values_are_written_as_groups_of_name_components_with_the_keyword()
    {
        var dataset = new DicomDataset();
        dataset.SetString(SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.SetString(PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");

        var attribute = Attribute(Xml(dataset), "00100010");
        var name = Assert.Single(attribute.Elements(Ns + "PersonName"));

        Assert.Equal("PatientName", attribute.Attribute("keyword")?.Value);
        Assert.Equal("PN", attribute.Attribute("vr")?.Value);
        Assert.Equal("1", name.Attribute("number")?.Value);
        Assert.Equal("Yamada", name.Element(Ns + "Alphabetic")!.Element(Ns + "FamilyName")!.Value);
        Assert.Equal("Tarou", name.Element(Ns + "Alphabetic")!.Element(Ns + "GivenName")!.Value);
        Assert.Equal("山田", name.Element(Ns + "Ideographic")!.Element(Ns + "FamilyName")!.Value);
        Assert.Equal("たろう", name.Element(Ns + "Phonetic")!.Element(Ns + "GivenName")!.Value);
        Assert.Null(name.Element(Ns + "Alphabetic")!.Element(Ns + "MiddleName"));
    }

    [Fact]
    public void Numbers_and_tags_are_written_as_text()
    {
        var dataset = Dataset(
            Element(Rows, DicomVR.US, UInt16s(512, 7)),
            Element(DimensionIndexPointer, DicomVR.AT, UInt16s(0x0040, 0xA73F)),
            Text(SliceThickness, DicomVR.DS, " 2.50 "));
        var xml = Xml(dataset);

        Assert.Equal(["512", "7"], Attribute(xml, "00280010").Elements(Ns + "Value").Select(v => v.Value));
        Assert.Equal("0040A73F", Attribute(xml, "00209165").Element(Ns + "Value")!.Value);
        Assert.Equal("2.50", Attribute(xml, "00180050").Element(Ns + "Value")!.Value);
    }

    [Fact]
    public void Sequences_are_numbered_items_holding_attributes()
    {
        var code = new DicomDataset();
        code.SetString(CodeValue, DicomVR.SH, "121071");
        var dataset = new DicomDataset();
        dataset.SetSequence(ContentSequence, new DicomDataset(), Dataset(new DicomSequence(ConceptNameCodeSequence, [code])));

        var items = Attribute(Xml(dataset), "0040A730").Elements(Ns + "Item").ToList();

        Assert.Equal(["1", "2"], items.Select(i => i.Attribute("number")!.Value));
        Assert.Empty(items[0].Elements());
        var nested = items[1].Element(Ns + "DicomAttribute")!;
        Assert.Equal(("0040A043", "SQ"), (nested.Attribute("tag")!.Value, nested.Attribute("vr")!.Value));
        Assert.Equal("121071", nested.Element(Ns + "Item")!.Element(Ns + "DicomAttribute")!.Element(Ns + "Value")!.Value);
    }

    [Fact]
    public void Binary_values_are_inline_up_to_the_threshold_and_bulk_data_above_it()
    {
        var dataset = Dataset(
            Element(new DicomTag(0x0009, 0x1001), DicomVR.OB, Bytes(4)),
            new DicomValueElement(PixelData, DicomVR.OW, new UnloadableBuffer(1L << 31)));
        var options = new DicomWebWriterOptions { BulkDataThreshold = 4, BulkDataUriFactory = (path, _) => "bulk" + path };
        var xml = Xml(dataset, options);

        Assert.Equal(Bytes(4), Convert.FromBase64String(Attribute(xml, "00091001").Element(Ns + "InlineBinary")!.Value));
        Assert.Equal("bulk/(7FE0,0010)", Attribute(xml, "7FE00010").Element(Ns + "BulkData")!.Attribute("uri")!.Value);
    }

    [Fact]
    public void Encapsulated_pixel_data_is_inline_as_its_item_stream()
    {
        var fragments = new DicomFragmentSequence(PixelData, DicomVR.OB, DicomBuffer.Empty, [DicomBuffer.FromMemory(Bytes(10))]);

        var inline = Attribute(Xml(Dataset(fragments)), "7FE00010").Element(Ns + "InlineBinary")!;

        Assert.Equal(ItemStream([], Bytes(10)), Convert.FromBase64String(inline.Value));
    }

    [Fact]
    public void Private_elements_carry_their_creator_and_drop_the_block_from_the_tag()
    {
        var dataset = Dataset(
            Text(new DicomTag(0x0029, 0x0011), DicomVR.LO, "DOKUEI TEST "),
            Text(new DicomTag(0x0029, 0x1105), DicomVR.LO, "value "));

        var attributes = Xml(dataset).Root!.Elements(Ns + "DicomAttribute").ToList();

        var attribute = Assert.Single(attributes);
        Assert.Equal("00290005", attribute.Attribute("tag")!.Value);
        Assert.Equal("DOKUEI TEST", attribute.Attribute("privateCreator")!.Value);
        Assert.Null(attribute.Attribute("keyword"));
        Assert.Equal("value", attribute.Element(Ns + "Value")!.Value);
    }

    [Fact]
    public void Characters_XML_cannot_carry_are_replaced()
    {
        var xml = Xml(Dataset(Text(StudyDescription, DicomVR.LO, "a\u0002b\u0001")));

        Assert.Equal("a\uFFFDb\uFFFD", Attribute(xml, "00081030").Element(Ns + "Value")!.Value);
    }

    [Fact]
    public async Task Async_writing_gives_the_same_bytes_as_sync_writing()
    {
        var dataset = Dataset(Element(PixelData, DicomVR.OB, Bytes(300_000)), Text(ImageType, DicomVR.CS, "A\\B "));
        var options = new DicomWebWriterOptions { BulkDataThreshold = long.MaxValue, Indent = true };
        using var sync = new MemoryStream();
        using var async = new MemoryStream();

        DicomXmlWriter.Write(sync, dataset, options);
        await DicomXmlWriter.WriteAsync(async, dataset, options);

        Assert.Equal(sync.ToArray(), async.ToArray());
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(sync.ToArray()), StringComparison.OrdinalIgnoreCase);
    }

    private static XDocument Xml(DicomDataset dataset, DicomWebWriterOptions? options = null) => XDocument.Parse(DicomXmlWriter.Serialize(dataset, options));

    private static XElement Attribute(XDocument xml, string tag) =>
        xml.Root!.Elements(Ns + "DicomAttribute").Single(a => a.Attribute("tag")!.Value == tag);
}
