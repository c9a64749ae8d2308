using System.Globalization;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Tests.Features.Sla;

public sealed class JapaneseHolidaysTests
{
    private sealed record Published(DateOnly Date, string Name, string EnglishName);

    private static readonly Published[] PublishedHolidays = HolidayJpFixture.Csv
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split(','))
        .Select(f => new Published(DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[1], f[2]))
        .ToArray();

    // Where the published list names a day differently from the act's wording that we use.
    private static readonly Dictionary<string, string> PublishedNameToOurs = new()
    {
        ["体育の日（スポーツの日）"] = "体育の日", // 2019: the rename took effect in 2020
        ["結婚の儀"] = "皇太子徳仁親王の結婚の儀",
        ["大喪の礼"] = "昭和天皇の大喪の礼",
        ["休日（祝日扱い）"] = "(special act)",
    };

    public static TheoryData<int> OfficialYears => [.. Enumerable.Range(2000, 31)];

    public static TheoryData<int> EarlierYears => [.. Enumerable.Range(1970, 30)];

    public static TheoryData<int> ProjectedYears => [.. Enumerable.Range(2031, 20)];

    [Theory]
    [MemberData(nameof(OfficialYears))]
    public void Every_year_2000_to_2030_has_exactly_the_days_and_names_of_the_official_list(int year) => AssertMatchesPublished(year);

    [Theory]
    [MemberData(nameof(EarlierYears))]
    public void Years_1970_to_1999_under_the_earlier_rules_match_the_published_list(int year) => AssertMatchesPublished(year);

    [Theory]
    [MemberData(nameof(ProjectedYears))]
    public void Years_2031_to_2050_match_the_packages_projection(int year) => AssertMatchesPublished(year);

    private static void AssertMatchesPublished(int year)
    {
        var expected = PublishedHolidays.Where(h => h.Date.Year == year).ToArray();
        var actual = JapaneseHolidays.InYear(year);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(h => h.Date), actual.Select(h => h.Date));
        foreach (var (published, ours) in expected.Zip(actual))
        {
            if (published.Name.Contains("振替休日", StringComparison.Ordinal))
            {
                Assert.Equal(JapaneseHolidayKind.Substitute, ours.Kind);
            }
            else if (published.Name == "休日")
            {
                Assert.Equal(JapaneseHolidayKind.Citizens, ours.Kind);
            }
            else
            {
                Assert.Equal(JapaneseHolidayKind.National, ours.Kind);
                var name = PublishedNameToOurs.GetValueOrDefault(published.Name, published.Name);
                if (name != "(special act)")
                {
                    Assert.Equal(name, ours.Name);
                }
            }
        }
    }

    [Theory]
    [InlineData(2019, 4, 30, JapaneseHolidayKind.Citizens)]
    [InlineData(2019, 5, 1, JapaneseHolidayKind.National)]
    [InlineData(2019, 5, 2, JapaneseHolidayKind.Citizens)]
    [InlineData(2019, 10, 22, JapaneseHolidayKind.National)]
    public void The_2019_accession_days_are_holidays(int year, int month, int day, JapaneseHolidayKind kind)
    {
        var holiday = JapaneseHolidays.On(new DateOnly(year, month, day));

        Assert.NotNull(holiday);
        Assert.Equal(kind, holiday.Kind);
    }

    [Fact]
    public void The_emperors_birthday_moves_from_December_to_February_with_no_birthday_in_2019()
    {
        Assert.Equal("天皇誕生日", JapaneseHolidays.On(new DateOnly(2018, 12, 23))?.Name);
        Assert.DoesNotContain(JapaneseHolidays.InYear(2019), h => h.Name == "天皇誕生日");
        Assert.Null(JapaneseHolidays.On(new DateOnly(2019, 12, 23)));
        Assert.Equal("天皇誕生日", JapaneseHolidays.On(new DateOnly(2020, 2, 23))?.Name);
    }

    [Fact]
    public void Olympic_years_move_marine_sports_and_mountain_day()
    {
        Assert.Equal(new DateOnly(2020, 7, 23), Single(2020, "海の日"));
        Assert.Equal(new DateOnly(2020, 7, 24), Single(2020, "スポーツの日"));
        Assert.Equal(new DateOnly(2020, 8, 10), Single(2020, "山の日"));
        Assert.Equal(new DateOnly(2021, 7, 22), Single(2021, "海の日"));
        Assert.Equal(new DateOnly(2021, 7, 23), Single(2021, "スポーツの日"));
        Assert.Equal(new DateOnly(2021, 8, 8), Single(2021, "山の日"));
        Assert.Equal(JapaneseHolidayKind.Substitute, JapaneseHolidays.On(new DateOnly(2021, 8, 9))?.Kind);
    }

    [Fact]
    public void Health_and_sports_day_is_renamed_sports_day_from_2020()
    {
        Assert.Equal(new DateOnly(2019, 10, 14), Single(2019, "体育の日"));
        Assert.Equal("Health and Sports Day", JapaneseHolidays.On(new DateOnly(2019, 10, 14))?.EnglishName);
        Assert.Equal("Sports Day", JapaneseHolidays.On(new DateOnly(2022, 10, 10))?.EnglishName);
        Assert.DoesNotContain(JapaneseHolidays.InYear(2022), h => h.Name == "体育の日");
    }

    [Fact]
    public void Since_2007_a_sunday_holiday_in_golden_week_is_substituted_after_the_whole_run()
    {
        // 2020-05-03 (Constitution Day) was a Sunday; 4 and 5 May are holidays themselves, so 6 May is the substitute.
        Assert.Equal(JapaneseHolidayKind.Substitute, JapaneseHolidays.On(new DateOnly(2020, 5, 6))?.Kind);
    }

    [Fact]
    public void Before_2007_a_sunday_holiday_followed_by_a_holiday_had_no_substitute()
    {
        // 1998-05-03 was a Sunday; 4 May was a citizens' holiday (not a national one), so it became the substitute
        // and 6 May stayed a working day.
        Assert.Equal(JapaneseHolidayKind.Substitute, JapaneseHolidays.On(new DateOnly(1998, 5, 4))?.Kind);
        Assert.Null(JapaneseHolidays.On(new DateOnly(1998, 5, 6)));
    }

    [Fact]
    public void A_tuesday_between_respect_for_the_aged_day_and_the_autumnal_equinox_is_a_citizens_holiday()
    {
        var holiday = JapaneseHolidays.On(new DateOnly(2026, 9, 22));

        Assert.NotNull(holiday);
        Assert.Equal(JapaneseHolidayKind.Citizens, holiday.Kind);
        Assert.Equal("国民の休日", holiday.Name);
    }

    [Fact]
    public void No_holiday_falls_before_the_act_came_into_force_in_july_1948()
    {
        var holidays = JapaneseHolidays.InYear(1948);

        Assert.Equal(
            [new DateOnly(1948, 9, 23), new DateOnly(1948, 11, 3), new DateOnly(1948, 11, 23)],
            holidays.Select(h => h.Date));
    }

    [Theory]
    [InlineData(1980, 20, 23)]
    [InlineData(2000, 20, 23)]
    [InlineData(2012, 20, 22)]
    [InlineData(2025, 20, 23)]
    [InlineData(2092, 19, 22)]
    public void Equinox_days_follow_the_astronomical_formula(int year, int vernal, int autumnal)
    {
        Assert.Equal(vernal, JapaneseHolidays.VernalEquinoxDay(year));
        Assert.Equal(autumnal, JapaneseHolidays.AutumnalEquinoxDay(year));
    }

    [Theory]
    [InlineData(1947)]
    [InlineData(2100)]
    public void Years_outside_the_covered_range_are_refused(int year) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.InYear(year));

    [Fact]
    public void A_day_outside_the_covered_range_is_no_known_holiday() =>
        Assert.False(JapaneseHolidays.IsHoliday(new DateOnly(2100, 1, 1)));

    private static DateOnly Single(int year, string name) => JapaneseHolidays.InYear(year).Single(h => h.Name == name).Date;
}
