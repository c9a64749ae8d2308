namespace Dokuei.Server.Features.Sla;

/// <summary>
/// The four menus of a typical reading service, as seed data a center can copy and change. Their ids are fixed so
/// that seeding is idempotent.
/// </summary>
public static class StandardServiceMenus
{
    /// <summary>通常: received by 18:00 on a business day, due 18:00 the next business day; later or on a closed day, one business day later.</summary>
    public static ServiceMenu Normal() => new(
        new Guid("5e7a1c00-0000-4000-8000-000000000001"), "normal", "通常読影", "Normal",
        ReceptionHours.Always, new TimeOnly(18, 0), TurnaroundRule.NextBusinessDayAt(new TimeOnly(18, 0)));

    /// <summary>至急: taken 09:00-17:00 on business days, due 2 hours of reception time after receipt.</summary>
    public static ServiceMenu Urgent() => new(
        new Guid("5e7a1c00-0000-4000-8000-000000000002"), "urgent", "至急読影", "Urgent",
        new ReceptionHours(new TimeOnly(9, 0), TimeSpan.FromHours(8), BusinessDaysOnly: true), null, TurnaroundRule.HoursWithinReceptionHours(2));

    /// <summary>24時間365日: taken any time, due 1 hour after receipt.</summary>
    public static ServiceMenu AroundTheClock() => new(
        new Guid("5e7a1c00-0000-4000-8000-000000000003"), "24-365", "24時間365日読影", "24/365",
        ReceptionHours.Always, null, TurnaroundRule.HoursAnyTime(1));

    /// <summary>翌朝: taken 18:00-20:00 every day, due 09:00 the next morning.</summary>
    public static ServiceMenu NextMorning() => new(
        new Guid("5e7a1c00-0000-4000-8000-000000000004"), "next-morning", "翌朝読影", "Next morning",
        new ReceptionHours(new TimeOnly(18, 0), TimeSpan.FromHours(2), BusinessDaysOnly: false), null, TurnaroundRule.NextDayAt(new TimeOnly(9, 0)));

    /// <summary>All four standard menus.</summary>
    public static IReadOnlyList<ServiceMenu> All() => [Normal(), Urgent(), AroundTheClock(), NextMorning()];
}
