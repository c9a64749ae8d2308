using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Tests.Features.Sla;

public sealed class BusinessCalendarTests
{
    private readonly BusinessCalendar _calendar = BusinessCalendar.JapaneseStandard(Guid.NewGuid());

    [Theory]
    [InlineData("2026-11-20", true)] // Friday
    [InlineData("2026-11-21", false)] // Saturday
    [InlineData("2026-11-22", false)] // Sunday
    [InlineData("2026-11-23", false)] // 勤労感謝の日 (Monday)
    [InlineData("2026-05-06", false)] // 振替休日 for 3 May
    [InlineData("2026-09-22", false)] // 国民の休日
    [InlineData("2026-12-28", true)]
    [InlineData("2026-12-29", false)] // year-end closure
    [InlineData("2027-01-03", false)]
    [InlineData("2027-01-04", true)]
    public void The_standard_calendar_closes_weekends_holidays_and_the_year_end(string date, bool businessDay) =>
        Assert.Equal(businessDay, _calendar.IsBusinessDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_next_business_day_after_golden_week_2026_is_the_seventh_of_may() =>
        Assert.Equal(new DateOnly(2026, 5, 7), _calendar.NextBusinessDay(new DateOnly(2026, 5, 1)));

    [Fact]
    public void An_extra_working_day_opens_a_day_that_a_closure_shuts()
    {
        _calendar.AddExtraWorkingDay(new DateOnly(2026, 12, 29));

        Assert.True(_calendar.IsBusinessDay(new DateOnly(2026, 12, 29)));
        Assert.Equal(new DateOnly(2026, 12, 29), _calendar.NextBusinessDay(new DateOnly(2026, 12, 28)));
    }

    [Fact]
    public void A_one_off_closed_day_replaces_an_extra_working_day_on_the_same_date()
    {
        var day = new DateOnly(2026, 11, 21);
        _calendar.AddExtraWorkingDay(day);
        _calendar.AddClosedDay(day);

        Assert.False(_calendar.IsBusinessDay(day));
        Assert.Empty(_calendar.ExtraWorkingDays);
    }

    [Fact]
    public void A_one_off_closure_closes_an_ordinary_weekday()
    {
        _calendar.AddClosedDay(new DateOnly(2026, 11, 20));

        Assert.False(_calendar.IsBusinessDay(new DateOnly(2026, 11, 20)));
    }

    [Fact]
    public void A_hospital_calendar_can_work_saturdays_and_national_holidays()
    {
        var hospital = new BusinessCalendar(Guid.NewGuid(), "病院", [DayOfWeek.Sunday], observesNationalHolidays: false, []);

        Assert.True(hospital.IsBusinessDay(new DateOnly(2026, 11, 21)));
        Assert.True(hospital.IsBusinessDay(new DateOnly(2026, 11, 23)));
        Assert.False(hospital.IsBusinessDay(new DateOnly(2026, 11, 22)));
        Assert.True(hospital.IsBusinessDay(new DateOnly(2026, 12, 31)));
    }

    [Theory]
    [InlineData(12, 29, true)]
    [InlineData(12, 31, true)]
    [InlineData(1, 1, true)]
    [InlineData(1, 3, true)]
    [InlineData(1, 4, false)]
    [InlineData(12, 28, false)]
    public void The_year_end_closure_runs_over_the_new_year(int month, int day, bool closed) =>
        Assert.Equal(closed, AnnualClosure.YearEnd.Contains(new DateOnly(2026, month, day)));

    [Fact]
    public void A_closure_within_one_year_covers_only_its_range()
    {
        var obon = new AnnualClosure("お盆", 8, 13, 8, 16);

        Assert.True(obon.Contains(new DateOnly(2026, 8, 13)));
        Assert.True(obon.Contains(new DateOnly(2026, 8, 16)));
        Assert.False(obon.Contains(new DateOnly(2026, 8, 17)));
        Assert.False(obon.Contains(new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void A_calendar_that_closes_every_day_cannot_find_a_next_business_day()
    {
        var closed = new BusinessCalendar(Guid.NewGuid(), "closed", Enum.GetValues<DayOfWeek>(), observesNationalHolidays: true, []);

        Assert.Throws<InvalidOperationException>(() => closed.NextBusinessDay(new DateOnly(2026, 1, 1)));
    }
}
