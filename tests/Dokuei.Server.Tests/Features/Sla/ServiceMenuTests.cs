using System.Globalization;
using Dokuei.Server.Features;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Tests.Features.Sla;

public sealed class ServiceMenuTests
{
    private readonly BusinessCalendar _calendar = BusinessCalendar.JapaneseStandard(Guid.NewGuid());

    private static DateTimeOffset Jst(string local) =>
        DateTimeOffset.ParseExact(local + " +09:00", "yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-24 10:00", "2026-11-25 18:00")] // Tuesday morning
    [InlineData("2026-11-24 17:59", "2026-11-25 18:00")] // just before the cut-off
    [InlineData("2026-11-24 18:00", "2026-11-26 18:00")] // at the cut-off: counts from Wednesday
    [InlineData("2026-11-20 17:00", "2026-11-24 18:00")] // Friday; Monday 23rd is 勤労感謝の日
    [InlineData("2026-11-21 09:00", "2026-11-25 18:00")] // Saturday: accepted Tuesday, due Wednesday
    [InlineData("2026-04-30 10:00", "2026-05-01 18:00")] // between 昭和の日 and Golden Week
    [InlineData("2026-05-01 19:00", "2026-05-08 18:00")] // after cut-off before Golden Week: accepted 7 May
    [InlineData("2026-05-04 10:00", "2026-05-08 18:00")] // on a holiday within Golden Week
    [InlineData("2026-12-28 12:00", "2027-01-04 18:00")] // last day before the year-end closure
    [InlineData("2026-12-28 18:30", "2027-01-05 18:00")] // after cut-off on the last day
    [InlineData("2026-12-31 10:00", "2027-01-05 18:00")] // during the closure
    [InlineData("2026-09-18 12:00", "2026-09-24 18:00")] // before the 2026 silver week (21, 22, 23 September)
    public void The_normal_menu_is_due_at_18_00_on_the_next_business_day(string received, string due) =>
        Assert.Equal(Jst(due), StandardServiceMenus.Normal().DueAt(Jst(received), _calendar));

    [Theory]
    [InlineData("2026-11-24 10:00", "2026-11-24 12:00")]
    [InlineData("2026-11-24 15:00", "2026-11-24 17:00")] // ends exactly at closing time
    [InlineData("2026-11-24 16:00", "2026-11-25 10:00")] // one hour today, one tomorrow
    [InlineData("2026-11-20 16:30", "2026-11-24 10:30")] // Friday; the clock stops over the weekend and the holiday
    [InlineData("2026-12-28 16:15", "2027-01-04 10:15")] // the clock stops over the year-end closure
    public void The_urgent_menu_counts_its_hours_only_while_reception_is_open(string received, string due) =>
        Assert.Equal(Jst(due), StandardServiceMenus.Urgent().DueAt(Jst(received), _calendar));

    [Theory]
    [InlineData("2026-11-24 08:59", false)]
    [InlineData("2026-11-24 09:00", true)]
    [InlineData("2026-11-24 16:59", true)]
    [InlineData("2026-11-24 17:00", false)]
    [InlineData("2026-11-21 10:00", false)] // Saturday
    [InlineData("2026-11-23 10:00", false)] // national holiday
    [InlineData("2027-01-02 10:00", false)] // year-end closure
    public void The_urgent_menu_takes_requests_only_in_its_reception_hours(string received, bool receivable) =>
        Assert.Equal(receivable, StandardServiceMenus.Urgent().IsReceivable(Jst(received), _calendar));

    [Fact]
    public void A_request_outside_reception_hours_has_no_due_time()
    {
        var error = Assert.Throws<DomainException>(() => StandardServiceMenus.Urgent().DueAt(Jst("2026-11-24 17:00"), _calendar));

        Assert.Equal("sla.not_receivable", error.Code);
    }

    [Theory]
    [InlineData("2026-11-23 03:00", "2026-11-23 04:00")] // national holiday at night
    [InlineData("2026-12-31 23:30", "2027-01-01 00:30")] // over midnight and the new year
    [InlineData("2027-01-02 12:00", "2027-01-02 13:00")] // within the year-end closure
    public void The_around_the_clock_menu_is_due_an_hour_later_whatever_the_day(string received, string due)
    {
        var menu = StandardServiceMenus.AroundTheClock();

        Assert.True(menu.IsReceivable(Jst(received), _calendar));
        Assert.Equal(Jst(due), menu.DueAt(Jst(received), _calendar));
    }

    [Theory]
    [InlineData("2026-11-24 18:00", "2026-11-25 09:00")]
    [InlineData("2026-11-24 19:59", "2026-11-25 09:00")]
    [InlineData("2026-05-03 19:00", "2026-05-04 09:00")] // holidays too: it is a calendar-day service
    [InlineData("2026-12-31 18:30", "2027-01-01 09:00")]
    public void The_morning_menu_is_due_at_09_00_the_next_morning(string received, string due) =>
        Assert.Equal(Jst(due), StandardServiceMenus.NextMorning().DueAt(Jst(received), _calendar));

    [Theory]
    [InlineData("2026-11-24 17:59", false)]
    [InlineData("2026-11-24 18:00", true)]
    [InlineData("2026-11-24 19:59", true)]
    [InlineData("2026-11-24 20:00", false)]
    public void The_morning_menu_takes_requests_from_18_00_until_20_00(string received, bool receivable) =>
        Assert.Equal(receivable, StandardServiceMenus.NextMorning().IsReceivable(Jst(received), _calendar));

    [Fact]
    public void An_instant_in_utc_is_judged_by_the_tokyo_wall_clock()
    {
        var menu = StandardServiceMenus.Normal();

        // 08:59:59Z is 17:59:59 JST (before the cut-off), 09:00Z is 18:00 JST (after it).
        var before = menu.DueAt(new DateTimeOffset(2026, 11, 24, 8, 59, 59, TimeSpan.Zero), _calendar);
        var after = menu.DueAt(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), _calendar);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), before);
        Assert.Equal(TimeSpan.FromHours(9), before.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), after);
    }

    [Fact]
    public void A_reception_window_past_midnight_counts_from_the_evening_it_opened()
    {
        var night = new ServiceMenu(
            Guid.NewGuid(), "night", "夜間", "Night",
            new ReceptionHours(new TimeOnly(22, 0), TimeSpan.FromHours(10), BusinessDaysOnly: false), null, TurnaroundRule.NextDayAt(new TimeOnly(12, 0)));

        Assert.True(night.IsReceivable(Jst("2026-11-25 01:00"), _calendar));
        Assert.False(night.IsReceivable(Jst("2026-11-25 08:00"), _calendar));
        Assert.Equal(Jst("2026-11-25 12:00"), night.DueAt(Jst("2026-11-24 23:00"), _calendar));
        Assert.Equal(Jst("2026-11-25 12:00"), night.DueAt(Jst("2026-11-25 01:00"), _calendar));
    }

    [Fact]
    public void A_calendar_with_an_extra_working_day_shortens_the_normal_deadline_over_the_year_end()
    {
        _calendar.AddExtraWorkingDay(new DateOnly(2026, 12, 29));

        Assert.Equal(Jst("2026-12-29 18:00"), StandardServiceMenus.Normal().DueAt(Jst("2026-12-28 12:00"), _calendar));
    }

    [Fact]
    public void A_turnaround_rule_without_its_time_of_day_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => new ServiceMenu(
            Guid.NewGuid(), "x", "x", "x", ReceptionHours.Always, null, new TurnaroundRule(TurnaroundKind.NextDayAt, null, null)));

        Assert.Equal("sla.invalid_turnaround", error.Code);
    }

    [Fact]
    public void Reception_hours_of_no_length_are_refused()
    {
        var error = Assert.Throws<DomainException>(() => new ServiceMenu(
            Guid.NewGuid(), "x", "x", "x", new ReceptionHours(new TimeOnly(9, 0), TimeSpan.Zero, true), null, TurnaroundRule.HoursAnyTime(1)));

        Assert.Equal("sla.invalid_reception_hours", error.Code);
    }

    [Fact]
    public void The_standard_menus_have_distinct_stable_ids_and_codes()
    {
        var first = StandardServiceMenus.All();
        var second = StandardServiceMenus.All();

        Assert.Equal(4, first.Select(m => m.Id).Distinct().Count());
        Assert.Equal(first.Select(m => m.Id), second.Select(m => m.Id));
        Assert.Equal(["normal", "urgent", "24-365", "next-morning"], first.Select(m => m.Code));
    }

    [Fact]
    public void Images_that_arrive_after_closing_start_the_urgent_clock_at_the_next_opening()
    {
        var menu = StandardServiceMenus.Urgent();

        Assert.Equal(Jst("2026-11-24 09:00"), menu.ReceptionStart(Jst("2026-11-20 21:00"), _calendar));
        Assert.Equal(Jst("2026-11-24 10:00"), menu.ReceptionStart(Jst("2026-11-24 10:00"), _calendar));
    }

    [Fact]
    public void Tokyo_has_no_daylight_saving_so_every_hour_of_the_year_gives_exactly_one_hour_and_a_plus_nine_offset()
    {
        var menu = StandardServiceMenus.AroundTheClock();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Includes the days Europe and North America change their clocks (8 March, 29 March, 25 October, 1 November 2026).
        for (var received = start; received < start.AddYears(1); received = received.AddHours(1))
        {
            var due = menu.DueAt(received, _calendar);
            Assert.Equal(TimeSpan.FromHours(1), due - received);
            Assert.Equal(TimeSpan.FromHours(9), due.Offset);
        }
    }

    [Fact]
    public void An_instant_with_a_foreign_offset_is_judged_by_the_tokyo_wall_clock()
    {
        // 04:30 in New York on 24 November is 18:30 in Tokyo: within the morning menu's reception hours.
        var received = new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.FromHours(-5));

        Assert.Equal(Jst("2026-11-25 09:00"), StandardServiceMenus.NextMorning().DueAt(received, _calendar));
    }
}
