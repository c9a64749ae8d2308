namespace Dokuei.Server.Features.Sla;

/// <summary>
/// When a service menu takes requests, in Tokyo time: a window that opens at <see cref="Opens"/> every day (or
/// every business day) and stays open for <see cref="Length"/>; it may run past midnight, and 24 hours means always.
/// </summary>
/// <param name="Opens">Wall-clock time the window opens.</param>
/// <param name="Length">How long it stays open, more than zero and at most 24 hours.</param>
/// <param name="BusinessDaysOnly">Whether the window opens only on business days of the calendar.</param>
public sealed record ReceptionHours(TimeOnly Opens, TimeSpan Length, bool BusinessDaysOnly)
{
    /// <summary>Open around the clock on every day of the year.</summary>
    public static ReceptionHours Always { get; } = new(TimeOnly.MinValue, TimeSpan.FromHours(24), BusinessDaysOnly: false);

    /// <summary>Whether the window is open around the clock every day.</summary>
    public bool IsAlways => Length >= TimeSpan.FromHours(24) && !BusinessDaysOnly;

    /// <summary>Checks that the window is well formed.</summary>
    /// <exception cref="DomainException">The length is not within (0, 24 h].</exception>
    public void Validate()
    {
        if (Length <= TimeSpan.Zero || Length > TimeSpan.FromHours(24))
        {
            throw new DomainException("sla.invalid_reception_hours", $"Reception hours must last more than zero and at most 24 hours, not {Length}.");
        }
    }

    /// <summary>The start and end of the window that contains <paramref name="local"/>, if any.</summary>
    public (DateTime Start, DateTime End)? WindowContaining(DateTime local, BusinessCalendar calendar)
    {
        // A window that contains the time opened today or, when it runs past midnight, yesterday.
        for (var back = 0; back <= 1; back++)
        {
            var day = DateOnly.FromDateTime(local).AddDays(-back);
            var start = day.ToDateTime(Opens);
            if (start <= local && local < start + Length && OpensOn(day, calendar))
            {
                return (start, start + Length);
            }
        }

        return null;
    }

    /// <summary>The first window that opens strictly after <paramref name="local"/>.</summary>
    public (DateTime Start, DateTime End) NextWindowAfter(DateTime local, BusinessCalendar calendar)
    {
        var day = DateOnly.FromDateTime(local);
        for (var i = 0; i <= 366; i++, day = day.AddDays(1))
        {
            var start = day.ToDateTime(Opens);
            if (start > local && OpensOn(day, calendar))
            {
                return (start, start + Length);
            }
        }

        throw new InvalidOperationException($"Reception hours never open in the year after {local:yyyy-MM-dd}.");
    }

    private bool OpensOn(DateOnly day, BusinessCalendar calendar) => !BusinessDaysOnly || calendar.IsBusinessDay(day);
}
