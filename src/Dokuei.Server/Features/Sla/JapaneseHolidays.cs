namespace Dokuei.Server.Features.Sla;

/// <summary>
/// Japanese public holidays computed by rule from the Act on National Holidays (1948) and its amendments,
/// for 1948 (from the act's entry into force on 20 July) to 2099.
/// </summary>
/// <remarks>
/// The equinox days are set each February by the Cabinet Office from the National Astronomical Observatory's
/// ephemeris; here they come from the usual approximation (valid 1900-2099), which agrees with every published day.
/// One-off holidays made by special acts are listed as data; a future special act needs a new entry.
/// </remarks>
public static class JapaneseHolidays
{
    /// <summary>The first year covered.</summary>
    public const int FirstYear = 1948;

    /// <summary>The last year covered (the end of the equinox formula's validity).</summary>
    public const int LastYear = 2099;

    private static readonly DateOnly ActInForce = new(1948, 7, 20);

    // 1973-04-12: a holiday on a Sunday moves to the Monday. 2007: to the next day that is not a national holiday.
    private static readonly DateOnly SubstituteHolidaysFrom = new(1973, 4, 12);

    // 1985-12-27: a day between two national holidays becomes a holiday.
    private static readonly DateOnly CitizensHolidaysFrom = new(1985, 12, 27);

    private static readonly JapaneseHoliday[] OneOffHolidays =
    [
        new(new DateOnly(1959, 4, 10), "皇太子明仁親王の結婚の儀", "The Rite of Wedding of HIH Crown Prince Akihito", JapaneseHolidayKind.National),
        new(new DateOnly(1989, 2, 24), "昭和天皇の大喪の礼", "The Funeral Ceremony of Emperor Showa", JapaneseHolidayKind.National),
        new(new DateOnly(1990, 11, 12), "即位礼正殿の儀", "The Ceremony of the Enthronement of His Majesty the Emperor (at the Seiden)", JapaneseHolidayKind.National),
        new(new DateOnly(1993, 6, 9), "皇太子徳仁親王の結婚の儀", "The Rite of Wedding of HIH Crown Prince Naruhito", JapaneseHolidayKind.National),
        new(new DateOnly(2019, 5, 1), "天皇の即位の日", "The Day of the Emperor's Enthronement", JapaneseHolidayKind.National),
        new(new DateOnly(2019, 10, 22), "即位礼正殿の儀の行われる日", "The Day of the Ceremony of the Enthronement (at the Seiden)", JapaneseHolidayKind.National),
    ];

    private static readonly Dictionary<int, IReadOnlyList<JapaneseHoliday>> Cache = [];
    private static readonly Lock CacheLock = new();

