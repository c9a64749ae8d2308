using System.Collections.Concurrent;

namespace Dokuei.Dicom;

/// <summary>
/// The character repertoire of a dataset, from Specific Character Set (0008,0005): decodes string values to .NET strings
/// and encodes them back into the declared set (PS3.5 section 6.1, PS3.3 C.12.1.1.2), including ISO 2022 code extensions.
/// Faulty real-world data is decoded as well as it can be, and every guess is reported (see <see cref="DecodeWithDiagnostics"/>).
/// </summary>
public sealed partial class DicomCharacterSet
{
    // Each dataset asks for its set; the distinct values are few, so parsed sets are shared. The bound keeps hostile
    // input (a new value per file) from growing the cache without limit.
    private const int CacheLimit = 1024;
    private static readonly ConcurrentDictionary<string, DicomCharacterSet> s_cache = new(StringComparer.Ordinal);

    private readonly CharacterSetTerm? _multiByte;
    private readonly CharacterSetTerm? _singleWithoutExtensions;
    private readonly GraphicSet[] _declared;
    private readonly bool _japanese;
    private readonly bool _chinese;
    private readonly bool _utf8Plausible;
    private readonly string _label;

    private DicomCharacterSet(IReadOnlyList<string> terms, IReadOnlyList<string> warnings, List<CharacterSetTerm?> resolved)
    {
        Terms = terms;
        Warnings = warnings;
        _label = terms.Count == 0 ? "the default repertoire" : string.Join('\\', terms);

        var first = resolved.Count > 0 ? resolved[0] : null;
        if (first is { Kind: TermKind.MultiByte })
        {
            _multiByte = first;
        }
        else if (resolved.Count == 1 && first is { Kind: TermKind.SingleByte })
        {
            _singleWithoutExtensions = first;
        }

        InitialG0 = first?.G0 ?? GraphicSet.Ascii;
        InitialG1 = first?.G1;

        var declared = new List<GraphicSet> { GraphicSet.Ascii, GraphicSet.JisRomaji };
        foreach (var term in resolved)
        {
            if (term?.G0 is { } g0 && !declared.Contains(g0))
            {
                declared.Add(g0);
            }

            if (term?.G1 is { } g1 && !declared.Contains(g1))
            {
                declared.Add(g1);
            }
        }

        _declared = [.. declared];
        HasCodeExtensions = _multiByte is null && _singleWithoutExtensions is null && terms.Count > 0;
        Designations = HasCodeExtensions ? [.. declared.Where(s => !s.IsAsciiLike)] : [];

        // High bytes with nothing designated to G1: the first declared G1 set is the likely intent; with none declared at all
        // (default repertoire, ISO 2022 IR 6), Latin-1 is what other toolkits read.
        ImplicitG1 = InitialG1 ?? declared.FirstOrDefault(s => s.IsG1)
            ?? (declared.Any(s => s.BytesPerChar == 2) ? null : GraphicSet.Latin1);
        _japanese = declared.Any(s => s == GraphicSet.JisKatakana || s == GraphicSet.JisX0208 || s == GraphicSet.JisX0212);
        _chinese = declared.Contains(GraphicSet.Gb2312);

        // Valid UTF-8 is improbable text in a single-byte set, but a short KS X 1001, GB 2312 or JIS X 0201 value can
        // happen to be valid UTF-8, so for those the UTF-8 guess waits until the declared set has failed.
        _utf8Plausible = _multiByte is null && !declared.Any(s => s.IsG1 && s.BytesPerChar == 2) && InitialG1 != GraphicSet.JisKatakana;
    }

    /// <summary>The default repertoire (ISO_IR 6, ASCII), used when (0008,0005) is absent or its value 1 is empty.</summary>
    public static DicomCharacterSet Default { get; } = new([], [], []);

    /// <summary>Every defined term of PS3.3 C.12.1.1.2, spelled as the standard spells it.</summary>
    public static IReadOnlyCollection<string> DefinedTerms { get; } = [.. CharacterSetTerm.Names];

    /// <summary>The values of (0008,0005) as declared (trimmed), value 1 possibly empty; empty for the default repertoire.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>
    /// What was wrong with the (0008,0005) value itself and how it was read instead (unknown or misspelled terms,
    /// ISO_IR 13 where code extensions need ISO 2022 IR 13...); empty for a valid value.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True if values may switch sets with ISO 2022 escape sequences.</summary>
    public bool HasCodeExtensions { get; }

