namespace Dokuei.Server.Features.Sla;

/// <summary>The turnaround rule of a service menu: a kind with either a time of day or a duration.</summary>
/// <param name="Kind">How the due time is found.</param>
/// <param name="TimeOfDay">For the next-day kinds: the wall-clock time the request is due.</param>
/// <param name="Duration">For the hours kinds: how long the reading may take.</param>
public sealed record TurnaroundRule(TurnaroundKind Kind, TimeOnly? TimeOfDay, TimeSpan? Duration)
{
    /// <summary>Due at <paramref name="time"/> on the next business day after acceptance.</summary>
    public static TurnaroundRule NextBusinessDayAt(TimeOnly time) => new(TurnaroundKind.NextBusinessDayAt, time, null);

    /// <summary>Due at <paramref name="time"/> on the calendar day after the window the request arrived in.</summary>
    public static TurnaroundRule NextDayAt(TimeOnly time) => new(TurnaroundKind.NextDayAt, time, null);

    /// <summary>Due <paramref name="hours"/> hours of open reception time after receipt.</summary>
    public static TurnaroundRule HoursWithinReceptionHours(int hours) => new(TurnaroundKind.HoursWithinReceptionHours, null, TimeSpan.FromHours(hours));

    /// <summary>Due <paramref name="hours"/> hours after receipt, any time of day.</summary>
    public static TurnaroundRule HoursAnyTime(int hours) => new(TurnaroundKind.HoursAnyTime, null, TimeSpan.FromHours(hours));

    /// <summary>Checks that the rule carries what its kind needs.</summary>
    /// <exception cref="DomainException">A time of day or a positive duration is missing.</exception>
    public void Validate()
    {
        var valid = Kind switch
        {
            TurnaroundKind.NextBusinessDayAt or TurnaroundKind.NextDayAt => TimeOfDay is not null,
            TurnaroundKind.HoursWithinReceptionHours or TurnaroundKind.HoursAnyTime => Duration > TimeSpan.Zero,
            _ => false,
        };
        if (!valid)
        {
            throw new DomainException("sla.invalid_turnaround", $"Turnaround rule {Kind} needs a time of day or a positive duration.");
        }
    }
}
