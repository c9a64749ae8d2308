using System.Globalization;

namespace Dokuei.Dicom;

/// <summary>A DICOM attribute tag: group and element number (PS3.5 section 7.1).</summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    /// <summary>Creates a tag from its group and element numbers.</summary>
    public DicomTag(ushort group, ushort element) => Value = (uint)(group << 16 | element);

    /// <summary>Creates a tag from its 32-bit value (group in the high half).</summary>
    public DicomTag(uint value) => Value = value;

    /// <summary>The tag as one 32-bit number, group in the high 16 bits.</summary>
    public uint Value { get; }

    /// <summary>Group number.</summary>
    public ushort Group => (ushort)(Value >> 16);

    /// <summary>Element number.</summary>
    public ushort Element => (ushort)Value;

    /// <summary>True for tags of odd groups (other than 0001, 0003, 0005, 0007 and FFFF, which are not allowed).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>True for a private creator element (gggg,0010-00FF) of an odd group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>True for group length elements (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0 && Group != 0xFFFE;

    /// <summary>For a private data element (gggg,xxyy with xx in 10..FF), the tag of its private creator (gggg,00xx).</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    /// <summary>Item (FFFE,E000).</summary>
    public static DicomTag Item => new(0xFFFEE000);

    /// <summary>Item Delimitation Item (FFFE,E00D).</summary>
    public static DicomTag ItemDelimitationItem => new(0xFFFEE00D);

    /// <summary>Sequence Delimitation Item (FFFE,E0DD).</summary>
    public static DicomTag SequenceDelimitationItem => new(0xFFFEE0DD);

    /// <summary>Parses "(gggg,eeee)", "gggg,eeee" or "ggggeeee".</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomTag tag)
    {
        tag = default;
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1];
        }

        Span<char> digits = stackalloc char[8];
        var n = 0;
        foreach (var c in text)
        {
            if (c == ',')
            {
                continue;
            }

            if (n == 8 || !char.IsAsciiHexDigit(c))
            {
                return false;
            }

            digits[n++] = c;
        }

        if (n != 8 || !uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        tag = new DicomTag(value);
        return true;
    }

    /// <summary>Parses a tag; throws <see cref="FormatException"/> if the text is not a tag.</summary>
    public static DicomTag Parse(string text) =>
        TryParse(text, out var tag) ? tag : throw new FormatException($"'{text}' is not a DICOM tag (expected (gggg,eeee) or ggggeeee).");

    /// <inheritdoc/>
    public bool Equals(DicomTag other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Value;

    /// <inheritdoc/>
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>"(gggg,eeee)" in upper-case hexadecimal, as the standard writes tags.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");

    /// <summary>"GGGGEEEE", the form DICOM JSON uses as keys.</summary>
    public string ToJsonKey() => Value.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(DicomTag left, DicomTag right) => left.Value == right.Value;

    /// <summary>Inequality.</summary>
    public static bool operator !=(DicomTag left, DicomTag right) => left.Value != right.Value;

    /// <summary>Ordering by group then element.</summary>
    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    /// <summary>Ordering by group then element.</summary>
    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    /// <summary>Ordering by group then element.</summary>
    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    /// <summary>Ordering by group then element.</summary>
    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}

/// <summary>Tags the library itself needs, independent of the generated dictionary.</summary>
public readonly partial struct DicomTag
{
    internal static DicomTag SpecificCharacterSetTag => new(0x00080005);

    internal static DicomTag TransferSyntaxUidTag => new(0x00020010);

    internal static DicomTag PixelDataTag => new(0x7FE00010);
}
