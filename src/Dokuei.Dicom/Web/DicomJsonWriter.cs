using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dokuei.Dicom;

/// <summary>
/// Writes datasets as DICOM JSON (PS3.18 Annex F), streaming: nothing is built as a string, bulk data above the threshold is
/// never loaded, and inline binary is read and encoded in chunks.
/// </summary>
/// <remarks>
/// Where the standard leaves a choice this follows pydicom's <c>Dataset.to_json_dict</c>: DS and IS as JSON numbers,
/// SV and UV as JSON numbers with all their digits, FL as the double of the same value, AT as "GGGGEEEE", encapsulated
/// Pixel Data as the byte stream of its items. Where the standard decides, it wins: empty values in a multi-valued
/// string are null (pydicom writes ""), empty PN component groups are left out, group lengths are left out, and an empty
/// sequence has no "Value". JSON has no NaN or infinity; FL, FD and DS values that are not finite are written as the
/// strings "NaN", "Infinity" and "-Infinity". A DS or IS that is not a number is written as a string.
/// </remarks>
public static class DicomJsonWriter
{
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions OwnWriterOptions = new()
    {
        // Names in Japanese, Korean or Chinese stay readable; DICOM JSON is data, not HTML, so HTML-safe escaping buys nothing.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one dataset as a DICOM JSON object to a stream (UTF-8).</summary>
    public static void Write(Stream utf8Json, DicomDataset dataset, DicomWebWriterOptions? options = null)
    {
        using var writer = new Utf8JsonWriter(utf8Json, OwnWriterOptions);
        Write(writer, dataset, options);
    }

    /// <summary>Writes one dataset as a DICOM JSON object to a JSON writer, flushing it as values stream through.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomWebWriterOptions? options = null)
    {
        foreach (var _ in WriteDataset(writer, dataset, new Context(options ?? DicomWebWriterOptions.Default)))
        {
            if (writer.BytesPending > FlushThreshold)
            {
                writer.Flush();
            }
        }

        writer.Flush();
    }

    /// <summary>Writes one dataset as a DICOM JSON object to a stream (UTF-8) without blocking on the stream.</summary>
    public static async Task WriteAsync(Stream utf8Json, DicomDataset dataset, DicomWebWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var writer = new Utf8JsonWriter(utf8Json, OwnWriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            await WriteAsync(writer, dataset, new Context(options ?? DicomWebWriterOptions.Default), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes datasets as a JSON array of DICOM JSON objects, as QIDO-RS and WADO-RS metadata responses are.</summary>
    public static async Task WriteArrayAsync(Stream utf8Json, IAsyncEnumerable<DicomDataset> datasets, DicomWebWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var writer = new Utf8JsonWriter(utf8Json, OwnWriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            var context = new Context(options ?? DicomWebWriterOptions.Default);
            writer.WriteStartArray();
            await foreach (var dataset in datasets.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await WriteAsync(writer, dataset, context, cancellationToken).ConfigureAwait(false);
            }

            writer.WriteEndArray();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The DICOM JSON object of a dataset as a string; for small datasets, logs and tests.</summary>
    public static string Serialize(DicomDataset dataset, DicomWebWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        Write(stream, dataset, options);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static async Task WriteAsync(Utf8JsonWriter writer, DicomDataset dataset, Context context, CancellationToken cancellationToken)
    {
        foreach (var _ in WriteDataset(writer, dataset, context))
        {
            if (writer.BytesPending > FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // One writing loop for the sync and async entry points: it yields where the caller may flush (after each element
    // and each chunk of inline binary), and the caller flushes the way it can.
    private static IEnumerable<int> WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, Context context)
    {
        writer.WriteStartObject();
        foreach (var element in DicomWebModel.ElementsToWrite(dataset, context.Options))
        {
            WriteAttributeStart(writer, element);
            switch (element)
            {
                case DicomSequence sequence:
                    if (sequence.Items.Count > 0)
                    {
                        writer.WritePropertyName("Value"u8);
                        writer.WriteStartArray();
                        for (var i = 0; i < sequence.Items.Count; i++)
                        {
                            context.Path.Push(sequence.Tag, i);
                            foreach (var step in WriteDataset(writer, sequence.Items[i], context))
                            {
                                yield return step;
                            }

                            context.Path.Pop();
                        }

                        writer.WriteEndArray();
                    }

                    break;

                case DicomFragmentSequence fragments:
                    if (DicomWebModel.EncapsulatedLength(fragments) > context.Options.BulkDataThreshold)
                    {
                        WriteBulkDataUri(writer, element, context);
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
                    writer.WriteString("BulkDataURI"u8, reference.Uri);
                    break;

                case DicomValueElement value when DicomWebModel.IsOctetStream(value.VR):
                    if (value.Length > context.Options.BulkDataThreshold)
                    {
                        WriteBulkDataUri(writer, element, context);
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

            writer.WriteEndObject();
            yield return 0;
        }

        writer.WriteEndObject();
    }

    private static void WriteAttributeStart(Utf8JsonWriter writer, DicomElement element)
    {
        Span<byte> key = stackalloc byte[8];
        var value = element.Tag.Value;
        for (var i = 7; i >= 0; i--, value >>= 4)
        {
            key[i] = (byte)"0123456789ABCDEF"[(int)(value & 0xF)];
        }

        writer.WritePropertyName(key);
        writer.WriteStartObject();
        writer.WriteString("vr"u8, DicomWebModel.VRName(element));
    }

    private static void WriteBulkDataUri(Utf8JsonWriter writer, DicomElement element, Context context)
    {
        var path = context.Path.Format(element.Tag);
        writer.WriteString("BulkDataURI"u8, context.Options.BulkDataUriFactory?.Invoke(path, element) ?? path);
    }

    private static IEnumerable<int> WriteInlineBinary(Utf8JsonWriter writer, IEnumerable<int> chunks)
    {
        writer.WritePropertyName("InlineBinary"u8);
        foreach (var step in chunks)
        {
            yield return step;
        }

        writer.WriteBase64StringSegment([], isFinalSegment: true);
    }

    private static void WriteValues(Utf8JsonWriter writer, DicomDataset dataset, DicomValueElement element)
    {
        var vr = element.VR;
        if (vr.IsString)
        {
            var text = DicomWebModel.DecodeText(dataset, element);
            if (text.Length == 0)
            {
                return;
            }

            writer.WritePropertyName("Value"u8);
            writer.WriteStartArray();
            foreach (var value in DicomWebModel.SplitValues(text, vr))
            {
                if (value == null)
                {
                    writer.WriteNullValue();
                }
                else if (vr == DicomVR.PN)
                {
                    WritePersonName(writer, value);
                }
                else if (vr == DicomVR.DS || vr == DicomVR.IS)
                {
                    WriteDecimalString(writer, value);
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }

            writer.WriteEndArray();
            return;
        }

        // Numbers and AT; a trailing partial value (a corrupt length) is left out.
        var size = DicomWebModel.ValueSize(vr);
        var span = element.Length >= size ? element.Span : [];
        var count = span.Length / size;
        if (count == 0)
        {
            return;
        }

        writer.WritePropertyName("Value"u8);
        writer.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            var bytes = span.Slice(i * size, size);
            switch (vr.Code)
            {
                case 0x4154: // AT
                    writer.WriteStringValue(DicomWebModel.FormatAttributeTag(bytes));
                    break;
                case 0x5553: // US
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(bytes));
                    break;
                case 0x5353: // SS
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(bytes));
                    break;
                case 0x554C: // UL
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(bytes));
                    break;
                case 0x534C: // SL
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(bytes));
                    break;
                case 0x5356: // SV
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(bytes));
                    break;
                case 0x5556: // UV
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(bytes));
                    break;
                case 0x464C: // FL: the double of the same value, as pydicom writes it (0.1f is 0.10000000149011612)
                    WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(bytes));
                    break;
                case 0x4644: // FD
                    WriteFloat(writer, BinaryPrimitives.ReadDoubleLittleEndian(bytes));
                    break;
                default:
                    writer.WriteBase64StringValue(bytes);
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(DicomWebModel.NonFiniteName(value));
        }
    }

    private static void WriteDecimalString(Utf8JsonWriter writer, string value)
    {
        if (DicomWebModel.ToJsonNumber(value) is { } number)
        {
            // The digits as given: a DS of 17 significant digits keeps them all, where a double would round.
            writer.WriteRawValue(number, skipInputValidation: true);
        }
        else if (DicomWebModel.TryParseNonFinite(value, out var special))
        {
            writer.WriteStringValue(DicomWebModel.NonFiniteName(special));
        }
        else
        {
            writer.WriteStringValue(value.Trim(' '));
        }
    }

    private static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        // PS3.18 F.2.2: only the non-empty component groups (pydicom also writes an empty Alphabetic before a later group).
        var name = DicomPersonName.Parse(value);
        writer.WriteStartObject();
        if (name.Alphabetic.Length > 0)
        {
            writer.WriteString("Alphabetic"u8, name.Alphabetic);
        }

        if (name.Ideographic.Length > 0)
        {
            writer.WriteString("Ideographic"u8, name.Ideographic);
        }

        if (name.Phonetic.Length > 0)
        {
            writer.WriteString("Phonetic"u8, name.Phonetic);
        }

        writer.WriteEndObject();
    }

    private sealed class Context(DicomWebWriterOptions options)
    {
        private Utf8JsonWriter? _sinkWriter;
        private Action<ReadOnlyMemory<byte>>? _sink;

        public DicomWebWriterOptions Options { get; } = options;

        public DicomAttributePathBuilder Path { get; } = new();

        public byte[] Scratch => field ??= new byte[DicomWebModel.ChunkSize];

        public Action<ReadOnlyMemory<byte>> Sink(Utf8JsonWriter writer)
        {
            if (_sinkWriter != writer || _sink == null)
            {
                _sinkWriter = writer;
                _sink = chunk => writer.WriteBase64StringSegment(chunk.Span, isFinalSegment: false);
            }

            return _sink;
        }
    }
}
