using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace Dokuei.Dicom;

/// <summary>
/// Writes datasets as the Native DICOM Model of PS3.19 Annex A (the XML of DICOMweb's application/dicom+xml), streaming
/// through an <see cref="XmlWriter"/>; bulk data above the threshold is never loaded.
/// </summary>
/// <remarks>
/// Private data elements are written as the standard asks: tag gggg00ee with the private creator in <c>privateCreator</c>;
/// the private creator elements themselves are therefore not written. Characters XML 1.0 cannot carry (control
/// characters other than tab, line feed and carriage return) are replaced with U+FFFD.
/// </remarks>
public static class DicomXmlWriter
{
    /// <summary>The XML namespace of the Native DICOM Model.</summary>
    public const string Namespace = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

    private const int DrainThreshold = 64 * 1024;

    private static readonly string[] NameComponents = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"];

    /// <summary>Writes a dataset as an XML document (UTF-8) to a stream.</summary>
    public static void Write(Stream output, DicomDataset dataset, DicomWebWriterOptions? options = null)
    {
        options ??= DicomWebWriterOptions.Default;
        using var writer = XmlWriter.Create(output, Settings(options));
        writer.WriteStartDocument();
        Write(writer, dataset, options);
        writer.WriteEndDocument();
    }

    /// <summary>Writes a dataset as a <c>NativeDicomModel</c> element to an XML writer.</summary>
    public static void Write(XmlWriter writer, DicomDataset dataset, DicomWebWriterOptions? options = null)
    {
        foreach (var _ in WriteModel(writer, dataset, new Context(options ?? DicomWebWriterOptions.Default)))
        {
        }

        writer.Flush();
    }

