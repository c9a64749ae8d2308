using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dokuei.Interop.Tests;

/// <summary>One attribute whose DICOM JSON differs: where, and both sides as JSON.</summary>
internal sealed record DicomJsonDifference(string File, string AttributePath, string Ours, string Theirs)
{
    public override string ToString() => $"{File} {AttributePath}\n    ours:    {Ours}\n    pydicom: {Theirs}";
}

/// <summary>
/// Compares two DICOM JSON objects by meaning, attribute by attribute, recursing into sequence items. Before comparing, both
/// sides are normalised for the differences that are intentional, documented on <see cref="Dokuei.Dicom.DicomJsonWriter"/>:
/// <list type="bullet">
/// <item>group lengths (gggg,0000): pydicom writes them, PS3.18 F.2.2 leaves them out and so do we;</item>
/// <item>an empty value among several: pydicom writes "", PS3.18 F.2.5 says null, as we write it;</item>
/// <item>an empty sequence: pydicom writes "Value": [], we write no Value (PS3.18 F.2.5: no Value for an empty attribute);</item>
/// <item>empty PN component groups: pydicom writes "Alphabetic": "" before a later group, PS3.18 F.2.2 leaves it out;</item>
/// <item>numbers compare as numbers: DS "1.50" is 1.5 (we keep the digits, pydicom writes Python's float).</item>
/// </list>
/// NaN and infinity are strings on both sides (the pydicom script turns Python's NaN into "NaN", as we write it).
/// </summary>
internal static class DicomJsonComparison
{
    public static void Compare(string file, JsonObject ours, JsonObject theirs, Func<string, JsonNode?, JsonNode?, bool> allowed, List<DicomJsonDifference> differences) =>
        CompareDataset(file, "", Normalise(ours), Normalise(theirs), allowed, differences);

    private static void CompareDataset(string file, string path, JsonObject ours, JsonObject theirs, Func<string, JsonNode?, JsonNode?, bool> allowed, List<DicomJsonDifference> differences)
    {
        foreach (var key in ours.Select(p => p.Key).Union(theirs.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var attributePath = $"{path}/({key[..4]},{key[4..]})";
            var a = ours[key];
            var b = theirs[key];
            if (a is JsonObject { } sa && b is JsonObject { } sb && (string?)sa["vr"] == "SQ" && (string?)sb["vr"] == "SQ"
                && sa["Value"] is JsonArray itemsA && sb["Value"] is JsonArray itemsB && itemsA.Count == itemsB.Count)
            {
                for (var i = 0; i < itemsA.Count; i++)
                {
                    CompareDataset(file, $"{attributePath}/{i}", (JsonObject)itemsA[i]!, (JsonObject)itemsB[i]!, allowed, differences);
                }

                continue;
            }

            if (!SameValue(a, b) && !allowed(attributePath, a, b))
            {
                differences.Add(new DicomJsonDifference(file, attributePath, Show(a), Show(b)));
            }
        }
    }

    private static JsonObject Normalise(JsonObject dataset)
    {
        var result = new JsonObject();
        foreach (var (key, node) in dataset)
        {
            if (key.EndsWith("0000", StringComparison.Ordinal) || node is not JsonObject element)
            {
                continue;
            }

            var vr = (string?)element["vr"];
            var copy = new JsonObject();
            foreach (var (name, value) in element)
            {
                if (name == "Value" && value is JsonArray values)
                {
                    if (values.Count == 0)
                    {
                        continue;
                    }

                    var normalised = new JsonArray();
                    foreach (var item in values)
                    {
                        normalised.Add(vr switch
                        {
                            "SQ" => Normalise((JsonObject)item!),
                            "PN" => NormalisePersonName(item),
                            _ when item is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0 => null,
                            _ => item?.DeepClone(),
                        });
                    }

                    copy[name] = normalised;
                }
                else
                {
                    copy[name] = value?.DeepClone();
                }
            }

            result[key] = copy;
        }

        return result;
    }

    private static JsonNode? NormalisePersonName(JsonNode? name)
    {
        if (name is not JsonObject groups)
        {
            return name?.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (group, value) in groups)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
            {
                result[group] = s;
            }
        }

        return result.Count == 0 ? null : result;
    }

    private static bool SameValue(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue va && b is JsonValue vb && va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
        {
            return SameNumber(va.ToJsonString(), vb.ToJsonString());
        }

        return (a, b) switch
        {
            (null, null) => true,
            (JsonObject oa, JsonObject ob) => oa.Count == ob.Count && oa.All(p => ob.ContainsKey(p.Key) && SameValue(p.Value, ob[p.Key])),
            (JsonArray aa, JsonArray ab) => aa.Count == ab.Count && aa.Zip(ab).All(p => SameValue(p.First, p.Second)),
            _ => JsonNode.DeepEquals(a, b),
        };
    }

    /// <summary>Exact for integers of any size (IS, SV, UV); as doubles otherwise (DS, FL, FD), which is what pydicom holds.</summary>
    private static bool SameNumber(string a, string b)
    {
        const NumberStyles style = NumberStyles.Float;
        if (decimal.TryParse(a, style, CultureInfo.InvariantCulture, out var da) && decimal.TryParse(b, style, CultureInfo.InvariantCulture, out var db) && da == db)
        {
            return true;
        }

        return double.Parse(a, style, CultureInfo.InvariantCulture) == double.Parse(b, style, CultureInfo.InvariantCulture);
    }

    private static string Show(JsonNode? node)
    {
        if (node == null)
        {
            return "(absent)";
        }

        var text = node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.Length > 300 ? text[..300] + $"... ({text.Length} characters)" : text;
    }
}
