using System.Text.Json;

namespace Dokuei.Server.Tests.TestSupport;

/// <summary>Reading values out of DICOM JSON responses.</summary>
public static class DicomJson
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string? String(JsonElement dataset, string tag) =>
        dataset.TryGetProperty(tag, out var element) && element.TryGetProperty("Value", out var value) && value.GetArrayLength() > 0
            ? value[0].ValueKind == JsonValueKind.String ? value[0].GetString() : value[0].ToString()
            : null;

    public static JsonElement Sequence(JsonElement dataset, string tag) =>
        dataset.TryGetProperty(tag, out var element) && element.TryGetProperty("Value", out var value) ? value : JsonDocument.Parse("[]").RootElement;

    public static List<string?> Column(JsonElement array, string tag) => array.EnumerateArray().Select(d => String(d, tag)).ToList();
}
