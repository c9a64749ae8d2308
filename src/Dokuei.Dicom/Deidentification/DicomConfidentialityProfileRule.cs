namespace Dokuei.Dicom.Deidentification;

/// <summary>What one option column of Table E.1-1 says for an attribute.</summary>
/// <param name="Option">The option (one flag).</param>
/// <param name="Action">The action that replaces the Basic Profile action when the option is used.</param>
public readonly record struct DicomConfidentialityOptionAction(DicomConfidentialityOptions Option, DicomDeidentificationAction Action);

/// <summary>One row of PS3.15 Table E.1-1: an attribute (or a masked family such as 50xx,xxxx) and its actions.</summary>
public sealed class DicomConfidentialityProfileRule
{
    /// <summary>Creates a rule.</summary>
    public DicomConfidentialityProfileRule(uint tag, uint mask, string name, DicomDeidentificationAction basicProfile, DicomConfidentialityOptionAction[] optionActions)
    {
        Tag = new DicomTag(tag);
        Mask = mask;
        Name = name;
        BasicProfile = basicProfile;
        OptionActions = optionActions;
    }

    /// <summary>The tag; for masked rows, the bits that must match under <see cref="Mask"/>.</summary>
    public DicomTag Tag { get; }

    /// <summary>0xFFFFFFFF for a single attribute; fewer bits for 50xx/60xx rows and the private attributes row (odd groups).</summary>
    public uint Mask { get; }

    /// <summary>The attribute name as the standard writes it; empty where the name list did not have it.</summary>
    public string Name { get; }

    /// <summary>The Basic Profile action.</summary>
    public DicomDeidentificationAction BasicProfile { get; }

    /// <summary>The option columns that have an action for this attribute.</summary>
    public IReadOnlyList<DicomConfidentialityOptionAction> OptionActions { get; }

    /// <summary>True if <paramref name="tag"/> is covered by this row.</summary>
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;

    /// <summary>
    /// The action with the given options: an option's action overrides the Basic Profile (PS3.15 E.1.1);
    /// where several options apply, the one that retains most wins (K, then C, then the rest).
    /// </summary>
    public DicomDeidentificationAction ActionFor(DicomConfidentialityOptions options)
    {
        DicomDeidentificationAction? chosen = null;
        foreach (var (option, action) in OptionActions)
        {
            if ((options & option) != 0 && (chosen is null || Retention(action) > Retention(chosen.Value)))
            {
                chosen = action;
            }
        }

        return chosen ?? BasicProfile;
    }

    private static int Retention(DicomDeidentificationAction action) => action switch
    {
        DicomDeidentificationAction.Keep => 2,
        DicomDeidentificationAction.Clean => 1,
        _ => 0,
    };
}