    /// <summary>Writes a dataset as an XML document (UTF-8) to a stream without blocking on the stream.</summary>
    public static async Task WriteAsync(Stream output, DicomDataset dataset, DicomWebWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomWebWriterOptions.Default;

        // XmlWriter writes synchronously into a staging buffer that is drained to the stream asynchronously between
        // elements, so one writing loop serves both entry points.
        using var staging = new MemoryStream();
        using (var writer = XmlWriter.Create(staging, Settings(options)))
        {
            writer.WriteStartDocument();
            foreach (var _ in WriteModel(writer, dataset, new Context(options)))
            {
                if (staging.Length > DrainThreshold)
                {
                    await DrainAsync(staging, output, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteEndDocument();
        }

        await DrainAsync(staging, output, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The XML document of a dataset as a string; for small datasets, logs and tests.</summary>
    public static string Serialize(DicomDataset dataset, DicomWebWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        Write(stream, dataset, options);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static XmlWriterSettings Settings(DicomWebWriterOptions options) => new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = options.Indent,
        CloseOutput = false,
    };

    private static async Task DrainAsync(MemoryStream staging, Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(staging.GetBuffer().AsMemory(0, (int)staging.Length), cancellationToken).ConfigureAwait(false);
        staging.SetLength(0);
    }

    private static IEnumerable<int> WriteModel(XmlWriter writer, DicomDataset dataset, Context context)
    {
        writer.WriteStartElement("NativeDicomModel", Namespace);
        writer.WriteAttributeString("xml", "space", null, "preserve");
        foreach (var step in WriteDataset(writer, dataset, context))
        {
            yield return step;
        }

        writer.WriteEndElement();
    }

    private static IEnumerable<int> WriteDataset(XmlWriter writer, DicomDataset dataset, Context context)
    {
        foreach (var element in DicomWebModel.ElementsToWrite(dataset, context.Options))
        {
            if (element.Tag.IsPrivateCreator)
            {
                continue;
            }

            WriteAttributeStart(writer, dataset, element);
            switch (element)
            {
                case DicomSequence sequence:
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        writer.WriteStartElement("Item", Namespace);
                        writer.WriteAttributeString("number", (i + 1).ToString(CultureInfo.InvariantCulture));
                        context.Path.Push(sequence.Tag, i);
                        foreach (var step in WriteDataset(writer, sequence.Items[i], context))
                        {
                            yield return step;
                        }

                        context.Path.Pop();
                        writer.WriteEndElement();
                    }

                    break;

                case DicomFragmentSequence fragments:
                    if (DicomWebModel.EncapsulatedLength(fragments) > context.Options.BulkDataThreshold)
                    {
                        WriteBulkData(writer, element, context);
                    }
                    else
                    {
                        foreach (var step in WriteInlineBinary(writer, DicomWebModel.StreamEncapsulated(fragments, context.Scratch, context.Sink(writer))))
                        {
                            yield return step;
                        }
                    }

                    break;

                case DicomValueElement { Buffer: DicomBulkDataReference reference }:
                    WriteBulkData(writer, reference.Uri);
                    break;

                case DicomValueElement value when DicomWebModel.IsOctetStream(value.VR):
                    if (value.Length > context.Options.BulkDataThreshold)
                    {
                        WriteBulkData(writer, element, context);
                    }
                    else if (value.Length > 0)
                    {
                        foreach (var step in WriteInlineBinary(writer, DicomWebModel.StreamValue(value.Buffer, context.Scratch, context.Sink(writer))))
                        {
                            yield return step;
                        }
                    }

                    break;

                case DicomValueElement value:
                    WriteValues(writer, dataset, value);
                    break;

                default:
                    break;
            }

            writer.WriteEndElement();
            yield return 0;
        }
    }

    private static void WriteAttributeStart(XmlWriter writer, DicomDataset dataset, DicomElement element)
    {
        var tag = element.Tag;
        string? creator = null;
        string? keyword;
        if (tag.IsPrivate && tag.Element >= 0x1000 && dataset.GetString(tag.PrivateCreatorTag) is { Length: > 0 } privateCreator)
        {
            // PS3.19 Table A.1.5-2: the block of a private element is not sent; its creator is.
            creator = privateCreator;
            keyword = DicomDictionary.TryGetPrivateEntry(creator, tag, out var entry) && entry.Keyword.Length > 0 ? entry.Keyword : null;
            tag = new DicomTag(tag.Group, (ushort)(tag.Element & 0xFF));
        }
        else
        {
            keyword = tag.IsPrivate ? null : DicomDictionary.GetKeyword(tag);
        }

        writer.WriteStartElement("DicomAttribute", Namespace);
        writer.WriteAttributeString("tag", tag.ToJsonKey());
        writer.WriteAttributeString("vr", DicomWebModel.VRName(element));
        if (keyword != null)
        {
            writer.WriteAttributeString("keyword", keyword);
        }

        if (creator != null)
        {
            writer.WriteAttributeString("privateCreator", XmlSafe(creator));
        }
    }

    private static void WriteBulkData(XmlWriter writer, DicomElement element, Context context)
    {
        var path = context.Path.Format(element.Tag);
        WriteBulkData(writer, context.Options.BulkDataUriFactory?.Invoke(path, element) ?? path);
    }

    private static void WriteBulkData(XmlWriter writer, string uri)
    {
        writer.WriteStartElement("BulkData", Namespace);
        writer.WriteAttributeString("uri", uri);
        writer.WriteEndElement();
    }

    private static IEnumerable<int> WriteInlineBinary(XmlWriter writer, IEnumerable<int> chunks)
    {
        writer.WriteStartElement("InlineBinary", Namespace);
        foreach (var step in chunks)
        {
            yield return step;
        }

        writer.WriteEndElement();
    }

    private static void WriteValues(XmlWriter writer, DicomDataset dataset, DicomValueElement element)
    {
        var vr = element.VR;
        if (vr.IsString)
        {
            var text = DicomWebModel.DecodeText(dataset, element);
            if (text.Length == 0)
            {
                return;
            }

            var values = DicomWebModel.SplitValues(text, vr);
            for (var i = 0; i < values.Length; i++)
            {
                if (vr == DicomVR.PN)
                {
                    WritePersonName(writer, i + 1, values[i]);
                }
                else
                {
                    WriteValue(writer, i + 1, vr == DicomVR.DS || vr == DicomVR.IS ? values[i]?.Trim(' ') : values[i]);
                }
            }

            return;
        }

        var size = DicomWebModel.ValueSize(vr);
        if (element.Length < size)
        {
            return;
        }

        var formatted = DicomDataset.FormatBinary(element.Span, vr);
        for (var i = 0; i < formatted.Length; i++)
        {
            WriteValue(writer, i + 1, formatted[i]);
        }
    }

    private static void WriteValue(XmlWriter writer, int number, string? value)
    {
        writer.WriteStartElement("Value", Namespace);
        writer.WriteAttributeString("number", number.ToString(CultureInfo.InvariantCulture));
        if (value != null)
        {
            writer.WriteString(XmlSafe(value));
        }

        writer.WriteEndElement();
    }

    private static void WritePersonName(XmlWriter writer, int number, string? value)
    {
        writer.WriteStartElement("PersonName", Namespace);
        writer.WriteAttributeString("number", number.ToString(CultureInfo.InvariantCulture));
        if (value != null)
        {
            var name = DicomPersonName.Parse(value);
            WriteNameGroup(writer, "Alphabetic", name.Alphabetic);
            WriteNameGroup(writer, "Ideographic", name.Ideographic);
            WriteNameGroup(writer, "Phonetic", name.Phonetic);
        }

        writer.WriteEndElement();
    }

    private static void WriteNameGroup(XmlWriter writer, string group, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        writer.WriteStartElement(group, Namespace);
        var components = value.Split('^');
        for (var i = 0; i < Math.Min(components.Length, NameComponents.Length); i++)
        {
            if (components[i].Length > 0)
            {
                writer.WriteElementString(NameComponents[i], Namespace, XmlSafe(components[i]));
            }
        }

        writer.WriteEndElement();
    }

    private static string XmlSafe(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!XmlConvert.IsXmlChar(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                firstBad = i;
                break;
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        if (firstBad < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length);
        safe.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(text[i]).Append(text[++i]);
            }
            else
            {
                safe.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return safe.ToString();
    }

    private sealed class Context(DicomWebWriterOptions options)
    {
        private XmlWriter? _sinkWriter;
        private Action<ReadOnlyMemory<byte>>? _sink;

        public DicomWebWriterOptions Options { get; } = options;

        public DicomAttributePathBuilder Path { get; } = new();

        public byte[] Scratch => field ??= new byte[DicomWebModel.ChunkSize];

        public Action<ReadOnlyMemory<byte>> Sink(XmlWriter writer)
        {
            if (_sinkWriter != writer || _sink == null)
            {
                _sinkWriter = writer;
                _sink = chunk =>
                {
                    var segment = MemoryMarshal.TryGetArray(chunk, out var array) ? array : new ArraySegment<byte>(chunk.ToArray());
                    writer.WriteBase64(segment.Array!, segment.Offset, segment.Count);
                };
            }

            return _sink;
        }
    }
}
