namespace Dokuei.Server.Features.Sla;

/// <summary>How a service menu turns the time a request was received into its due time.</summary>
public enum TurnaroundKind
{
    /// <summary>Due at a time of day on the next business day after the day of acceptance (normal service).</summary>
    NextBusinessDayAt,

    /// <summary>Due at a time of day on the next calendar day after the window it was received in (morning service).</summary>
    NextDayAt,

    /// <summary>Due after a number of hours counted only while reception is open (urgent service).</summary>
    HoursWithinReceptionHours,

    /// <summary>Due after a number of hours around the clock (24/365 service).</summary>
    HoursAnyTime,
}
