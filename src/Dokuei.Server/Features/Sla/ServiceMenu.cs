namespace Dokuei.Server.Features.Sla;

/// <summary>
/// A reading service a center offers (通常, 至急, 24時間, 翌朝...): when requests are taken, the cut-off for same-day
/// acceptance and the turnaround rule, all as data so each center defines its own.
/// </summary>
/// <remarks>All times are Tokyo wall-clock times; Japan has had no daylight saving time since 1951.</remarks>
public sealed class ServiceMenu
{
    private ServiceMenu()
    {
        Code = string.Empty;
        Name = string.Empty;
        EnglishName = string.Empty;
        ReceptionHours = ReceptionHours.Always;
        Turnaround = TurnaroundRule.HoursAnyTime(1);
    }

    /// <summary>Creates a menu.</summary>
    /// <param name="id">Identity of the menu.</param>
    /// <param name="code">Short stable code, e.g. <c>normal</c>.</param>
    /// <param name="name">Japanese name.</param>
    /// <param name="englishName">English name.</param>
    /// <param name="receptionHours">When requests are taken.</param>
    /// <param name="cutOff">For <see cref="TurnaroundKind.NextBusinessDayAt"/>: requests received at or after this time count from the next business day.</param>
    /// <param name="turnaround">How the due time follows from the time of receipt.</param>
    /// <exception cref="DomainException">The reception hours or the turnaround rule are not well formed.</exception>
    public ServiceMenu(Guid id, string code, string name, string englishName, ReceptionHours receptionHours, TimeOnly? cutOff, TurnaroundRule turnaround)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = id;
        Code = code;
        Change(name, englishName, receptionHours, cutOff, turnaround);
    }

    /// <summary>Identity of the menu.</summary>
    public Guid Id { get; private set; }

    /// <summary>Short stable code.</summary>
    public string Code { get; private set; }

    /// <summary>Japanese name.</summary>
    public string Name { get; private set; }

    /// <summary>English name.</summary>
    public string EnglishName { get; private set; }

    /// <summary>When requests are taken.</summary>
    public ReceptionHours ReceptionHours { get; private set; }

    /// <summary>Requests received at or after this time of day count from the next business day; null for none.</summary>
    public TimeOnly? CutOff { get; private set; }

    /// <summary>How the due time follows from the time of receipt.</summary>
    public TurnaroundRule Turnaround { get; private set; }

    /// <summary>Whether the menu is withdrawn: no new request may order it; requests that did keep their due times.</summary>
    public bool Disabled { get; private set; }

    /// <summary>Changes what the menu is; its code stays (contracts and requests name it).</summary>
    /// <exception cref="DomainException">The reception hours or the turnaround rule are not well formed.</exception>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Name), nameof(EnglishName), nameof(ReceptionHours), nameof(Turnaround))]
    public void Change(string name, string englishName, ReceptionHours receptionHours, TimeOnly? cutOff, TurnaroundRule turnaround)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(englishName);
        receptionHours.Validate();
        turnaround.Validate();
        Name = name;
        EnglishName = englishName;
        ReceptionHours = receptionHours;
        CutOff = cutOff;
        Turnaround = turnaround;
    }

    /// <summary>Withdraws the menu (or offers it again).</summary>
    public void SetDisabled(bool disabled) => Disabled = disabled;

    /// <summary>Whether a request received at <paramref name="receivedAt"/> can be taken under this menu.</summary>
    public bool IsReceivable(DateTimeOffset receivedAt, BusinessCalendar calendar) =>
        ReceptionHours.WindowContaining(TokyoTime.ToLocal(receivedAt), calendar) is not null;

    /// <summary>
    /// When the menu's clock starts for something that arrived at <paramref name="arrivedAt"/>: that instant while
    /// reception is open, otherwise the next opening (images that complete a request at night count from the morning).
    /// </summary>
    public DateTimeOffset ReceptionStart(DateTimeOffset arrivedAt, BusinessCalendar calendar)
    {
        var local = TokyoTime.ToLocal(arrivedAt);
        return ReceptionHours.WindowContaining(local, calendar) is not null
            ? arrivedAt
            : TokyoTime.At(ReceptionHours.NextWindowAfter(local, calendar).Start);
    }

    /// <summary>When a request received at <paramref name="receivedAt"/> is due, as a Tokyo (+09:00) instant.</summary>
    /// <exception cref="DomainException"><c>sla.not_receivable</c>: the menu does not take requests at that time.</exception>
    public DateTimeOffset DueAt(DateTimeOffset receivedAt, BusinessCalendar calendar)
    {
        var local = TokyoTime.ToLocal(receivedAt);
        var window = ReceptionHours.WindowContaining(local, calendar)
            ?? throw new DomainException("sla.not_receivable", $"Service menu '{Code}' does not take requests at {local:yyyy-MM-dd HH:mm} JST.");

        return Turnaround.Kind switch
        {
            TurnaroundKind.NextBusinessDayAt => TokyoTime.At(calendar.NextBusinessDay(AcceptanceDay(window.Start, local, calendar)), Turnaround.TimeOfDay!.Value),
            TurnaroundKind.NextDayAt => TokyoTime.At(DateOnly.FromDateTime(window.Start).AddDays(1), Turnaround.TimeOfDay!.Value),
            TurnaroundKind.HoursWithinReceptionHours => TokyoTime.At(AddReceptionTime(local, window.End, Turnaround.Duration!.Value, calendar)),
            TurnaroundKind.HoursAnyTime => TokyoTime.At(local + Turnaround.Duration!.Value),
            _ => throw new InvalidOperationException($"Unknown turnaround kind {Turnaround.Kind}."),
        };
    }

    // The business day the request counts from: the day its window opened, if that is a business day and the request
    // came before the cut-off; otherwise the next business day.
    private DateOnly AcceptanceDay(DateTime windowStart, DateTime local, BusinessCalendar calendar)
    {
        var day = DateOnly.FromDateTime(windowStart);
        var beforeCutOff = CutOff is not { } cutOff || (DateOnly.FromDateTime(local) == day && TimeOnly.FromDateTime(local) < cutOff);
        return calendar.IsBusinessDay(day) && beforeCutOff ? day : calendar.NextBusinessDay(day);
    }

    private DateTime AddReceptionTime(DateTime from, DateTime windowEnd, TimeSpan remaining, BusinessCalendar calendar)
    {
        while (from + remaining > windowEnd)
        {
            remaining -= windowEnd - from;
            (from, windowEnd) = ReceptionHours.NextWindowAfter(from, calendar);
        }

        return from + remaining;
    }
}
