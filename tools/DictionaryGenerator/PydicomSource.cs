using System.Globalization;
using System.Text.RegularExpressions;

namespace Dokuei.Tools.DictionaryGenerator;

/// <summary>A public data element: tag, or a repeating-group pattern such as 60xx3000.</summary>
internal sealed record ElementRow(string Pattern, string VR, string VM, string Name, bool IsRetired, string Keyword)
{
    /// <summary>The pattern with the variable digits zero.</summary>
    public uint Tag => uint.Parse(Pattern.Replace('x', '0'), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>One hex digit F per fixed digit, 0 per variable digit x.</summary>
    public uint Mask => uint.Parse(string.Concat(Pattern.Select(c => c == 'x' ? '0' : 'F')), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

internal sealed record UidRow(string Uid, string Name, string Type, string Info, bool IsRetired, string Keyword);

internal sealed record PrivateRow(string Creator, ushort Group, byte Element, string VR, string VM, string Name, bool IsRetired);

/// <summary>
/// Reads pydicom's generated dictionary modules as text. They are Python literals, one entry per line,
/// so a line-oriented regular expression is enough and no Python runs.
/// </summary>
internal static partial class PydicomSource
{
    // A Python string literal in single or double quotes (the generator uses double quotes when the text has an apostrophe).
    private const string Str = """(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""";

    [GeneratedRegex($@"^\s+(?:0x(?<key>[0-9A-F]{{8}})|'(?<key>[0-9A-Fx]{{8}})'): \((?<vr>{Str}), (?<vm>{Str}), (?<name>{Str}), (?<ret>{Str}), (?<kw>{Str})\),?\s*(?:#.*)?$")]
    private static partial Regex ElementLine();

    [GeneratedRegex($@"^\s+'(?<uid>[0-9.]+)': \((?<name>{Str}), (?<type>{Str}), (?<info>{Str}), (?<ret>{Str}), (?<kw>{Str})\),?\s*(?:#.*)?$")]
    private static partial Regex UidLine();

    [GeneratedRegex($@"^\s{{4}}(?<creator>{Str}): \{{\s*$")]
    private static partial Regex CreatorLine();

    [GeneratedRegex($@"^\s{{8}}'(?<key>[0-9A-Fa-fx]{{8}})': \((?<vr>{Str}), (?<vm>{Str}), (?<name>{Str}), (?<ret>{Str})\),?\s*(?:#.*)?$")]
    private static partial Regex PrivateLine();

    public static List<ElementRow> ReadElements(string path)
    {
        var rows = new List<ElementRow>();
        foreach (var line in File.ReadLines(path))
        {
            var m = ElementLine().Match(line);
            if (m.Success)
            {
                rows.Add(new ElementRow(m.Groups["key"].Value, Unquote(m.Groups["vr"].Value), Unquote(m.Groups["vm"].Value), Unquote(m.Groups["name"].Value), Unquote(m.Groups["ret"].Value).Length > 0, Unquote(m.Groups["kw"].Value)));
            }
        }

        return rows;
    }

    public static List<UidRow> ReadUids(string path)
    {
        var rows = new List<UidRow>();
        foreach (var line in File.ReadLines(path))
        {
            var m = UidLine().Match(line);
            if (m.Success)
            {
                rows.Add(new UidRow(m.Groups["uid"].Value, Unquote(m.Groups["name"].Value), Unquote(m.Groups["type"].Value), Unquote(m.Groups["info"].Value), Unquote(m.Groups["ret"].Value).Length > 0, Unquote(m.Groups["kw"].Value)));
            }
        }

        return rows;
    }

    /// <summary>Reads private elements keyed ggggxxee (xx = the creator's block); other key shapes are counted in <paramref name="skipped"/>.</summary>
    public static List<PrivateRow> ReadPrivate(string path, out int skipped)
    {
        var rows = new List<PrivateRow>();
        string? creator = null;
        skipped = 0;
        foreach (var line in File.ReadLines(path))
        {
            var c = CreatorLine().Match(line);
            if (c.Success)
            {
                creator = Unquote(c.Groups["creator"].Value);
                continue;
            }

            var m = PrivateLine().Match(line);
            if (!m.Success || creator is null)
            {
                continue;
            }

            var key = m.Groups["key"].Value.ToUpperInvariant().Replace('X', 'x');
            if (key[4..6] != "xx" || key[..4].Contains('x', StringComparison.Ordinal) || key[6..].Contains('x', StringComparison.Ordinal))
            {
                skipped++;
                continue;
            }

            var group = ushort.Parse(key[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var element = byte.Parse(key[6..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            rows.Add(new PrivateRow(creator, group, element, Unquote(m.Groups["vr"].Value), Unquote(m.Groups["vm"].Value), Unquote(m.Groups["name"].Value), Unquote(m.Groups["ret"].Value).Length > 0));
        }

        return rows;
    }

    private static string Unquote(string literal) => Regex.Unescape(literal[1..^1]);
}
