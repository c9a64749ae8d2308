namespace Dokuei.Server.Features.Sla;

/// <summary>
/// The working days of a reading center or of one facility's contract: weekends, Japanese national holidays,
/// closures (yearly and one-off) and extra working days, all as data.
/// </summary>
/// <remarks>An extra working day wins over everything else; otherwise any rule that closes a day closes it.</remarks>
public sealed class BusinessCalendar
{
    private List<DayOfWeek> _weekendDays = [];
    private List<AnnualClosure> _annualClosures = [];
    private List<DateOnly> _closedDays = [];
    private List<DateOnly> _extraWorkingDays = [];

    private BusinessCalendar()
    {
        Name = string.Empty;
    }

    /// <summary>Creates a calendar.</summary>
    /// <param name="id">Identity of the calendar.</param>
    /// <param name="name">A name for people, e.g. センター標準.</param>
    /// <param name="weekendDays">Days of the week that are never working days.</param>
    /// <param name="observesNationalHolidays">Whether Japanese national, substitute and citizens' holidays are closed.</param>
    /// <param name="annualClosures">Yearly closures such as 29 December to 3 January.</param>
    public BusinessCalendar(Guid id, string name, IEnumerable<DayOfWeek> weekendDays, bool observesNationalHolidays, IEnumerable<AnnualClosure> annualClosures)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Name = name;
        ObservesNationalHolidays = observesNationalHolidays;
        _weekendDays.AddRange(weekendDays.Distinct());
        _annualClosures.AddRange(annualClosures);
    }

    /// <summary>Identity of the calendar.</summary>
    public Guid Id { get; private set; }

    /// <summary>A name for people.</summary>
    public string Name { get; private set; }

    /// <summary>Whether Japanese national, substitute and citizens' holidays are closed.</summary>
    public bool ObservesNationalHolidays { get; private set; }

    /// <summary>Days of the week that are never working days (unless listed as extra working days).</summary>
    public IReadOnlyList<DayOfWeek> WeekendDays => _weekendDays;

    /// <summary>Yearly closures.</summary>
    public IReadOnlyList<AnnualClosure> AnnualClosures => _annualClosures;

    /// <summary>One-off closed days.</summary>
    public IReadOnlyList<DateOnly> ClosedDays => _closedDays;

    /// <summary>Days that are working days although a rule would close them.</summary>
    public IReadOnlyList<DateOnly> ExtraWorkingDays => _extraWorkingDays;

    /// <summary>Saturday, Sunday, national holidays and 29 December to 3 January closed: the usual Japanese office.</summary>
    public static BusinessCalendar JapaneseStandard(Guid id, string name = "標準（土日祝・年末年始休み）") =>
        new(id, name, [DayOfWeek.Saturday, DayOfWeek.Sunday], observesNationalHolidays: true, [AnnualClosure.YearEnd]);

    /// <summary>Closes <paramref name="date"/> (e.g. a center holiday); an extra working day on that date is removed.</summary>
    public void AddClosedDay(DateOnly date)
    {
        _extraWorkingDays.Remove(date);
        if (!_closedDays.Contains(date))
        {
            _closedDays.Add(date);
        }
    }

    /// <summary>Opens <paramref name="date"/> although a rule closes it; a one-off closure on that date is removed.</summary>
    public void AddExtraWorkingDay(DateOnly date)
    {
        _closedDays.Remove(date);
        if (!_extraWorkingDays.Contains(date))
        {
            _extraWorkingDays.Add(date);
        }
    }

    /// <summary>Adds a yearly closure.</summary>
    public void AddAnnualClosure(AnnualClosure closure) => _annualClosures.Add(closure);

    /// <summary>Whether <paramref name="date"/> is a working day.</summary>
    public bool IsBusinessDay(DateOnly date)
    {
        if (_extraWorkingDays.Contains(date))
        {
            return true;
        }

        return !_weekendDays.Contains(date.DayOfWeek)
            && !_closedDays.Contains(date)
            && !(ObservesNationalHolidays && JapaneseHolidays.IsHoliday(date))
            && !_annualClosures.Exists(c => c.Contains(date));
    }

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    /// <exception cref="InvalidOperationException">No working day within a year (a calendar that closes everything).</exception>
    public DateOnly NextBusinessDay(DateOnly date)
    {
        for (var next = date.AddDays(1); next <= date.AddDays(366); next = next.AddDays(1))
        {
            if (IsBusinessDay(next))
            {
                return next;
            }
        }

        throw new InvalidOperationException($"Calendar '{Name}' has no working day in the year after {date:yyyy-MM-dd}.");
    }
}
