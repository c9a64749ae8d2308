using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Dokuei.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>
    /// The whole value as a string: string VRs decoded with the dataset's character set and trailing padding removed;
    /// numbers and AT formatted and joined with backslashes. Null if absent or a sequence.
    /// </summary>
    public string? GetString(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement value)
        {
            return null;
        }

        if (value.VR.IsString)
        {
            return TrimEnd(CharacterSet.Decode(value.Span, value.VR), value.VR);
        }

        var values = GetStrings(tag);
        return string.Join('\\', values);
    }

    /// <summary>The values of a multi-valued element as strings (split at backslashes, trimmed as PS3.5 allows); empty if absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement value || value.Length == 0)
        {
            return [];
        }

        var vr = value.VR;
        if (vr.IsString)
        {
            var text = CharacterSet.Decode(value.Span, vr);
            if (vr.IsSingleValued)
            {
                return [TrimEnd(text, vr)];
            }

            var parts = text.Split('\\');
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = vr == DicomVR.PN ? TrimEnd(parts[i], vr) : parts[i].Trim(' ', '\0');
            }

            return parts;
        }

        return FormatBinary(value.Span, vr);
    }

    /// <summary>The number of values (strings split at backslashes, binary values by their size).</summary>
    public int GetValueCount(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element))
        {
            return 0;
        }

        return element switch
        {
            DicomSequence sequence => sequence.Items.Count,
            DicomValueElement { Length: 0 } => 0,
            DicomValueElement { VR.IsString: true } value => value.VR.IsSingleValued ? 1 : value.Span.Count((byte)'\\') + 1,
            DicomValueElement value when value.VR.IsBulkDataCandidate => 1,
            DicomValueElement value => (int)(value.Length / Math.Max(1, value.VR == DicomVR.AT ? 4 : value.VR.ByteSwapUnit)),
            _ => 1,
        };
    }

    /// <summary>A value as a 32-bit integer: US, SS, UL, SL, SV, UV, IS, or an integral DS.</summary>
    public bool TryGetInt32(DicomTag tag, out int value, int index = 0)
    {
        value = 0;
        if (TryGetInt64(tag, out var wide, index) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        return false;
    }

    /// <summary>A value as an unsigned 16-bit integer (US, or any integer in range).</summary>
    public bool TryGetUInt16(DicomTag tag, out ushort value, int index = 0)
    {
        value = 0;
        if (TryGetInt64(tag, out var wide, index) && wide is >= 0 and <= ushort.MaxValue)
        {
            value = (ushort)wide;
            return true;
        }

        return false;
    }

    /// <summary>A value as a 64-bit integer (UV values above long.MaxValue are not returned).</summary>
    public bool TryGetInt64(DicomTag tag, out long value, int index = 0)
    {
        value = 0;
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement item || index < 0)
        {
            return false;
        }

        var span = item.Span;
        var vr = item.VR;
        if (vr == DicomVR.US || vr == DicomVR.OW)
        {
            return TryRead(span, index, 2, out value, static s => BinaryPrimitives.ReadUInt16LittleEndian(s));
        }

        if (vr == DicomVR.SS)
        {
            return TryRead(span, index, 2, out value, static s => BinaryPrimitives.ReadInt16LittleEndian(s));
        }

        if (vr == DicomVR.UL || vr == DicomVR.OL)
        {
            return TryRead(span, index, 4, out value, static s => BinaryPrimitives.ReadUInt32LittleEndian(s));
        }

        if (vr == DicomVR.SL)
        {
            return TryRead(span, index, 4, out value, static s => BinaryPrimitives.ReadInt32LittleEndian(s));
        }

        if (vr == DicomVR.SV)
        {
            return TryRead(span, index, 8, out value, static s => BinaryPrimitives.ReadInt64LittleEndian(s));
        }

        if (vr == DicomVR.UV || vr == DicomVR.OV)
        {
            if ((index + 1) * 8 > span.Length || BinaryPrimitives.ReadUInt64LittleEndian(span[(index * 8)..]) > long.MaxValue)
            {
                return false;
            }

            value = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(index * 8)..]);
            return true;
        }

        if (vr == DicomVR.IS || vr == DicomVR.DS)
        {
            var strings = GetStrings(tag);
            if (index >= strings.Length)
            {
                return false;
            }

            if (long.TryParse(strings[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
            {
                return true;
            }

            if (double.TryParse(strings[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e18)
            {
                value = (long)d;
                return true;
            }
        }

        return false;
    }

    /// <summary>A value as a double: FL, FD, OF, OD, DS, IS, or any integer VR.</summary>
    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        value = 0;
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement item || index < 0)
        {
            return false;
        }

        var span = item.Span;
        var vr = item.VR;
        if (vr == DicomVR.FL || vr == DicomVR.OF)
        {
            if ((index + 1) * 4 > span.Length)
            {
                return false;
            }

            value = BinaryPrimitives.ReadSingleLittleEndian(span[(index * 4)..]);
            return true;
        }

        if (vr == DicomVR.FD || vr == DicomVR.OD)
        {
            if ((index + 1) * 8 > span.Length)
            {
                return false;
            }

            value = BinaryPrimitives.ReadDoubleLittleEndian(span[(index * 8)..]);
            return true;
        }

        if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            var strings = GetStrings(tag);
            return index < strings.Length && double.TryParse(strings[index], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        if (TryGetInt64(tag, out var integer, index))
        {
            value = integer;
            return true;
        }

        return false;
    }

    /// <summary>A DA value (YYYYMMDD, or the old YYYY.MM.DD) as a date.</summary>
    public bool TryGetDate(DicomTag tag, out DateOnly date, int index = 0)
    {
        date = default;
        var values = GetStrings(tag);
        return index < values.Length && DicomDateTime.TryParseDate(values[index], out date);
    }

    /// <summary>A DT value, or a DA value combined with the TM value of <paramref name="timeTag"/> if given, as a date and time.</summary>
    public bool TryGetDateTime(DicomTag tag, out DateTimeOffset value, DicomTag? timeTag = null)
    {
        value = default;
        if (!TryGetElement(tag, out var element))
        {
            return false;
        }

        var text = GetStrings(tag).FirstOrDefault() ?? "";
        if (element.VR == DicomVR.DT)
        {
            return DicomDateTime.TryParseDateTime(text, out value);
        }

        if (!DicomDateTime.TryParseDate(text, out var date))
        {
            return false;
        }

        var time = TimeOnly.MinValue;
        if (timeTag is { } t && GetStrings(t).FirstOrDefault() is { } timeText && !DicomDateTime.TryParseTime(timeText, out time))
        {
            return false;
        }

        value = new DateTimeOffset(date.ToDateTime(time), TimeSpan.Zero);
        return true;
    }

    /// <summary>A PN value with its alphabetic, ideographic and phonetic component groups; null if absent.</summary>
    public DicomPersonName? GetPersonName(DicomTag tag, int index = 0)
    {
        var values = GetStrings(tag);
        return index < values.Length ? DicomPersonName.Parse(values[index]) : null;
    }

    /// <summary>The sequence with the tag, or null.</summary>
    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    /// <summary>Sets a string value; the VR comes from the dictionary. Multiple values are joined with backslashes.</summary>
    public void SetString(DicomTag tag, params string[] values) => SetString(tag, DicomDictionary.GetVR(tag), values);

    /// <summary>Sets a string value of the given VR, encoded in this dataset's character set and padded to even length.</summary>
    public void SetString(DicomTag tag, DicomVR vr, params string[] values)
    {
        if (vr.IsBinary)
        {
            SetBinaryFromStrings(tag, vr, values);
            return;
        }

        var text = string.Join('\\', values);
        byte[] bytes;
        if (tag == DicomTag.SpecificCharacterSetTag)
        {
            bytes = Encoding.ASCII.GetBytes(text);
        }
        else
        {
            bytes = CharacterSet.Encode(text, vr);
        }

        Set(new DicomValueElement(tag, vr, Pad(bytes, vr.PaddingByte)));
    }

    /// <summary>Sets US values.</summary>
    public void SetUInt16(DicomTag tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        Set(new DicomValueElement(tag, DicomVR.US, bytes));
    }

    /// <summary>Sets UL values.</summary>
    public void SetUInt32(DicomTag tag, params uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        Set(new DicomValueElement(tag, DicomVR.UL, bytes));
    }

    /// <summary>Sets a binary value of the given VR (bytes little endian; padded to even length with NUL).</summary>
    public void SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) =>
        Set(new DicomValueElement(tag, vr, bytes.Length % 2 == 1 ? Pad(bytes.ToArray(), 0) : bytes));

    /// <summary>Sets a sequence with the given items.</summary>
    public DicomSequence SetSequence(DicomTag tag, params DicomDataset[] items)
    {
        var sequence = new DicomSequence(tag, items);
        Set(sequence);
        return sequence;
    }

    internal static string TrimEnd(string text, DicomVR vr) =>
        vr == DicomVR.UI ? text.TrimEnd('\0', ' ') : text.TrimEnd(' ', '\0');

    private static byte[] Pad(byte[] bytes, byte padding)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = padding;
        return padded;
    }

    private void SetBinaryFromStrings(DicomTag tag, DicomVR vr, string[] values)
    {
        var unit = vr == DicomVR.AT ? 4 : vr.ByteSwapUnit;
        var bytes = new byte[values.Length * unit];
        for (var i = 0; i < values.Length; i++)
        {
            var s = bytes.AsSpan(i * unit);
            var text = values[i].Trim();
            var ok = true;
            switch (vr.Code)
            {
                case 0x5553: ok = ushort.TryParse(text, CultureInfo.InvariantCulture, out var us); BinaryPrimitives.WriteUInt16LittleEndian(s, us); break;
                case 0x5353: ok = short.TryParse(text, CultureInfo.InvariantCulture, out var ss); BinaryPrimitives.WriteInt16LittleEndian(s, ss); break;
                case 0x554C: ok = uint.TryParse(text, CultureInfo.InvariantCulture, out var ul); BinaryPrimitives.WriteUInt32LittleEndian(s, ul); break;
                case 0x534C: ok = int.TryParse(text, CultureInfo.InvariantCulture, out var sl); BinaryPrimitives.WriteInt32LittleEndian(s, sl); break;
                case 0x5356: ok = long.TryParse(text, CultureInfo.InvariantCulture, out var sv); BinaryPrimitives.WriteInt64LittleEndian(s, sv); break;
                case 0x5556: ok = ulong.TryParse(text, CultureInfo.InvariantCulture, out var uv); BinaryPrimitives.WriteUInt64LittleEndian(s, uv); break;
                case 0x464C: ok = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fl); BinaryPrimitives.WriteSingleLittleEndian(s, fl); break;
                case 0x4644: ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fd); BinaryPrimitives.WriteDoubleLittleEndian(s, fd); break;
                case 0x4154:
                    ok = DicomTag.TryParse(text, out var at);
                    BinaryPrimitives.WriteUInt16LittleEndian(s, at.Group);
                    BinaryPrimitives.WriteUInt16LittleEndian(s[2..], at.Element);
                    break;
                default:
                    throw new ArgumentException($"{vr} values cannot be set from text; use SetBytes.", nameof(vr));
            }

            if (!ok)
            {
                throw new FormatException($"'{values[i]}' is not a valid {vr} value for {tag}.");
            }
        }

        Set(new DicomValueElement(tag, vr, bytes));
    }

    private static bool TryRead(ReadOnlySpan<byte> span, int index, int size, out long value, ReadNumber read)
    {
        value = 0;
        if ((index + 1) * size > span.Length)
        {
            return false;
        }

        value = read(span.Slice(index * size, size));
        return true;
    }

    private delegate long ReadNumber(ReadOnlySpan<byte> span);

    internal static string[] FormatBinary(ReadOnlySpan<byte> span, DicomVR vr)
    {
        var unit = vr == DicomVR.AT ? 4 : vr.ByteSwapUnit;
        if (vr.IsBulkDataCandidate && vr != DicomVR.OF && vr != DicomVR.OD && vr != DicomVR.OL && vr != DicomVR.OV && vr != DicomVR.OW || unit == 1)
        {
            return [Convert.ToHexString(span)];
        }

        var count = span.Length / unit;
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var s = span.Slice(i * unit, unit);
            result[i] = vr.Code switch
            {
                0x5553 or 0x4F57 => BinaryPrimitives.ReadUInt16LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                0x5353 => BinaryPrimitives.ReadInt16LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                0x554C or 0x4F4C => BinaryPrimitives.ReadUInt32LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                0x534C => BinaryPrimitives.ReadInt32LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                0x5356 => BinaryPrimitives.ReadInt64LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                0x5556 or 0x4F56 => BinaryPrimitives.ReadUInt64LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                0x464C or 0x4F46 => BinaryPrimitives.ReadSingleLittleEndian(s).ToString("R", CultureInfo.InvariantCulture),
                0x4644 or 0x4F44 => BinaryPrimitives.ReadDoubleLittleEndian(s).ToString("R", CultureInfo.InvariantCulture),
                0x4154 => new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..])).ToJsonKey(),
                _ => Convert.ToHexString(s),
            };
        }

        return result;
    }
}
