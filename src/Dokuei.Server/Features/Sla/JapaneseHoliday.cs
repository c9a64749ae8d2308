namespace Dokuei.Server.Features.Sla;

/// <summary>One Japanese public holiday with its Japanese and English name.</summary>
/// <param name="Date">The calendar day.</param>
/// <param name="Name">The Japanese name, e.g. 春分の日 or 振替休日.</param>
/// <param name="EnglishName">The English name, e.g. Vernal Equinox Day.</param>
/// <param name="Kind">Whether it is a national, substitute or citizens' holiday.</param>
public sealed record JapaneseHoliday(DateOnly Date, string Name, string EnglishName, JapaneseHolidayKind Kind);
