using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dokuei.Dicom.Tests.Web;

/// <summary>Datasets built in memory (the Part 10 reader is not used) and helpers to compare DICOM JSON.</summary>
internal static class DicomWebTestData
{
    public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    public static readonly DicomTag ImageType = new(0x0008, 0x0008);
    public static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    public static readonly DicomTag StudyDate = new(0x0008, 0x0020);
    public static readonly DicomTag StudyDescription = new(0x0008, 0x1030);
    public static readonly DicomTag PatientName = new(0x0010, 0x0010);
    public static readonly DicomTag OtherPatientNames = new(0x0010, 0x1001);
    public static readonly DicomTag PatientComments = new(0x0010, 0x4000);
    public static readonly DicomTag SliceThickness = new(0x0018, 0x0050);
    public static readonly DicomTag InstanceNumber = new(0x0020, 0x0013);
    public static readonly DicomTag DimensionIndexPointer = new(0x0020, 0x9165);
    public static readonly DicomTag Rows = new(0x0028, 0x0010);
    public static readonly DicomTag SmallestPixelValue = new(0x0028, 0x0106);
    public static readonly DicomTag ContentSequence = new(0x0040, 0xA730);
    public static readonly DicomTag ConceptNameCodeSequence = new(0x0040, 0xA043);
    public static readonly DicomTag CodeValue = new(0x0008, 0x0100);
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    public static DicomDataset Dataset(params DicomElement[] elements)
    {
        var dataset = new DicomDataset();
        foreach (var element in elements)
        {
            dataset.Set(element);
        }

        return dataset;
    }

    public static DicomValueElement Element(DicomTag tag, DicomVR vr, params byte[] bytes) => new(tag, vr, bytes);

    public static DicomValueElement Text(DicomTag tag, DicomVR vr, string latin1) => new(tag, vr, System.Text.Encoding.Latin1.GetBytes(latin1));

    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + seed);
        }

        return bytes;
    }

    public static byte[] UInt16s(params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }

    /// <summary>The encapsulated byte stream of items: FFFE,E000 + length + bytes for each, no delimiter.</summary>
    public static byte[] ItemStream(params byte[][] items)
    {
        var stream = new MemoryStream();
        foreach (var item in items)
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(header, 0xFFFE);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0xE000);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)item.Length);
            stream.Write(header);
            stream.Write(item);
        }

        return stream.ToArray();
    }

    public static JsonElement Json(DicomDataset dataset, DicomWebWriterOptions? options = null) =>
        JsonDocument.Parse(DicomJsonWriter.Serialize(dataset, options)).RootElement.Clone();

    /// <summary>Asserts that two JSON texts are the same JSON (numbers by value, key order ignored).</summary>
    public static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nActual   {actual}");

    public static void AssertJsonEqual(string expected, JsonElement actual) => AssertJsonEqual(expected, actual.GetRawText());

    /// <summary>Asserts two datasets hold the same elements with the same value bytes, recursively.</summary>
    public static void AssertSameValues(DicomDataset expected, DicomDataset actual)
    {
        Assert.Equal(expected.Select(e => e.Tag), actual.Select(e => e.Tag));
        foreach (var e in expected)
        {
            var a = actual[e.Tag]!;
            Assert.Equal(e.VR, a.VR);
            switch (e)
            {
                case DicomValueElement value:
                    Assert.Equal(value.Span.ToArray(), Assert.IsType<DicomValueElement>(a).Span.ToArray());
                    break;
                case DicomSequence sequence:
                    var other = Assert.IsType<DicomSequence>(a);
                    Assert.Equal(sequence.Items.Count, other.Items.Count);
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        AssertSameValues(sequence.Items[i], other.Items[i]);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    var otherFragments = Assert.IsType<DicomFragmentSequence>(a);
                    Assert.Equal(fragments.BasicOffsetTable.Memory.ToArray(), otherFragments.BasicOffsetTable.Memory.ToArray());
                    Assert.Equal(fragments.Fragments.Select(f => f.Memory.ToArray()), otherFragments.Fragments.Select(f => f.Memory.ToArray()));
                    break;
            }
        }
    }
}

/// <summary>A value "left in a file": Memory throws, so a test fails if anything loads it whole; Read serves chunks and counts bytes.</summary>
internal sealed class UnloadableBuffer(long length, bool readable = false) : DicomBuffer
{
    public long BytesRead { get; private set; }

    public override long Length => length;

    public override bool IsInMemory => false;

    public override ReadOnlyMemory<byte> Memory => throw new InvalidOperationException("The large value was loaded into memory.");

    public override int Read(long offset, Span<byte> destination)
    {
        if (!readable)
        {
            throw new InvalidOperationException("The large value was read.");
        }

        var n = (int)Math.Min(destination.Length, length - offset);
        for (var i = 0; i < n; i++)
        {
            destination[i] = (byte)((offset + i) * 7);
        }

        BytesRead += n;
        return n;
    }
}
