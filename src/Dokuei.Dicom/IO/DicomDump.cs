using System.Globalization;
using System.Text;

namespace Dokuei.Dicom.IO;

/// <summary>A human-readable listing of a file, one element a line, sequences indented (the shape of dcmdump's output).</summary>
public static class DicomDump
{
    private const int MaxShownBytes = 32;

    /// <summary>Writes the listing of a file.</summary>
    public static void Write(DicomFile file, TextWriter output)
    {
        output.WriteLine("# Dicom-File-Format");
        if (file.Prefix != DicomFilePrefix.None)
        {
            output.WriteLine();
            output.WriteLine("# Dicom-Meta-Information-Header");
            output.WriteLine("# Used TransferSyntax: Little Endian Explicit");
            WriteDataset(file.FileMetaInformation, output, 0);
        }

        output.WriteLine();
        output.WriteLine("# Dicom-Data-Set");
        output.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
        WriteDataset(file.Dataset, output, 0);
        foreach (var warning in file.Warnings)
        {
            output.WriteLine($"# warning: {warning}");
        }
    }

    /// <summary>Writes the listing of a dataset at an indentation depth.</summary>
    public static void WriteDataset(DicomDataset dataset, TextWriter output, int depth)
    {
        var indent = new string(' ', depth * 2);
        foreach (var element in dataset)
        {
            var name = DicomDictionary.GetKeyword(element.Tag) ?? (element.Tag.IsPrivateCreator ? "PrivateCreator" : "Unknown Tag & Data");
            var tag = element.Tag.ToString().ToLowerInvariant();
            switch (element)
            {
                case DicomSequence sequence:
                    {
                        var undefined = element.Origin?.UndefinedLength ?? true;
                        Line(output, indent, tag, "SQ", $"(Sequence with {(undefined ? "undefined" : "explicit")} length #={sequence.Items.Count})", undefined ? "u/l" : "", 1, name);
                        foreach (var item in sequence.Items)
                        {
                            Line(output, indent + "  ", "(fffe,e000)", "na", $"(Item with {(item.UndefinedLengthItem ? "undefined" : "explicit")} length #={item.Count})", item.UndefinedLengthItem ? "u/l" : "", 1, "Item");
                            WriteDataset(item, output, depth + 2);
                            Line(output, indent + "  ", "(fffe,e00d)", "na", "(ItemDelimitationItem)", "0", 0, "ItemDelimitationItem");
                        }

                        Line(output, indent, "(fffe,e0dd)", "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
                        break;
                    }

                case DicomFragmentSequence fragments:
                    Line(output, indent, tag, element.VR.ToString(), $"(PixelSequence #={fragments.Fragments.Count + 1})", "u/l", 1, name);
                    Line(output, indent + "  ", "(fffe,e000)", "pi", Bytes(fragments.BasicOffsetTable), fragments.BasicOffsetTable.Length.ToString(CultureInfo.InvariantCulture), 1, "Item");
                    foreach (var fragment in fragments.Fragments)
                    {
                        Line(output, indent + "  ", "(fffe,e000)", "pi", Bytes(fragment), fragment.Length.ToString(CultureInfo.InvariantCulture), 1, "Item");
                    }

                    Line(output, indent, "(fffe,e0dd)", "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
                    break;
                case DicomValueElement value:
                    {
                        string shown;
                        if (value.Length == 0)
                        {
                            shown = "(no value available)";
                        }
                        else if (value.VR.IsString)
                        {
                            shown = "[" + Escape(dataset.GetString(element.Tag) ?? "") + "]";
                        }
                        else if (value.VR.IsBulkDataCandidate && value.VR != DicomVR.OF && value.VR != DicomVR.OD && value.VR != DicomVR.OL && value.VR != DicomVR.OV || value.Length > 256)
                        {
                            shown = Bytes(value.Buffer);
                        }
                        else
                        {
                            shown = string.Join('\\', dataset.GetStrings(element.Tag));
                        }

                        Line(output, indent, tag, value.VR.ToString(), shown, value.Length.ToString(CultureInfo.InvariantCulture), dataset.GetValueCount(element.Tag), name);
                        break;
                    }

                default:
                    break;
            }
        }
    }

    private static void Line(TextWriter output, string indent, string tag, string vr, string value, string length, int vm, string name)
    {
        var left = $"{indent}{tag} {vr} {value}";
        output.WriteLine($"{left.PadRight(Math.Max(left.Length + 1, 52))}# {length,4}, {vm} {name}");
    }

    private static string Bytes(DicomBuffer buffer)
    {
        if (!buffer.IsInMemory && buffer.Length > MaxShownBytes)
        {
            return $"(not loaded, {buffer.Length} bytes)";
        }

        var span = buffer.Memory.Span;
        var sb = new StringBuilder();
        for (var i = 0; i < Math.Min(span.Length, MaxShownBytes); i++)
        {
            if (i > 0)
            {
                sb.Append('\\');
            }

            sb.Append(span[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        if (span.Length > MaxShownBytes)
        {
            sb.Append("...");
        }

        return sb.ToString();
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
