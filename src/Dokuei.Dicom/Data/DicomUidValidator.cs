using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dokuei.Dicom;

/// <summary>Checks UID values against the encoding rules of PS3.5 section 9.1.</summary>
public static class DicomUidValidator
{
    /// <summary>The longest UID PS3.5 allows, in characters (padding excluded).</summary>
    public const int MaxLength = 64;

    /// <summary>True if <paramref name="uid"/> is a well-formed UID.</summary>
    public static bool IsValid([NotNullWhen(true)] string? uid) => IsValid(uid, out _);

    /// <summary>True if <paramref name="uid"/> is a well-formed UID; otherwise <paramref name="reason"/> says why not, for a user to read.</summary>
    public static bool IsValid([NotNullWhen(true)] string? uid, [NotNullWhen(false)] out string? reason)
    {
        reason = Check(uid);
        return reason is null;
    }

    private static string? Check(string? uid)
    {
        if (string.IsNullOrEmpty(uid))
        {
            return "the UID is empty";
        }

        if (uid.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the UID has {uid.Length} characters; at most {MaxLength} are allowed");
        }

        for (var i = 0; i < uid.Length; i++)
        {
            var c = uid[i];
            if (c != '.' && !char.IsAsciiDigit(c))
            {
                var shown = char.IsControl(c) || c == ' ' ? $"U+{(int)c:X4}" : c.ToString();
                return string.Create(CultureInfo.InvariantCulture, $"character '{shown}' at position {i + 1} is not a digit or a dot");
            }
        }

        if (uid[0] == '.')
        {
            return "the UID starts with a dot";
        }

        if (uid[^1] == '.')
        {
            return "the UID ends with a dot";
        }

        var start = 0;
        while (start < uid.Length)
        {
            var end = uid.IndexOf('.', start);
            if (end < 0)
            {
                end = uid.Length;
            }

            if (end == start)
            {
                return string.Create(CultureInfo.InvariantCulture, $"empty component (two dots) at position {start + 1}");
            }

            if (uid[start] == '0' && end - start > 1)
            {
                return string.Create(CultureInfo.InvariantCulture, $"component '{uid[start..end]}' at position {start + 1} has a leading zero; only the component \"0\" may start with 0");
            }

            start = end + 1;
        }

        return null;
    }
}
