using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dokuei.Dicom;

/// <summary>
/// Makes new UIDs: "2.25." followed by a UUID as one decimal integer (PS3.5 section B.2), or a configured
/// organization root followed by a decimal suffix (PS3.5 section 9.1), never longer than 64 characters.
/// </summary>
public sealed class DicomUidGenerator
{
    /// <summary>The root for UIDs derived from UUIDs (PS3.5 B.2).</summary>
    public const string UuidRoot = "2.25";

    // Below about 64 bits of suffix the chance of two generated UIDs colliding stops being negligible.
    private const int MinSuffixDigits = 20;

    private static readonly UInt128[] PowersOfTen = BuildPowersOfTen();

    /// <summary>Creates a generator of "2.25." UIDs.</summary>
    public DicomUidGenerator()
        : this(null)
    {
    }

    /// <summary>Creates a generator under an organization root; null or "2.25" gives UUID-derived UIDs.</summary>
    /// <exception cref="ArgumentException">The root is not a valid UID or leaves fewer than 20 digits for the suffix.</exception>
    public DicomUidGenerator(string? root)
    {
        if (root is null || root == UuidRoot)
        {
            Root = null;
            return;
        }

        if (!DicomUidValidator.IsValid(root, out var reason))
        {
            throw new ArgumentException($"'{root}' is not a valid UID root: {reason}.", nameof(root));
        }

        if (root.Length > DicomUidValidator.MaxLength - 1 - MinSuffixDigits)
        {
            throw new ArgumentException(
                $"The UID root '{root}' is {root.Length} characters; at most {DicomUidValidator.MaxLength - 1 - MinSuffixDigits} leave room for a unique suffix.",
                nameof(root));
        }

        Root = root;
    }

    /// <summary>The organization root, or null for "2.25." UUID-derived UIDs.</summary>
    public string? Root { get; }

    /// <summary>A new random UID.</summary>
    public string Generate()
    {
        if (Root is null)
        {
            return FromGuid(Guid.NewGuid());
        }

        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Compose(BinaryPrimitives.ReadUInt128BigEndian(random));
    }

    /// <summary>
    /// A UID derived from <paramref name="originalUid"/> with HMAC-SHA256 under <paramref name="key"/>: the same
    /// original and key always give the same UID, on any machine and in any run, with no mapping kept.
    /// </summary>
    /// <remarks>
    /// The trade-off: whoever holds the key can recompute the replacement of any original UID they already know and
    /// so link de-identified data to its source (and anyone who learns the key can do the same); data de-identified
    /// under different keys cannot be linked. Keep the key as secret as the original data, use one key per project or
    /// recipient, and prefer random UIDs with a saved <c>DicomUidMap</c> where consistency across runs is not needed.
    /// </remarks>
    public string Derive(string originalUid, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(originalUid);
        if (key.Length < 16)
        {
            throw new ArgumentException("The key must have at least 16 bytes; a short key lets anyone recompute the replacements.", nameof(key));
        }

        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(originalUid), hash);
        var bytes = hash[..16];

        // Mark the 128 bits as an RFC 9562 version 8 (custom) UUID so a "2.25." UID is a well-formed UUID too.
        bytes[6] = (byte)(bytes[6] & 0x0F | 0x80);
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return Compose(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>"2.25." followed by the UUID read as an unsigned 128-bit integer in RFC 9562 (big-endian) byte order.</summary>
    public static string FromGuid(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return UuidRoot + "." + BinaryPrimitives.ReadUInt128BigEndian(bytes).ToString(CultureInfo.InvariantCulture);
    }

    private string Compose(UInt128 number)
    {
        if (Root is null)
        {
            return UuidRoot + "." + number.ToString(CultureInfo.InvariantCulture);
        }

        var digits = DicomUidValidator.MaxLength - Root.Length - 1;
        if (digits < 39)
        {
            number %= PowersOfTen[digits];
        }

        return Root + "." + number.ToString(CultureInfo.InvariantCulture);
    }

    private static UInt128[] BuildPowersOfTen()
    {
        var powers = new UInt128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
