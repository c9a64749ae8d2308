using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Dokuei.Dicom;

/// <summary>What the DICOM JSON and XML writers share: which elements to write, how values split, how bulk data streams.</summary>
internal static class DicomWebModel
{
    /// <summary>Bytes read per chunk when streaming a value: a multiple of 3 so base64 chunks join without carry.</summary>
    internal const int ChunkSize = 48 * 1024;

    private const ushort ItemGroup = 0xFFFE;

    /// <summary>
    /// The elements of one dataset in tag order, as both models require. A dataset read from a file may be out of order
    /// (it keeps file order to write back byte for byte); then it is sorted here, and of duplicate tags the last is kept, as pydicom does.
    /// </summary>
    internal static IReadOnlyList<DicomElement> ElementsToWrite(DicomDataset dataset, DicomWebWriterOptions options)
    {
        var list = new List<DicomElement>(dataset.Count);
        var sorted = true;
        foreach (var element in dataset)
        {
            if (list.Count > 0 && list[^1].Tag >= element.Tag)
            {
                sorted = false;
            }

            if ((options.IncludeGroupLengths || !element.Tag.IsGroupLength) && (options.IncludeFileMetaInformation || element.Tag.Group != 0x0002))
            {
                list.Add(element);
            }
        }

        if (sorted)
        {
            return list;
        }

        // OrderBy is stable: of equal tags the last in file order stays last.
        var ordered = list.OrderBy(e => e.Tag).ToList();
        var result = new List<DicomElement>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i + 1 == ordered.Count || ordered[i + 1].Tag != ordered[i].Tag)
            {
                result.Add(ordered[i]);
            }
        }

        return result;
    }

    /// <summary>
    /// True for values written as InlineBinary or BulkDataURI: OB, OD, OF, OL, OV, OW, UN, and what is written as UN
    /// (VRs we do not know, and SQ bytes that were not parsed into items).
    /// </summary>
    internal static bool IsOctetStream(DicomVR vr) => vr.IsBulkDataCandidate || !vr.IsKnown || vr == DicomVR.SQ;

    /// <summary>The VR to write: SQ for every sequence (also UN holding one), UN for VRs we do not know.</summary>
    internal static string VRName(DicomElement element) => element switch
    {
        DicomSequence => "SQ",
        _ when !element.VR.IsKnown || element.VR == DicomVR.SQ => "UN",
        _ => element.VR.ToString(),
    };

    /// <summary>
    /// Length of encapsulated pixel data as one byte stream: each item's tag and length followed by its bytes, without the
    /// sequence delimiter. This is the value pydicom holds for encapsulated Pixel Data and writes as InlineBinary.
    /// </summary>
    internal static long EncapsulatedLength(DicomFragmentSequence fragments)
    {
        var length = 8 + fragments.BasicOffsetTable.Length;
        foreach (var fragment in fragments.Fragments)
        {
            length += 8 + fragment.Length;
        }

        return length;
    }

    /// <summary>Writes the chunks of a value to <paramref name="sink"/> in bounded memory; a value left in its file is read piece by piece.</summary>
    internal static IEnumerable<int> StreamValue(DicomBuffer buffer, byte[] scratch, Action<ReadOnlyMemory<byte>> sink)
    {
        if (buffer.IsInMemory)
        {
            var memory = buffer.Memory;
            for (var offset = 0; offset < memory.Length; offset += ChunkSize)
            {
                sink(memory.Slice(offset, Math.Min(ChunkSize, memory.Length - offset)));
                yield return 0;
            }

            yield break;
        }

        for (long offset = 0; offset < buffer.Length;)
        {
            var n = buffer.Read(offset, scratch.AsSpan(0, (int)Math.Min(scratch.Length, buffer.Length - offset)));
            if (n == 0)
            {
                throw new EndOfStreamException("The file holding this value is shorter than when it was read.");
            }

            sink(scratch.AsMemory(0, n));
            offset += n;
            yield return 0;
        }
    }

    /// <summary>Writes encapsulated pixel data as the byte stream of <see cref="EncapsulatedLength"/>.</summary>
    internal static IEnumerable<int> StreamEncapsulated(DicomFragmentSequence fragments, byte[] scratch, Action<ReadOnlyMemory<byte>> sink)
    {
        foreach (var item in fragments.Fragments.Prepend(fragments.BasicOffsetTable))
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(header, ItemGroup);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), DicomTag.Item.Element);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), checked((uint)item.Length));
            sink(header);
            foreach (var step in StreamValue(item, scratch, sink))
            {
                yield return step;
            }
        }
    }

    /// <summary>
    /// The text of a string value decoded with the dataset's character set, without trailing padding (spaces and NULs); empty if none.
    /// </summary>
    internal static string DecodeText(DicomDataset dataset, DicomValueElement element)
    {
        if (element.Length == 0)
        {
            return "";
        }

        return dataset.CharacterSet.Decode(element.Span, element.VR).TrimEnd(' ', '\0');
    }

    /// <summary>
    /// Splits a decoded string value (already without trailing padding) into its values at backslashes, unless the VR is
    /// single-valued (LT, ST, UT, UR); empty values are null (PS3.18 F.2.5). As pydicom does, SH, LO, UC and PN values
    /// each lose trailing spaces, while values of the other VRs (CS, AE, DA, UI...) are kept as they are: "DERIVED \PRIMARY"
    /// gives "DERIVED " (PS3.5 makes those spaces insignificant, so either is right; this one compares equal to pydicom).
    /// </summary>
    internal static string?[] SplitValues(string text, DicomVR vr)
    {
        if (vr.IsSingleValued)
        {
            return [text];
        }

        var parts = text.Split('\\');
        var values = new string?[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var value = vr.IsCharacterSetSensitive ? parts[i].TrimEnd(' ', '\0') : parts[i];
            values[i] = value.Length == 0 ? null : value;
        }

        return values;
    }

    /// <summary>Size of one binary value: 4 for AT (two 16-bit numbers), else the VR's number size.</summary>
    internal static int ValueSize(DicomVR vr) => vr == DicomVR.AT ? 4 : vr.ByteSwapUnit;

    /// <summary>An AT value as DICOM JSON and XML write it: "GGGGEEEE".</summary>
    internal static string FormatAttributeTag(ReadOnlySpan<byte> value) =>
        new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(value), BinaryPrimitives.ReadUInt16LittleEndian(value[2..])).ToJsonKey();

    /// <summary>
    /// Turns a DS or IS value into the text of a JSON number without changing its digits: drops a leading '+' and leading
    /// zeros, adds the digit JSON needs around a bare '.', so " 12" is 12, "+5" is 5, ".5" is 0.5 and "1e3" stays 1e3.
    /// Returns null if the text is not a decimal number (then it is written as a JSON string, PS3.18 Table F.2.3-1).
    /// </summary>
    internal static string? ToJsonNumber(ReadOnlySpan<char> text)
    {
        text = text.Trim(' ');
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integer = text[integerStart..i];
        var fraction = ReadOnlySpan<char>.Empty;
        if (i < text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fraction = text[fractionStart..i];
        }

        if (integer.IsEmpty && fraction.IsEmpty)
        {
            return null;
        }

        var exponent = ReadOnlySpan<char>.Empty;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var exponentStart = i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var digits = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return null;
            }

            exponent = text[exponentStart..i];
        }

        if (i != text.Length)
        {
            return null;
        }

        integer = integer.TrimStart('0');
        var json = new StringBuilder(text.Length + 2);
        if (negative)
        {
            json.Append('-');
        }

        json.Append(integer.IsEmpty ? "0" : integer);
        if (!fraction.IsEmpty)
        {
            json.Append('.').Append(fraction);
        }

        return json.Append(exponent).ToString();
    }

    /// <summary>A float that JSON cannot hold as a number (NaN, ±infinity) as the string .NET and Python name it by.</summary>
    internal static string NonFiniteName(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    /// <summary>Recognises the DS spellings of NaN and infinity that pydicom (Python's float) accepts: nan, inf, infinity, any case, signed.</summary>
    internal static bool TryParseNonFinite(string text, out double value)
    {
        var t = text.Trim(' ').ToUpperInvariant();
        var negative = t.StartsWith('-');
        t = t.TrimStart('+', '-');
        value = t switch
        {
            "NAN" => double.NaN,
            "INF" or "INFINITY" => negative ? double.NegativeInfinity : double.PositiveInfinity,
            _ => 0,
        };
        return !double.IsFinite(value);
    }
}

/// <summary>The path of the element being written or read, kept as a stack and formatted only when needed.</summary>
internal sealed class DicomAttributePathBuilder
{
    private readonly List<(DicomTag Sequence, int Item)> _steps = [];

    /// <summary>Enters item <paramref name="item"/> (from 0) of the sequence <paramref name="sequence"/>.</summary>
    public void Push(DicomTag sequence, int item) => _steps.Add((sequence, item));

    /// <summary>Leaves the innermost item.</summary>
    public void Pop() => _steps.RemoveAt(_steps.Count - 1);

    /// <summary>The path of <paramref name="leaf"/> in the current item, e.g. <c>/(0040,A730)/0/(0008,0100)</c>.</summary>
    public string Format(DicomTag? leaf)
    {
        var text = new StringBuilder();
        foreach (var (sequence, item) in _steps)
        {
            text.Append('/').Append(sequence.ToString()).Append('/').Append(item.ToString(CultureInfo.InvariantCulture));
        }

        if (leaf is { } tag)
        {
            text.Append('/').Append(tag.ToString());
        }

        return text.ToString();
    }
}
