namespace Dokuei.Dicom;

/// <summary>A DICOM value representation (PS3.5 section 6.2), stored as its two ASCII characters.</summary>
public readonly struct DicomVR : IEquatable<DicomVR>
{
    private DicomVR(ushort code) => Code = code;

    /// <summary>The two characters as a big-endian 16-bit number ('A' &lt;&lt; 8 | 'E' for AE), as they appear on the wire.</summary>
    public ushort Code { get; }

    /// <summary>Makes a VR from its two bytes as read from a stream; any bytes are accepted, check <see cref="IsKnown"/>.</summary>
    public static DicomVR FromBytes(byte first, byte second) => new((ushort)(first << 8 | second));

    /// <summary>Parses a two-letter VR name.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomVR vr)
    {
        vr = default;
        if (text.Length != 2 || !char.IsAsciiLetterUpper(text[0]) || !char.IsAsciiLetterUpper(text[1]))
        {
            return false;
        }

        vr = new DicomVR((ushort)(text[0] << 8 | text[1]));
        return vr.IsKnown;
    }

    /// <summary>Parses a two-letter VR name; throws <see cref="FormatException"/> for anything else.</summary>
    public static DicomVR Parse(string text) => TryParse(text, out var vr) ? vr : throw new FormatException($"'{text}' is not a DICOM VR.");

#pragma warning disable CS1591 // The VR names are the standard's own; a summary per VR would only repeat PS3.5 Table 6.2-1.
    public static DicomVR None => default;
    public static DicomVR AE => new(0x4145);
    public static DicomVR AS => new(0x4153);
    public static DicomVR AT => new(0x4154);
    public static DicomVR CS => new(0x4353);
    public static DicomVR DA => new(0x4441);
    public static DicomVR DS => new(0x4453);
    public static DicomVR DT => new(0x4454);
    public static DicomVR FD => new(0x4644);
    public static DicomVR FL => new(0x464C);
    public static DicomVR IS => new(0x4953);
    public static DicomVR LO => new(0x4C4F);
    public static DicomVR LT => new(0x4C54);
    public static DicomVR OB => new(0x4F42);
    public static DicomVR OD => new(0x4F44);
    public static DicomVR OF => new(0x4F46);
    public static DicomVR OL => new(0x4F4C);
    public static DicomVR OV => new(0x4F56);
    public static DicomVR OW => new(0x4F57);
    public static DicomVR PN => new(0x504E);
    public static DicomVR SH => new(0x5348);
    public static DicomVR SL => new(0x534C);
    public static DicomVR SQ => new(0x5351);
    public static DicomVR SS => new(0x5353);
    public static DicomVR ST => new(0x5354);
    public static DicomVR SV => new(0x5356);
    public static DicomVR TM => new(0x544D);
    public static DicomVR UC => new(0x5543);
    public static DicomVR UI => new(0x5549);
    public static DicomVR UL => new(0x554C);
    public static DicomVR UN => new(0x554E);
    public static DicomVR UR => new(0x5552);
    public static DicomVR US => new(0x5553);
    public static DicomVR UT => new(0x5554);
    public static DicomVR UV => new(0x5556);
#pragma warning restore CS1591

    /// <summary>All VRs defined by PS3.5.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];

    private VRFlags Flags => Code switch
    {
        0x4145 => VRFlags.Known | VRFlags.String, // AE
        0x4153 => VRFlags.Known | VRFlags.String, // AS
        0x4154 => VRFlags.Known | VRFlags.Binary | VRFlags.Unit2, // AT: swapped as two 16-bit numbers
        0x4353 => VRFlags.Known | VRFlags.String, // CS
        0x4441 => VRFlags.Known | VRFlags.String, // DA
        0x4453 => VRFlags.Known | VRFlags.String, // DS
        0x4454 => VRFlags.Known | VRFlags.String, // DT
        0x4644 => VRFlags.Known | VRFlags.Binary | VRFlags.Unit8, // FD
        0x464C => VRFlags.Known | VRFlags.Binary | VRFlags.Unit4, // FL
        0x4953 => VRFlags.Known | VRFlags.String, // IS
        0x4C4F => VRFlags.Known | VRFlags.String | VRFlags.CharacterSet, // LO
        0x4C54 => VRFlags.Known | VRFlags.String | VRFlags.CharacterSet | VRFlags.SingleValue, // LT
        0x4F42 => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Bulk, // OB
        0x4F44 => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Bulk | VRFlags.Unit8, // OD
        0x4F46 => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Bulk | VRFlags.Unit4, // OF
        0x4F4C => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Bulk | VRFlags.Unit4, // OL
        0x4F56 => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Bulk | VRFlags.Unit8, // OV
        0x4F57 => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Bulk | VRFlags.Unit2, // OW
        0x504E => VRFlags.Known | VRFlags.String | VRFlags.CharacterSet, // PN
        0x5348 => VRFlags.Known | VRFlags.String | VRFlags.CharacterSet, // SH
        0x534C => VRFlags.Known | VRFlags.Binary | VRFlags.Unit4, // SL
        0x5351 => VRFlags.Known | VRFlags.Long, // SQ
        0x5353 => VRFlags.Known | VRFlags.Binary | VRFlags.Unit2, // SS
        0x5354 => VRFlags.Known | VRFlags.String | VRFlags.CharacterSet | VRFlags.SingleValue, // ST
        0x5356 => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Unit8, // SV
        0x544D => VRFlags.Known | VRFlags.String, // TM
        0x5543 => VRFlags.Known | VRFlags.String | VRFlags.CharacterSet | VRFlags.Long, // UC
        0x5549 => VRFlags.Known | VRFlags.String | VRFlags.NullPadded, // UI
        0x554C => VRFlags.Known | VRFlags.Binary | VRFlags.Unit4, // UL
        0x554E => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Bulk, // UN
        0x5552 => VRFlags.Known | VRFlags.String | VRFlags.Long | VRFlags.SingleValue, // UR
        0x5553 => VRFlags.Known | VRFlags.Binary | VRFlags.Unit2, // US
        0x5554 => VRFlags.Known | VRFlags.String | VRFlags.CharacterSet | VRFlags.Long | VRFlags.SingleValue, // UT
        0x5556 => VRFlags.Known | VRFlags.Binary | VRFlags.Long | VRFlags.Unit8, // UV
        _ => VRFlags.None,
    };

    /// <summary>True if this is one of the VRs of PS3.5.</summary>
    public bool IsKnown => (Flags & VRFlags.Known) != 0;

    /// <summary>True if explicit VR encoding uses two reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).</summary>
    public bool Uses32BitLength => (Flags & VRFlags.Long) != 0 || !IsKnown;

    /// <summary>True for character string VRs.</summary>
    public bool IsString => (Flags & VRFlags.String) != 0;

    /// <summary>True for binary VRs (numbers, AT, and the O* and UN byte strings).</summary>
    public bool IsBinary => (Flags & VRFlags.Binary) != 0;

    /// <summary>True for OB, OD, OF, OL, OV, OW and UN: values that DICOM JSON may carry as bulk data.</summary>
    public bool IsBulkDataCandidate => (Flags & VRFlags.Bulk) != 0;

    /// <summary>True for string VRs whose bytes depend on Specific Character Set (SH, LO, ST, LT, UC, UT, PN).</summary>
    public bool IsCharacterSetSensitive => (Flags & VRFlags.CharacterSet) != 0;

    /// <summary>True for string VRs whose value is never split at backslashes (LT, ST, UT, UR).</summary>
    public bool IsSingleValued => (Flags & VRFlags.SingleValue) != 0;

    /// <summary>Size of one number for byte swapping between little and big endian: 1, 2, 4 or 8.</summary>
    public int ByteSwapUnit => (Flags & (VRFlags.Unit2 | VRFlags.Unit4 | VRFlags.Unit8)) switch
    {
        VRFlags.Unit2 => 2,
        VRFlags.Unit4 => 4,
        VRFlags.Unit8 => 8,
        _ => 1,
    };

    /// <summary>The byte a value of odd length is padded with: NUL for UI and binary VRs, space for other strings.</summary>
    public byte PaddingByte => IsString && (Flags & VRFlags.NullPadded) == 0 ? (byte)' ' : (byte)0;

    /// <summary>The two-letter name.</summary>
    public override string ToString() => Code == 0 ? "??" : string.Create(2, Code, static (span, code) =>
    {
        span[0] = ToPrintable((byte)(code >> 8));
        span[1] = ToPrintable((byte)code);
    });

    private static char ToPrintable(byte b) => b is >= 0x20 and < 0x7F ? (char)b : '?';

    /// <inheritdoc/>
    public bool Equals(DicomVR other) => Code == other.Code;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomVR other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Code;

    /// <summary>Equality.</summary>
    public static bool operator ==(DicomVR left, DicomVR right) => left.Code == right.Code;

    /// <summary>Inequality.</summary>
    public static bool operator !=(DicomVR left, DicomVR right) => left.Code != right.Code;

    [Flags]
    private enum VRFlags
    {
        None = 0,
        Known = 1,
        String = 2,
        Binary = 4,
        Long = 8,
        Bulk = 16,
        CharacterSet = 32,
        SingleValue = 64,
        NullPadded = 128,
        Unit2 = 256,
        Unit4 = 512,
        Unit8 = Unit2 | Unit4,
    }
}