    internal GraphicSet InitialG0 { get; }

    internal GraphicSet? InitialG1 { get; }

    internal GraphicSet? ImplicitG1 { get; }

    /// <summary>The sets the encoder may designate, in the order of the declared terms.</summary>
    internal GraphicSet[] Designations { get; }

    /// <summary>
    /// The character set for a Specific Character Set value: backslash-separated defined terms, padding allowed.
    /// Never throws: unknown and misspelled terms are read as well as possible and listed in <see cref="Warnings"/>.
    /// </summary>
    public static DicomCharacterSet FromSpecificCharacterSet(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (s_cache.TryGetValue(value, out var cached))
        {
            return cached;
        }

        var set = Parse(value);
        if (s_cache.Count < CacheLimit)
        {
            s_cache.TryAdd(value, set);
        }

        return set;
    }

    /// <summary>True if the term is spelled exactly as a defined term of PS3.3 C.12.1.1.2 ("ISO_IR 100", "ISO 2022 IR 87", "GB18030").</summary>
    public static bool IsKnownTerm(string term) => CharacterSetTerm.Find(term) is not null;

    /// <summary>The problems of a (0008,0005) value, each with how it is read; empty if the value is valid.</summary>
    public static IReadOnlyList<string> Validate(string specificCharacterSet) => FromSpecificCharacterSet(specificCharacterSet).Warnings;

    /// <summary>The declared terms joined with backslashes, as in (0008,0005).</summary>
    public override string ToString() => string.Join('\\', Terms);

    internal bool IsDeclared(GraphicSet set) => Array.IndexOf(_declared, set) >= 0;

    private static DicomCharacterSet Parse(string value)
    {
        var declared = value.Split('\\').Select(t => t.Trim(' ', '\0')).ToArray();
        if (declared.All(t => t.Length == 0))
        {
            return Default;
        }

        var warnings = new List<string>();
        var resolved = new List<CharacterSetTerm?>();
        for (var i = 0; i < declared.Length; i++)
        {
            var name = declared[i];
            if (name.Length == 0)
            {
                if (i == 0)
                {
                    resolved.Add(null);
                }
                else
                {
                    warnings.Add($"value {i + 1} of Specific Character Set is empty; ignored");
                }

                continue;
            }

            var term = CharacterSetTerm.Find(name);
            if (term is null)
            {
                term = CharacterSetTerm.FindLenient(name);
                if (term is not null)
                {
                    warnings.Add($"'{name}' is not a defined term; read as '{term.Name}'");
                }
                else if (i == 0)
                {
                    warnings.Add($"unknown term '{name}'; read as the default repertoire (ISO_IR 6)");
                    resolved.Add(null);
                    continue;
                }
                else
                {
                    warnings.Add($"unknown term '{name}'; ignored");
                    continue;
                }
            }

            if (resolved.Contains(term))
            {
                warnings.Add($"term '{term.Name}' repeated; ignored");
                continue;
            }

            resolved.Add(term);
        }

        // UTF-8, GB18030 and GBK do not combine with code extensions (PS3.3 Table C.12-5); if one is declared at all,
        // the data is most likely in it.
        if (resolved.FirstOrDefault(t => t?.Kind == TermKind.MultiByte) is { } multiByte)
        {
            if (resolved.Count > 1)
            {
                warnings.Add($"{multiByte.Name} cannot be combined with other terms; read as {multiByte.Name} alone");
            }

            return new DicomCharacterSet(declared, warnings, [multiByte]);
        }

        if (resolved.Count > 1)
        {
            for (var i = 0; i < resolved.Count; i++)
            {
                if (resolved[i]?.WithCodeExtensions is { } extension)
                {
                    warnings.Add($"Specific Character Set {resolved[i]!.Name} used for a multi-valued value; read as {extension.Name}");
                    resolved[i] = extension;
                }
            }
        }

        // Value 1 sets the state every value starts in; a multi-byte set there would leave no ASCII for the delimiters.
        if (resolved[0] is { Kind: TermKind.MultiByteExtension } initial)
        {
            warnings.Add($"{initial.Name} as value 1: a multi-byte set cannot be the initial set; read as \\{initial.Name}");
            resolved.Insert(0, null);
        }

        return new DicomCharacterSet(declared, warnings, resolved);
    }
}