    /// <summary>All holidays of <paramref name="year"/> in date order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="FirstYear"/>..<see cref="LastYear"/>.</exception>
    public static IReadOnlyList<JapaneseHoliday> InYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(year, out var holidays))
            {
                holidays = Compute(year);
                Cache[year] = holidays;
            }

            return holidays;
        }
    }

    /// <summary>The holiday on <paramref name="date"/>, or null when it is not one (or outside the covered years).</summary>
    public static JapaneseHoliday? On(DateOnly date)
    {
        if (date.Year is < FirstYear or > LastYear)
        {
            return null;
        }

        foreach (var holiday in InYear(date.Year))
        {
            if (holiday.Date == date)
            {
                return holiday;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="date"/> is a national, substitute or citizens' holiday.</summary>
    public static bool IsHoliday(DateOnly date) => On(date) is not null;

    /// <summary>The day of the vernal equinox (春分日) in March of <paramref name="year"/>, 1900-2099.</summary>
    public static int VernalEquinoxDay(int year) => EquinoxDay(year, 20.8357, 20.8431);

    /// <summary>The day of the autumnal equinox (秋分日) in September of <paramref name="year"/>, 1900-2099.</summary>
    public static int AutumnalEquinoxDay(int year) => EquinoxDay(year, 23.2588, 23.2488);

    private static int EquinoxDay(int year, double before1980, double from1980)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1900);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 2099);
        // Mean drift of the equinox per year (0.242194 days) reset by each leap day; the leap count is taken from
        // 1980 (or 1983 before it), with C's truncating division, as in the published form of the formula.
        return year < 1980
            ? (int)(before1980 + (0.242194 * (year - 1980)) - ((year - 1983) / 4))
            : (int)(from1980 + (0.242194 * (year - 1980)) - ((year - 1980) / 4));
    }

    private static List<JapaneseHoliday> Compute(int year)
    {
        var national = new SortedDictionary<DateOnly, JapaneseHoliday>();
        void Add(DateOnly date, string name, string englishName)
        {
            if (date >= ActInForce)
            {
                national[date] = new JapaneseHoliday(date, name, englishName, JapaneseHolidayKind.National);
            }
        }

        Add(new DateOnly(year, 1, 1), "元日", "New Year's Day");
        Add(year < 2000 ? new DateOnly(year, 1, 15) : NthMonday(year, 1, 2), "成人の日", "Coming of Age Day");
        if (year >= 1967)
        {
            Add(new DateOnly(year, 2, 11), "建国記念の日", "National Foundation Day");
        }

        Add(new DateOnly(year, 3, VernalEquinoxDay(year)), "春分の日", "Vernal Equinox Day");
        if (year <= 1988)
        {
            Add(new DateOnly(year, 4, 29), "天皇誕生日", "The Emperor's Birthday");
        }
        else if (year <= 2006)
        {
            Add(new DateOnly(year, 4, 29), "みどりの日", "Greenery Day");
        }
        else
        {
            Add(new DateOnly(year, 4, 29), "昭和の日", "Showa Day");
        }

        Add(new DateOnly(year, 5, 3), "憲法記念日", "Constitution Memorial Day");
        if (year >= 2007)
        {
            Add(new DateOnly(year, 5, 4), "みどりの日", "Greenery Day");
        }

        Add(new DateOnly(year, 5, 5), "こどもの日", "Children's Day");

        DateOnly? marineDay = year switch
        {
            < 1996 => null,
            <= 2002 => new DateOnly(year, 7, 20),
            2020 => new DateOnly(2020, 7, 23), // Olympic and Paralympic Games special measures act (2018, 2020)
            2021 => new DateOnly(2021, 7, 22),
            _ => NthMonday(year, 7, 3),
        };
        if (marineDay is { } marine)
        {
            Add(marine, "海の日", "Marine Day");
        }

        DateOnly? mountainDay = year switch
        {
            < 2016 => null,
            2020 => new DateOnly(2020, 8, 10),
            2021 => new DateOnly(2021, 8, 8),
            _ => new DateOnly(year, 8, 11),
        };
        if (mountainDay is { } mountain)
        {
            Add(mountain, "山の日", "Mountain Day");
        }

        if (year >= 1966)
        {
            Add(year <= 2002 ? new DateOnly(year, 9, 15) : NthMonday(year, 9, 3), "敬老の日", "Respect for the Aged Day");
        }

        Add(new DateOnly(year, 9, AutumnalEquinoxDay(year)), "秋分の日", "Autumnal Equinox Day");
        if (year is >= 1966 and <= 2019)
        {
            Add(year <= 1999 ? new DateOnly(year, 10, 10) : NthMonday(year, 10, 2), "体育の日", "Health and Sports Day");
        }
        else if (year >= 2020)
        {
            var sportsDay = year switch
            {
                2020 => new DateOnly(2020, 7, 24),
                2021 => new DateOnly(2021, 7, 23),
                _ => NthMonday(year, 10, 2),
            };
            Add(sportsDay, "スポーツの日", "Sports Day");
        }

        Add(new DateOnly(year, 11, 3), "文化の日", "Culture Day");
        Add(new DateOnly(year, 11, 23), "勤労感謝の日", "Labor Thanksgiving Day");
        if (year is >= 1989 and <= 2018)
        {
            Add(new DateOnly(year, 12, 23), "天皇誕生日", "The Emperor's Birthday");
        }
        else if (year >= 2020)
        {
            Add(new DateOnly(year, 2, 23), "天皇誕生日", "The Emperor's Birthday");
        }

        foreach (var oneOff in OneOffHolidays)
        {
            if (oneOff.Date.Year == year)
            {
                national[oneOff.Date] = oneOff;
            }
        }

        var all = new SortedDictionary<DateOnly, JapaneseHoliday>(national);
        AddSubstituteHolidays(national, all);
        AddCitizensHolidays(year, national, all);
        return [.. all.Values];
    }

    private static void AddSubstituteHolidays(SortedDictionary<DateOnly, JapaneseHoliday> national, SortedDictionary<DateOnly, JapaneseHoliday> all)
    {
        foreach (var holiday in national.Values)
        {
            if (holiday.Date.DayOfWeek != DayOfWeek.Sunday || holiday.Date < SubstituteHolidaysFrom)
            {
                continue;
            }

            var substitute = holiday.Date.AddDays(1);
            if (holiday.Date.Year >= 2007)
            {
                while (national.ContainsKey(substitute))
                {
                    substitute = substitute.AddDays(1);
                }
            }
            else if (national.ContainsKey(substitute))
            {
                continue;
            }

            // A substitute for 31 December would fall in the next year; none can, as 31 December is no holiday.
            all[substitute] = new JapaneseHoliday(substitute, "振替休日", "Substitute Holiday", JapaneseHolidayKind.Substitute);
        }
    }

    private static void AddCitizensHolidays(int year, SortedDictionary<DateOnly, JapaneseHoliday> national, SortedDictionary<DateOnly, JapaneseHoliday> all)
    {
        foreach (var holiday in national.Values)
        {
            var between = holiday.Date.AddDays(1);
            if (between.Year != year || between < CitizensHolidaysFrom || !national.ContainsKey(between.AddDays(1)))
            {
                continue;
            }

            // Until 2006 the act also excluded Sundays; a substitute holiday stays one in both versions.
            var excluded = all.ContainsKey(between) || (year < 2007 && between.DayOfWeek == DayOfWeek.Sunday);
            if (!excluded)
            {
                all[between] = new JapaneseHoliday(between, "国民の休日", "Citizens' Holiday", JapaneseHolidayKind.Citizens);
            }
        }
    }

    private static DateOnly NthMonday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + ((n - 1) * 7));
    }
}
