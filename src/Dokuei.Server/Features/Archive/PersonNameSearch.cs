using System.Globalization;
using System.Text;

namespace Dokuei.Server.Features.Archive;

/// <summary>
/// Person names in the index: the three component groups (alphabetic, ideographic, phonetic) normalised and stored as
/// <c>=ALPHA=IDEO=PHON=</c>, so one LIKE pattern matches within a group: a group boundary is always '='. Normalisation
/// makes matching insensitive to case, width (NFKC: half-width kana, full-width Latin) and katakana versus hiragana,
/// which is how Japanese names are typed in practice.
/// </summary>
internal static class PersonNameSearch
{
    /// <summary>The stored search form of a PN value (groups separated by '='); null for no name.</summary>
    public static string? Index(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var groups = value.Split('=');
        var builder = new StringBuilder("=");
        for (var i = 0; i < 3; i++)
        {
            builder.Append(i < groups.Length ? Normalize(groups[i].Trim()) : "").Append('=');
        }

        return builder.ToString();
    }

    /// <summary>Case, width and kana folding used on stored names and on query values alike.</summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        var chars = folded.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            // Katakana ァ..ヶ (U+30A1..U+30F6) to hiragana ぁ..ゖ (U+3041..U+3096).
            if (chars[i] is >= '\u30A1' and <= '\u30F6')
            {
                chars[i] = (char)(chars[i] - 0x60);
            }
        }

        return new string(chars).Replace('=', ' ').Replace('%', ' ').Replace('_', ' ');
    }

    /// <summary>
    /// LIKE patterns (escape '\') a name must all match. Without fuzzy matching a value without '=' matches any one group
    /// (so "山田^太郎" finds the ideographic group) and a value with '=' matches group by group, empty groups matching all.
    /// With fuzzy matching every word of the value must begin some name component in any group.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Patterns(string query, bool fuzzy)
    {
        if (fuzzy)
        {
            var words = Normalize(query).Split([' ', '^', ',', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
            return words.Select(w =>
            {
                var prefix = EscapeLike(w.Replace("*", "", StringComparison.Ordinal).Replace("?", "", StringComparison.Ordinal));
                return (IReadOnlyList<string>)[$"%={prefix}%", $"%^{prefix}%", $"% {prefix}%"];
            }).ToList();
        }

        var groups = query.Split('=');
        if (groups.Length == 1)
        {
            return [[$"%={Wildcards(Normalize(groups[0]))}=%"]];
        }

        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var group = i < groups.Length ? groups[i] : "";
            parts[i] = group.Length == 0 || group == "*" ? "%" : Wildcards(Normalize(group));
        }

        return [[$"={parts[0]}={parts[1]}={parts[2]}="]];
    }

    /// <summary>DICOM wildcards (* and ?) as LIKE wildcards, everything else literal.</summary>
    public static string Wildcards(string value)
    {
        var builder = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '*' => "%",
                '?' => "_",
                '%' => "\\%",
                '_' => "\\_",
                '\\' => "\\\\",
                _ => c.ToString(CultureInfo.InvariantCulture),
            });
        }

        return builder.ToString();
    }

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
