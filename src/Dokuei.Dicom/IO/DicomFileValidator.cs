using System.Globalization;

namespace Dokuei.Dicom.IO;

/// <summary>The outcome of checking a file: errors make it invalid, warnings are tolerated faults.</summary>
/// <param name="Errors">Problems a conforming reader may refuse.</param>
/// <param name="Warnings">Faults tolerated while reading, and doubtful values.</param>
public sealed record DicomValidationReport(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// Structural checks of a DICOM file (PS3.10 file meta, PS3.5 encoding rules): it parses, meta and dataset agree,
/// UIDs are well formed, values fit their VR's length and character rules, tags are in order.
/// </summary>
public static class DicomFileValidator
{
    /// <summary>Checks a file; never throws for bad data (the problem becomes an error line).</summary>
    public static DicomValidationReport Validate(string path)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        DicomFile file;
        try
        {
            file = DicomFile.Open(path);
        }
        catch (DicomParseException ex)
        {
            errors.Add(ex.Message);
            return new DicomValidationReport(errors, warnings);
        }
        catch (IOException ex)
        {
            errors.Add(ex.Message);
            return new DicomValidationReport(errors, warnings);
        }

        warnings.AddRange(file.Warnings.Select(w => w.ToString()));
        CheckMeta(file, errors);
        var characterSetValue = file.Dataset.GetString(DicomTag.SpecificCharacterSetTag);
        if (characterSetValue != null)
        {
            foreach (var problem in DicomCharacterSet.Validate(characterSetValue))
            {
                warnings.Add($"/(0008,0005): {problem}");
            }
        }

        CheckDataset(file.Dataset, "", errors, warnings);
        return new DicomValidationReport(errors, warnings);
    }

    private static void CheckMeta(DicomFile file, List<string> errors)
    {
        if (file.Prefix == DicomFilePrefix.None)
        {
            errors.Add("no file meta information (not a PS3.10 file: no preamble, no \"DICM\", no group 0002)");
            return;
        }

        var meta = file.FileMetaInformation;
        foreach (var (tag, name) in new[]
        {
            (new DicomTag(0x00020001), "File Meta Information Version"),
            (new DicomTag(0x00020002), "Media Storage SOP Class UID"),
            (new DicomTag(0x00020003), "Media Storage SOP Instance UID"),
            (new DicomTag(0x00020010), "Transfer Syntax UID"),
            (new DicomTag(0x00020012), "Implementation Class UID"),
        })
        {
            if (!meta.Contains(tag) || meta.GetValueCount(tag) == 0)
            {
                errors.Add($"/{tag}: {name} is missing from the file meta information (type 1)");
            }
        }

        Compare(meta, new DicomTag(0x00020002), file.Dataset, new DicomTag(0x00080016), "SOP Class UID", errors);
        Compare(meta, new DicomTag(0x00020003), file.Dataset, new DicomTag(0x00080018), "SOP Instance UID", errors);
        if (meta.TryGetElement(new DicomTag(0x00020000), out _) && meta.TryGetInt64(new DicomTag(0x00020000), out var declared))
        {
            var actual = new DicomDatasetWriter(TransferSyntax.ExplicitVRLittleEndian, preserveEncoding: true).Measure(meta) - 12;
            if (declared != actual)
            {
                errors.Add($"/(0002,0000): File Meta Information Group Length is {declared} but the group has {actual} bytes");
            }
        }
    }

    private static void Compare(DicomDataset meta, DicomTag metaTag, DicomDataset dataset, DicomTag datasetTag, string name, List<string> errors)
    {
        var a = meta.GetString(metaTag);
        var b = dataset.GetString(datasetTag);
        if (a != null && b != null && a != b)
        {
            errors.Add($"/{metaTag}: the file meta information says {name} {a} but the dataset has {b}");
        }
    }

    private static void CheckDataset(DicomDataset dataset, string path, List<string> errors, List<string> warnings)
    {
        DicomTag? previous = null;
        foreach (var element in dataset)
        {
            var at = $"{path}/{element.Tag}";
            if (previous is { } p && element.Tag <= p)
            {
                errors.Add($"{at}: elements are not in ascending tag order (after {p})");
            }

            previous = element.Tag;
            if (element.Tag.IsPrivate && !element.Tag.IsPrivateCreator && element.Tag.Element >= 0x1000 && !dataset.Contains(element.Tag.PrivateCreatorTag))
            {
                warnings.Add($"{at}: private element without its private creator {element.Tag.PrivateCreatorTag}");
            }

            if (DicomDictionary.TryGetEntry(element.Tag, out var entry) && !element.Tag.IsPrivate && element.VR != DicomVR.UN
                && element.VR != entry.VR && !entry.AlternativeVRs.Contains(element.VR) && entry.VR != DicomVR.None)
            {
                warnings.Add($"{at}: VR {element.VR} where the dictionary says {entry.VR} for {entry.Keyword}");
            }

            switch (element)
            {
                case DicomSequence sequence:
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        CheckDataset(sequence.Items[i], $"{at}/{i}", errors, warnings);
                    }

                    break;
                case DicomValueElement value when value.VR.IsString && value.Buffer.IsInMemory:
                    CheckStringValue(dataset, value, at, errors, warnings);
                    break;
                case DicomValueElement value when value.VR.IsBinary && value.VR.ByteSwapUnit > 1 && value.Length % value.VR.ByteSwapUnit != 0:
                    errors.Add($"{at}: {value.VR} value of {value.Length} bytes is not a whole number of {value.VR.ByteSwapUnit}-byte values");
                    break;
                default:
                    break;
            }

            if (element is DicomValueElement { Length: var length } && length % 2 == 1)
            {
                errors.Add($"{at}: odd value length {length} (PS3.5 section 7.1.1 requires even lengths)");
            }
        }
    }

    private static void CheckStringValue(DicomDataset dataset, DicomValueElement value, string at, List<string> errors, List<string> warnings)
    {
        var vr = value.VR;
        var decoded = dataset.CharacterSet.DecodeWithDiagnostics(value.Span, vr);
        foreach (var warning in decoded.Warnings)
        {
            warnings.Add($"{at}: {warning}");
        }

        var values = vr.IsSingleValued ? [decoded.Text.TrimEnd(' ', '\0')] : decoded.Text.TrimEnd(' ', '\0').Split('\\');
        var max = MaxLength(vr);
        foreach (var v in values)
        {
            var trimmed = v.Trim(' ', '\0');
            if (max > 0 && v.Length > max)
            {
                errors.Add($"{at}: {vr} value '{Shorten(v)}' is {v.Length} characters, more than the {max} allowed");
            }

            if (trimmed.Length == 0)
            {
                continue;
            }

            string? problem = vr.Code switch
            {
                0x5549 => DicomUidValidator.IsValid(trimmed, out var reason) ? null : reason,
                0x4441 => DicomDateTime.TryParseDate(trimmed, out _) || trimmed.Contains('-') ? null : "is not a date (YYYYMMDD)",
                0x544D => DicomDateTime.TryParseTime(trimmed, out _) || trimmed.Contains('-') ? null : "is not a time (HHMMSS.FFFFFF)",
                0x4453 => double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "is not a decimal number",
                0x4953 => long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "is not an integer",
                0x4353 => trimmed.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is ' ' or '_') ? null : "has characters CS does not allow (A-Z, 0-9, space, _)",
                0x4153 => trimmed.Length == 4 && trimmed[..3].All(char.IsAsciiDigit) && "DWMY".Contains(trimmed[3]) ? null : "is not an age (nnnD/W/M/Y)",
                _ => null,
            };
            if (problem != null)
            {
                (vr == DicomVR.UI ? errors : warnings).Add($"{at}: {vr} value '{Shorten(trimmed)}' {problem}");
            }
        }
    }

    private static int MaxLength(DicomVR vr) => vr.Code switch
    {
        0x4145 => 16, // AE
        0x4153 => 4, // AS
        0x4353 => 16, // CS
        0x4441 => 18, // DA (range queries allow 18)
        0x4453 => 16, // DS
        0x4454 => 54, // DT
        0x4953 => 12, // IS
        0x4C4F => 64, // LO
        0x4C54 => 10240, // LT
        0x5348 => 16, // SH
        0x5354 => 1024, // ST
        0x544D => 28, // TM
        0x5549 => 64, // UI
        _ => 0,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
