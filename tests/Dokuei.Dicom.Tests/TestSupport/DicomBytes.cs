using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Dokuei.Dicom.IO;

namespace Dokuei.Dicom.Tests.TestSupport;

/// <summary>
/// Builds DICOM bytes by hand, element by element, so tests can make encodings our writer never produces
/// (defined lengths, faulty headers, odd lengths, truncations).
/// </summary>
internal sealed class DicomBytes(bool explicitVR = true, bool bigEndian = false)
{
    public static DicomBytes ExplicitLittle { get; } = new();

    public static DicomBytes ImplicitLittle { get; } = new(explicitVR: false);

    public static DicomBytes ExplicitBig { get; } = new(bigEndian: true);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>An element; <paramref name="value"/> is already in the byte order of the encoding.</summary>
    public byte[] Element(uint tag, string vr, byte[] value) => Concat(Header(tag, vr, (uint)value.Length), value);

    public byte[] Element(uint tag, string vr, string value) => Element(tag, vr, Ascii(value));

    public byte[] UInt16(uint tag, ushort value)
    {
        var bytes = new byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }

        return Element(tag, "US", bytes);
    }

    /// <summary>An element header with an implicit VR layout (tag, 32-bit length) whatever the encoding.</summary>
    public byte[] ImplicitElement(uint tag, byte[] value) => Concat(Tag(tag), UInt32((uint)value.Length), value);

    public byte[] Header(uint tag, string vr, uint length)
    {
        if (!explicitVR)
        {
            return Concat(Tag(tag), UInt32(length));
        }

        var v = DicomVR.Parse(vr);
        return v.Uses32BitLength
            ? Concat(Tag(tag), Ascii(vr), [0, 0], UInt32(length))
            : Concat(Tag(tag), Ascii(vr), UInt16Bytes((ushort)length));
    }

    public byte[] Sequence(uint tag, bool definedLength, params byte[][] items) => Sequence(tag, "SQ", definedLength, items);

    public byte[] Sequence(uint tag, string vr, bool definedLength, params byte[][] items)
    {
        var content = Concat(items);
        return definedLength
            ? Concat(Header(tag, vr, (uint)content.Length), content)
            : Concat(Header(tag, vr, uint.MaxValue), content, Delimiter(0xFFFEE0DD, 0));
    }

    public byte[] Item(bool definedLength, params byte[][] elements)
    {
        var content = Concat(elements);
        return definedLength
            ? Concat(Delimiter(0xFFFEE000, (uint)content.Length), content)
            : Concat(Delimiter(0xFFFEE000, uint.MaxValue), content, Delimiter(0xFFFEE00D, 0));
    }

    /// <summary>Encapsulated pixel data: offset table item, fragments, sequence delimiter.</summary>
    public byte[] Fragments(uint tag, byte[] offsetTable, params byte[][] fragments) =>
        Concat(Header(tag, "OB", uint.MaxValue), Delimiter(0xFFFEE000, (uint)offsetTable.Length), offsetTable,
            Concat([.. fragments.Select(f => Concat(Delimiter(0xFFFEE000, (uint)f.Length), f))]), Delimiter(0xFFFEE0DD, 0));

    public byte[] Delimiter(uint tag, uint length) => Concat(Tag(tag), UInt32(length));

    public byte[] Tag(uint tag) => Concat(UInt16Bytes((ushort)(tag >> 16)), UInt16Bytes((ushort)tag));

    public byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }

        return bytes;
    }

    public byte[] UInt16Bytes(ushort value)
    {
        var bytes = new byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }

        return bytes;
    }

    /// <summary>File meta information (explicit VR little endian) with a correct group length; no transfer syntax if <paramref name="transferSyntaxUid"/> is null.</summary>
    public static byte[] Meta(string? transferSyntaxUid)
    {
        var e = ExplicitLittle;
        var body = Concat(
            e.Element(0x00020001, "OB", [0, 1]),
            e.Element(0x00020002, "UI", Pad("1.2.840.10008.5.1.4.1.1.7", 0)),
            e.Element(0x00020003, "UI", Pad("1.2.826.0.1.3680043.10.999.7.1", 0)),
            transferSyntaxUid == null ? [] : e.Element(0x00020010, "UI", Pad(transferSyntaxUid, 0)));
        return Concat(e.Element(0x00020000, "UL", BitConverter.GetBytes((uint)body.Length)), body);
    }

    /// <summary>Preamble, "DICM", meta and the dataset bytes (deflated here if the syntax says so).</summary>
    public static byte[] Part10(TransferSyntax transferSyntax, byte[] dataset) =>
        Concat(new byte[128], Ascii("DICM"), Meta(transferSyntax.Uid), transferSyntax.IsDeflated ? Deflate(dataset) : dataset);

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Pad(string text, byte padding)
    {
        var bytes = Ascii(text);
        return bytes.Length % 2 == 0 ? bytes : [.. bytes, padding];
    }
}

/// <summary>Reading and writing files in memory.</summary>
internal static class DicomFiles
{
    public static DicomFile Read(byte[] bytes, DicomReaderOptions? options = null) =>
        DicomFileReader.ReadAsync(new MemoryStream(bytes, writable: false), options).GetAwaiter().GetResult();

    public static byte[] Write(DicomFile file, TransferSyntax? transferSyntax = null)
    {
        using var stream = new MemoryStream();
        DicomFileWriter.Write(file, stream, transferSyntax);
        return stream.ToArray();
    }

    /// <summary>Bytes of the dataset alone in an encoding, as our writer makes them.</summary>
    public static byte[] WriteDataset(DicomDataset dataset, TransferSyntax transferSyntax)
    {
        using var stream = new MemoryStream();
        new DicomDatasetWriter(transferSyntax, preserveEncoding: false).Write(dataset, stream);
        return stream.ToArray();
    }

    /// <summary>A temporary file deleted on dispose.</summary>
    public static TempFile WriteTemp(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), "dokuei-io-" + Guid.NewGuid().ToString("N") + ".dcm");
        File.WriteAllBytes(path, bytes);
        return new TempFile(path);
    }
}

internal sealed class TempFile(string path) : IDisposable
{
    public string Path => path;

    public void Dispose() => File.Delete(path);
}
