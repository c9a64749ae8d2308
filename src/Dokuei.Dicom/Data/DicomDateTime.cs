using System.Globalization;

namespace Dokuei.Dicom;

/// <summary>Parsing of DA, TM and DT values (PS3.5 Table 6.2-1), including the partial forms the standard allows.</summary>
public static class DicomDateTime
{
    /// <summary>Parses YYYYMMDD (and the ACR-NEMA form YYYY.MM.DD).</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        text = text.Trim();
        if (text.Length == 10 && text[4] == '.' && text[7] == '.')
        {
            text = string.Concat(text.AsSpan(0, 4), text.AsSpan(5, 2), text.AsSpan(8, 2));
        }

        return DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>Parses HH, HHMM, HHMMSS and HHMMSS.FFFFFF (and the ACR-NEMA form HH:MM:SS).</summary>
    public static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        text = text.Trim().Replace(":", "", StringComparison.Ordinal);
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hour) || hour > 23)
        {
            return false;
        }

        int minute = 0, second = 0;
        long ticks = 0;
        if (text.Length >= 4 && (!int.TryParse(text.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out minute) || minute > 59))
        {
            return false;
        }

        if (text.Length >= 6 && (!int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out second) || second > 60))
        {
            return false;
        }

        if (text.Length > 6)
        {
            if (text[6] != '.' || text.Length > 13)
            {
                return false;
            }

            var fraction = text[7..].PadRight(7, '0');
            if (!long.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out ticks))
            {
                return false;
            }
        }
        else if (text.Length is 3 or 5)
        {
            return false;
        }

        time = new TimeOnly(hour, minute, Math.Min(second, 59)).Add(TimeSpan.FromTicks(ticks));
        return true;
    }

    /// <summary>Parses YYYYMMDDHHMMSS.FFFFFF&amp;ZZXX with any trailing part left out.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        var offset = TimeSpan.Zero;
        var sign = text.IndexOfAny(['+', '-'], Math.Min(4, text.Length));
        if (sign > 0)
        {
            var zone = text[(sign + 1)..];
            if (zone.Length != 4 || !int.TryParse(zone.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zh)
                || !int.TryParse(zone.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zm))
            {
                return false;
            }

            offset = new TimeSpan(zh, zm, 0) * (text[sign] == '-' ? -1 : 1);
            text = text[..sign];
        }

        if (text.Length < 4 || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }

        var month = 1;
        var day = 1;
        if (text.Length >= 6 && !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month))
        {
            return false;
        }

        if (text.Length >= 8 && !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day))
        {
            return false;
        }

        var time = TimeOnly.MinValue;
        if (text.Length > 8 && !TryParseTime(text[8..], out time))
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(new DateOnly(year, month, day).ToDateTime(time), offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
