using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Dokuei.Dicom;

public sealed partial class DicomCharacterSet
{
    /// <summary>
    /// Encodes a string value into this character set, without padding, inserting ISO 2022 escape sequences where the
    /// declared terms allow them. Throws <see cref="DicomCharacterSetException"/> for a character the declared set
    /// cannot hold: writing it in another encoding would mislabel the data, so the caller decides
    /// (for example by declaring ISO_IR 192). Use <see cref="TryEncode"/> to test first.
    /// </summary>
    public byte[] Encode(string text, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryEncodeCore(text, vr, out var bytes, out var failedIndex))
        {
            return bytes;
        }

        var codePoint = char.IsHighSurrogate(text[failedIndex]) && failedIndex + 1 < text.Length && char.IsLowSurrogate(text[failedIndex + 1])
            ? char.ConvertToUtf32(text[failedIndex], text[failedIndex + 1])
            : text[failedIndex];
        var where = vr.IsCharacterSetSensitive
            ? Terms.Count == 0 ? "the default repertoire (no Specific Character Set)" : $"Specific Character Set '{this}'"
            : $"the default repertoire, the only one a {vr} value may use";
        throw new DicomCharacterSetException(string.Create(
            CultureInfo.InvariantCulture,
            $"U+{codePoint:X4} at position {failedIndex} of a {vr} value cannot be encoded in {where}; declare a character set that contains it (ISO_IR 192 contains every character)."));
    }

    /// <summary>Encodes like <see cref="Encode"/>; false if a character is not in the declared set.</summary>
    public bool TryEncode(string text, DicomVR vr, [NotNullWhen(true)] out byte[]? bytes) => TryEncodeCore(text, vr, out bytes, out _);

    private bool TryEncodeCore(string text, DicomVR vr, [NotNullWhen(true)] out byte[]? bytes, out int failedIndex)
    {
        ArgumentNullException.ThrowIfNull(text);

        // ESC is reserved for code extensions (PS3.5 6.1.3); written raw it would switch the reader's character set.
        failedIndex = text.IndexOf('\u001B', StringComparison.Ordinal);
        if (failedIndex >= 0)
        {
            bytes = null;
            return false;
        }

        if (Ascii.IsValid(text))
        {
            bytes = Encoding.ASCII.GetBytes(text);
            failedIndex = -1;
            return true;
        }

        if (!vr.IsCharacterSetSensitive && this != Default)
        {
            return Default.TryEncodeCore(text, vr, out bytes, out failedIndex);
        }

        if (_multiByte is not null)
        {
            try
            {
                bytes = _multiByte.Encoding!.GetBytes(text);
                failedIndex = -1;
                return true;
            }
            catch (EncoderFallbackException e)
            {
                bytes = null;
                failedIndex = Math.Max(e.Index, 0);
                return false;
            }
        }

        bytes = Iso2022Encoder.Encode(text, vr, this, out failedIndex);
        return bytes is not null;
    }
}
