namespace Dokuei.Dicom;

/// <summary>
/// A person name (PN) with up to three component groups (PS3.5 section 6.2.1):
/// alphabetic, ideographic and phonetic, e.g. <c>Yamada^Tarou=山田^太郎=やまだ^たろう</c>.
/// </summary>
/// <param name="Alphabetic">The alphabetic (single-byte) group.</param>
/// <param name="Ideographic">The ideographic group (kanji), empty if absent.</param>
/// <param name="Phonetic">The phonetic group (kana), empty if absent.</param>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    /// <summary>Splits a decoded PN value at '=' into its component groups.</summary>
    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new DicomPersonName(
            groups.Length > 0 ? groups[0] : "",
            groups.Length > 1 ? groups[1] : "",
            groups.Length > 2 ? groups[2] : "");
    }

    /// <summary>Family name of the alphabetic group.</summary>
    public string FamilyName => Component(Alphabetic, 0);

    /// <summary>Given name of the alphabetic group.</summary>
    public string GivenName => Component(Alphabetic, 1);

    /// <summary>The value as DICOM writes it, without trailing empty groups.</summary>
    public override string ToString()
    {
        if (Phonetic.Length > 0)
        {
            return $"{Alphabetic}={Ideographic}={Phonetic}";
        }

        return Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}" : Alphabetic;
    }

    private static string Component(string group, int index)
    {
        var parts = group.Split('^');
        return index < parts.Length ? parts[index] : "";
    }
}
