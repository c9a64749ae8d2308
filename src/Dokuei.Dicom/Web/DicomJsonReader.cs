using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Dokuei.Dicom;

/// <summary>Fetches the value of an element given as a BulkDataURI; may return a buffer that loads on first use.</summary>
/// <param name="attributePath">Where the element is, e.g. <c>/(0040,A730)/0/(7FE0,0010)</c> (item indexes count from 0).</param>
/// <param name="tag">The element's tag.</param>
/// <param name="vr">The element's VR.</param>
/// <param name="uri">The BulkDataURI.</param>
public delegate DicomBuffer DicomBulkDataResolver(string attributePath, DicomTag tag, DicomVR vr, string uri);

/// <summary>Options of <see cref="DicomJsonReader"/>.</summary>
public sealed class DicomJsonReaderOptions
{
    /// <summary>The defaults: bulk data kept as references, nesting up to 64 JSON levels.</summary>
    public static DicomJsonReaderOptions Default { get; } = new();

    /// <summary>
    /// Fetches BulkDataURI values. Without one, such an element gets a <see cref="DicomBulkDataReference"/> as its value:
    /// the URI is kept (and written back by <see cref="DicomJsonWriter"/>), the bytes are not.
    /// </summary>
    public DicomBulkDataResolver? BulkDataResolver { get; init; }

    /// <summary>The deepest JSON nesting accepted (each sequence level takes three); guards against hostile input.</summary>
    public int MaxDepth { get; init; } = 64;
}

/// <summary>
/// Reads DICOM JSON (PS3.18 Annex F): a single object or an array of objects as QIDO-RS returns, streaming one dataset
/// at a time from a stream. Strings are encoded in the dataset's Specific Character Set (0008,0005); a dataset that
/// declares none but has non-ASCII text gets ISO_IR 192 (UTF-8). DS and IS keep the digits of the JSON number.
/// Encapsulated Pixel Data given as InlineBinary of its items (as <see cref="DicomJsonWriter"/> and pydicom write it)
/// becomes a <see cref="DicomFragmentSequence"/> again.
/// </summary>
public static partial class DicomJsonReader
{
    private const int InitialBufferSize = 16 * 1024;

