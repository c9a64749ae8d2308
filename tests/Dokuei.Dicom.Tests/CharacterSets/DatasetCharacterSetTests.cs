using static Dokuei.Dicom.Tests.CharacterSets.Bytes;

namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>The character set as the dataset uses it: from its own (0008,0005), for setting and reading values.</summary>
public class DatasetCharacterSetTests
{
    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);

    [Fact]
    public void Japanese_name_set_on_a_dataset_is_written_as_example_h_3_2_and_read_back_by_component_group()
    {
        var dataset = new DicomDataset();
        dataset.SetString(SpecificCharacterSet, DicomVR.CS, "ISO 2022 IR 13", "ISO 2022 IR 87");
        dataset.SetString(PatientName, DicomVR.PN, "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");

        var element = (DicomValueElement)dataset[PatientName]!;
        var name = dataset.GetPersonName(PatientName)!;

        Assert.Equal(
            ToHex(Hex("d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d" +
                " 1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a")),
            ToHex(element.Span.ToArray()));
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ", name.Alphabetic);
        Assert.Equal("山田^太郎", name.Ideographic);
        Assert.Equal("やまだ^たろう", name.Phonetic);
    }

    [Fact]
    public void Multi_valued_korean_name_reads_each_value()
    {
        var dataset = new DicomDataset();
        dataset.SetString(SpecificCharacterSet, DicomVR.CS, "", "ISO 2022 IR 149");
        dataset.SetString(PatientName, DicomVR.PN, "Hong^Gildong=洪^吉洞=홍^길동", "김희중");

        Assert.Equal(["Hong^Gildong=洪^吉洞=홍^길동", "김희중"], dataset.GetStrings(PatientName));
        Assert.Equal("김희중", dataset.GetPersonName(PatientName, 1)!.Alphabetic);
    }
}
