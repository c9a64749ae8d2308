namespace Dokuei.Server.Features.Identity;

/// <summary>The RFC 4648 base 32 alphabet (A-Z, 2-7), as used for TOTP secrets.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Encodes <paramref name="data"/>; with <paramref name="padding"/> the output is a multiple of 8 characters.</summary>
    public static string Encode(ReadOnlySpan<byte> data, bool padding = true)
    {
        var chars = new System.Text.StringBuilder(((data.Length + 4) / 5) * 8);
        var buffer = 0;
        var bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        if (padding)
        {
            while (chars.Length % 8 != 0)
            {
                chars.Append('=');
            }
        }

        return chars.ToString();
    }

    /// <summary>Decodes base 32 text, in either case, with or without padding.</summary>
    /// <exception cref="FormatException">A character outside the alphabet, or a length no encoder produces.</exception>
    public static byte[] Decode(string text)
    {
        var trimmed = text.AsSpan().TrimEnd('=');
        // 1, 3 and 6 leftover characters cannot come from whole bytes.
        if ((trimmed.Length % 8) is 1 or 3 or 6)
        {
            throw new FormatException($"'{text}' has a length that is not valid base 32.");
        }

        var bytes = new byte[trimmed.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var c in trimmed)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a base 32 character.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return bytes;
    }
}