    /// <summary>Reads the datasets of a DICOM JSON text: one for an object, one per element for an array.</summary>
    public static IReadOnlyList<DicomDataset> Parse(string json, DicomJsonReaderOptions? options = null) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(json), options);

    /// <summary>Reads the datasets of DICOM JSON in UTF-8: one for an object, one per element for an array.</summary>
    public static IReadOnlyList<DicomDataset> Parse(ReadOnlySpan<byte> utf8Json, DicomJsonReaderOptions? options = null)
    {
        options ??= DicomJsonReaderOptions.Default;
        var scanner = new Scanner(options.MaxDepth);
        var datasets = new List<DicomDataset>();
        while (true)
        {
            var step = scanner.Next(utf8Json, isFinalBlock: true, out var consumed, out var document);
            utf8Json = utf8Json[consumed..];
            if (step == Step.End)
            {
                return datasets;
            }

            using (document)
            {
                datasets.Add(ReadDataset(document!.RootElement, options));
            }
        }
    }

    /// <summary>
    /// Reads the datasets of DICOM JSON from a stream as they arrive; memory holds one dataset at a time, so a large
    /// QIDO-RS array is not held whole.
    /// </summary>
    public static async IAsyncEnumerable<DicomDataset> ReadAsync(Stream utf8Json, DicomJsonReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= DicomJsonReaderOptions.Default;
        var scanner = new Scanner(options.MaxDepth);
        var buffer = new byte[InitialBufferSize];
        int start = 0, end = 0;
        var final = false;
        while (true)
        {
            var step = scanner.Next(buffer.AsSpan(start, end - start), final, out var consumed, out var document);
            start += consumed;
            if (step == Step.End)
            {
                yield break;
            }

            if (step == Step.Value)
            {
                using (document)
                {
                    yield return ReadDataset(document!.RootElement, options);
                }

                continue;
            }

            // A dataset is not complete in what has been read: keep the unread part, double the buffer if it is full, and
            // fill it before trying again. A dataset is parsed again from its start on each try, so trying only when the
            // buffer has doubled keeps reading a large dataset linear, however few bytes each read returns.
            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
            }

            while (end < buffer.Length && !final)
            {
                var n = await utf8Json.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                end += n;
                final = n == 0;
            }
        }
    }

    /// <summary>Converts one DICOM JSON object to a dataset.</summary>
    public static DicomDataset ReadDataset(JsonElement json, DicomJsonReaderOptions? options = null)
    {
        var context = new Context(options ?? DicomJsonReaderOptions.Default);
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw context.Error($"A DICOM JSON dataset must be an object, not {json.ValueKind}.");
        }

        var dataset = new DicomDataset();
        if (!DeclaresCharacterSet(json) && HasNonAsciiText(json))
        {
            // The JSON is Unicode and no set was declared to map it to: UTF-8 holds any text.
            dataset.SetString(DicomTag.SpecificCharacterSetTag, DicomVR.CS, "ISO_IR 192");
        }

        Fill(dataset, json, context);
        return dataset;
    }

    private static void Fill(DicomDataset dataset, JsonElement json, Context context)
    {
        // Specific Character Set first: the other strings are encoded with it, whatever the order of the keys.
        if (json.TryGetProperty("00080005"u8, out var characterSet))
        {
            ReadAttribute(dataset, DicomTag.SpecificCharacterSetTag, characterSet, context);
        }

        foreach (var property in json.EnumerateObject())
        {
            if (property.Name.Length != 8 || !DicomTag.TryParse(property.Name, out var tag))
            {
                throw context.Error($"'{property.Name}' is not a DICOM JSON attribute name (eight hexadecimal digits).");
            }

            if (tag != DicomTag.SpecificCharacterSetTag)
            {
                ReadAttribute(dataset, tag, property.Value, context);
            }
        }
    }

    private static void ReadAttribute(DicomDataset dataset, DicomTag tag, JsonElement attribute, Context context)
    {
        if (attribute.ValueKind != JsonValueKind.Object)
        {
            throw context.Error($"The attribute must be an object, not {attribute.ValueKind}.", tag);
        }

        var vr = ReadVR(tag, attribute, context);
        if (vr == DicomVR.SQ)
        {
            var sequence = new DicomSequence(tag);
            dataset.Set(sequence);
            if (attribute.TryGetProperty("Value"u8, out var items))
            {
                var index = 0;
                foreach (var item in ArrayOf(items, tag, context))
                {
                    var itemDataset = new DicomDataset();
                    sequence.Items.Add(itemDataset);
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        context.Path.Push(tag, index);
                        Fill(itemDataset, item, context);
                        context.Path.Pop();
                    }
                    else if (item.ValueKind != JsonValueKind.Null)
                    {
                        throw context.Error($"A sequence item must be an object, not {item.ValueKind}.", tag);
                    }

                    index++;
                }
            }

            return;
        }

        if (attribute.TryGetProperty("InlineBinary"u8, out var inline))
        {
            var bytes = ReadBase64(inline, tag, context);
            if (tag == DicomTag.PixelDataTag && vr == DicomVR.OB && TryReadEncapsulated(tag, bytes, out var fragments))
            {
                dataset.Set(fragments);
            }
            else
            {
                dataset.Set(new DicomValueElement(tag, vr, PadToEven(bytes, vr)));
            }
        }
        else if (attribute.TryGetProperty("BulkDataURI"u8, out var uriElement))
        {
            // A string by PS3.18; pydicom also accepts a one-element array, as for InlineBinary.
            var uriValue = uriElement.ValueKind == JsonValueKind.Array && uriElement.GetArrayLength() > 0 ? uriElement[0] : uriElement;
            var uri = uriValue.ValueKind == JsonValueKind.String ? uriValue.GetString()! : throw context.Error("BulkDataURI must be a string.", tag);
            var buffer = context.Options.BulkDataResolver?.Invoke(context.Path.Format(tag), tag, vr, uri) ?? new DicomBulkDataReference(uri);
            dataset.Set(new DicomValueElement(tag, vr, buffer));
        }
        else if (attribute.TryGetProperty("Value"u8, out var values))
        {
            ReadValues(dataset, tag, vr, ArrayOf(values, tag, context), context);
        }
        else
        {
            dataset.Set(new DicomValueElement(tag, vr, DicomBuffer.Empty));
        }
    }

    private static DicomVR ReadVR(DicomTag tag, JsonElement attribute, Context context)
    {
        if (!attribute.TryGetProperty("vr"u8, out var vrElement))
        {
            // PS3.18 requires "vr"; the dictionary can stand in for standard attributes.
            return DicomDictionary.GetVR(tag);
        }

        if (vrElement.ValueKind != JsonValueKind.String || !DicomVR.TryParse(vrElement.GetString(), out var vr))
        {
            throw context.Error($"'{vrElement}' is not a DICOM VR.", tag);
        }

        return vr;
    }

    private static JsonElement.ArrayEnumerator ArrayOf(JsonElement values, DicomTag tag, Context context) =>
        values.ValueKind == JsonValueKind.Array ? values.EnumerateArray() : throw context.Error("\"Value\" must be an array.", tag);

    private static void ReadValues(DicomDataset dataset, DicomTag tag, DicomVR vr, JsonElement.ArrayEnumerator values, Context context)
    {
        if (vr.IsString)
        {
            var strings = new List<string>();
            foreach (var value in values)
            {
                strings.Add(value.ValueKind switch
                {
                    JsonValueKind.Null => "",
                    JsonValueKind.String => value.GetString()!,
                    JsonValueKind.Number => value.GetRawText(), // DS and IS: the digits as written
                    JsonValueKind.Object when vr == DicomVR.PN => ReadPersonName(value, tag, context),
                    _ => throw context.Error($"A {vr} value cannot be {value.ValueKind}.", tag),
                });
            }

            dataset.SetString(tag, vr, [.. strings]);
            return;
        }

        if (DicomWebModel.IsOctetStream(vr))
        {
            throw context.Error($"A {vr} value must be given as InlineBinary or BulkDataURI, not \"Value\".", tag);
        }

        var size = DicomWebModel.ValueSize(vr);
        var items = values.ToList();
        var bytes = new byte[items.Count * size];
        for (var i = 0; i < items.Count; i++)
        {
            if (!TryWriteBinary(items[i], vr, bytes.AsSpan(i * size, size)))
            {
                throw context.Error($"'{items[i]}' is not a valid {vr} value.", tag);
            }
        }

        dataset.Set(new DicomValueElement(tag, vr, bytes));
    }

    private static bool TryWriteBinary(JsonElement value, DicomVR vr, Span<byte> destination)
    {
        // SV and UV may come as strings (PS3.18 Table F.2.3-1); FL and FD as "NaN" or "Infinity" (what the writer emits).
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => null,
        };
        if (text == null)
        {
            return false;
        }

        if (vr == DicomVR.AT)
        {
            if (text.Length != 8 || !DicomTag.TryParse(text, out var at))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(destination, at.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], at.Element);
            return true;
        }

        if (vr == DicomVR.FL || vr == DicomVR.FD)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !DicomWebModel.TryParseNonFinite(text, out d))
            {
                return false;
            }

            if (vr == DicomVR.FL)
            {
                BinaryPrimitives.WriteSingleLittleEndian(destination, (float)d);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(destination, d);
            }

            return true;
        }

        // Integers: decimal holds every UV and SV exactly and accepts 1.0 or 1e3 for an integral value.
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != decimal.Truncate(number))
        {
            return false;
        }

        switch (vr.Code)
        {
            case 0x5553 when number is >= ushort.MinValue and <= ushort.MaxValue:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)number);
                return true;
            case 0x5353 when number is >= short.MinValue and <= short.MaxValue:
                BinaryPrimitives.WriteInt16LittleEndian(destination, (short)number);
                return true;
            case 0x554C when number is >= uint.MinValue and <= uint.MaxValue:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)number);
                return true;
            case 0x534C when number is >= int.MinValue and <= int.MaxValue:
                BinaryPrimitives.WriteInt32LittleEndian(destination, (int)number);
                return true;
            case 0x5356 when number is >= long.MinValue and <= long.MaxValue:
                BinaryPrimitives.WriteInt64LittleEndian(destination, (long)number);
                return true;
            case 0x5556 when number is >= ulong.MinValue and <= ulong.MaxValue:
                BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)number);
                return true;
            default:
                return false;
        }
    }

    private static string ReadPersonName(JsonElement value, DicomTag tag, Context context)
    {
        string Group(ReadOnlySpan<byte> name) =>
            value.TryGetProperty(name, out var group) && group.ValueKind != JsonValueKind.Null
                ? group.ValueKind == JsonValueKind.String ? group.GetString()! : throw context.Error("PN component groups must be strings.", tag)
                : "";

        return new DicomPersonName(Group("Alphabetic"u8), Group("Ideographic"u8), Group("Phonetic"u8)).ToString();
    }

    private static byte[] ReadBase64(JsonElement inline, DicomTag tag, Context context)
    {
        // PS3.18 Table F.3.1-1 gives a string, its example in F.4 an array of strings; accept both, as pydicom does.
        if (inline.ValueKind == JsonValueKind.String && inline.TryGetBytesFromBase64(out var bytes))
        {
            return bytes;
        }

        if (inline.ValueKind == JsonValueKind.Array)
        {
            var parts = new List<byte>();
            foreach (var part in inline.EnumerateArray())
            {
                if (part.ValueKind != JsonValueKind.String || !part.TryGetBytesFromBase64(out var partBytes))
                {
                    throw context.Error("InlineBinary is not base64.", tag);
                }

                parts.AddRange(partBytes);
            }

            return [.. parts];
        }

        throw context.Error("InlineBinary is not base64.", tag);
    }

    private static byte[] PadToEven(byte[] bytes, DicomVR vr)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = vr.PaddingByte;
        return padded;
    }

    /// <summary>Reads the items of encapsulated Pixel Data from their byte stream; false if the bytes are not exactly that.</summary>
    private static bool TryReadEncapsulated(DicomTag tag, byte[] bytes, out DicomFragmentSequence fragments)
    {
        fragments = null!;
        var items = new List<DicomBuffer>();
        var position = 0;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < 8)
            {
                return false;
            }

            var itemTag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position + 2)));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
            position += 8;
            if (itemTag == DicomTag.SequenceDelimitationItem && position == bytes.Length)
            {
                break;
            }

            if (itemTag != DicomTag.Item || length > bytes.Length - position)
            {
                return false;
            }

            items.Add(DicomBuffer.FromMemory(bytes.AsMemory(position, (int)length)));
            position += (int)length;
        }

        if (items.Count == 0)
        {
            return false;
        }

        fragments = new DicomFragmentSequence(tag, DicomVR.OB, items[0], items.Skip(1));
        return true;
    }

    private static bool DeclaresCharacterSet(JsonElement json) =>
        json.TryGetProperty("00080005"u8, out var attribute)
        && attribute.ValueKind == JsonValueKind.Object
        && attribute.TryGetProperty("Value"u8, out var values)
        && values.ValueKind == JsonValueKind.Array
        && values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0);

    private static bool HasNonAsciiText(JsonElement json)
    {
        foreach (var property in json.EnumerateObject())
        {
            var attribute = property.Value;
            if (attribute.ValueKind != JsonValueKind.Object
                || !attribute.TryGetProperty("vr"u8, out var vrElement)
                || !DicomVR.TryParse(vrElement.GetString(), out var vr)
                || !attribute.TryGetProperty("Value"u8, out var values)
                || values.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var value in values.EnumerateArray())
            {
                var found = value.ValueKind switch
                {
                    JsonValueKind.String => vr.IsCharacterSetSensitive && !IsAscii(value.GetString()!),
                    JsonValueKind.Object when vr == DicomVR.SQ => HasNonAsciiText(value),
                    JsonValueKind.Object when vr == DicomVR.PN => value.EnumerateObject().Any(g => g.Value.ValueKind == JsonValueKind.String && !IsAscii(g.Value.GetString()!)),
                    _ => false,
                };
                if (found)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);

    private sealed class Context(DicomJsonReaderOptions options)
    {
        public DicomJsonReaderOptions Options { get; } = options;

        public DicomAttributePathBuilder Path { get; } = new();

        public DicomParseException Error(string reason, DicomTag? tag = null) => new(reason, -1, Path.Format(tag));
    }
}
