namespace Dokuei.Server.Features.Sla;

/// <summary>Conversions between instants and the wall clock of Asia/Tokyo, where every deadline is stated.</summary>
public static class TokyoTime
{
    /// <summary>The Asia/Tokyo zone (JST, UTC+9; no daylight saving time since 1951).</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>The wall-clock time in Tokyo at <paramref name="instant"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>The instant of <paramref name="time"/> on <paramref name="date"/> in Tokyo, with its +09:00 offset.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) => At(date.ToDateTime(time));

    /// <summary>The instant of the Tokyo wall-clock time <paramref name="local"/>, with its +09:00 offset.</summary>
    public static DateTimeOffset At(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }
}
