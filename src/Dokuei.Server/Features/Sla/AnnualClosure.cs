namespace Dokuei.Server.Features.Sla;

/// <summary>
/// Days a center is closed every year, from one month/day to another inclusive; the range may run over the new year
/// (29 December to 3 January).
/// </summary>
/// <param name="Name">What the closure is, e.g. 年末年始.</param>
/// <param name="StartMonth">Month of the first closed day.</param>
/// <param name="StartDay">Day of month of the first closed day.</param>
/// <param name="EndMonth">Month of the last closed day.</param>
/// <param name="EndDay">Day of month of the last closed day.</param>
public sealed record AnnualClosure(string Name, int StartMonth, int StartDay, int EndMonth, int EndDay)
{
    /// <summary>The usual year-end closure of Japanese offices, 29 December to 3 January.</summary>
    public static AnnualClosure YearEnd { get; } = new("年末年始", 12, 29, 1, 3);

    /// <summary>Whether <paramref name="date"/> falls in the closure.</summary>
    public bool Contains(DateOnly date)
    {
        var day = (date.Month * 100) + date.Day;
        var start = (StartMonth * 100) + StartDay;
        var end = (EndMonth * 100) + EndDay;
        return start <= end ? day >= start && day <= end : day >= start || day <= end;
    }
}
