namespace Dokuei.Server.Features.Sla;

/// <summary>Why a day is a holiday under the Act on National Holidays (国民の祝日に関する法律).</summary>
public enum JapaneseHolidayKind
{
    /// <summary>A national holiday (国民の祝日) named in the act, including one-off days set by special acts.</summary>
    National,

    /// <summary>A substitute holiday (振替休日) for a national holiday that fell on a Sunday.</summary>
    Substitute,

    /// <summary>A citizens' holiday (国民の休日): a day between two national holidays.</summary>
    Citizens,
}
