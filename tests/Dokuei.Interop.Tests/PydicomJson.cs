using System.Text.Json.Nodes;

namespace Dokuei.Interop.Tests;

/// <summary>pydicom's reading of one file: its DICOM JSON, or why it could not read it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Json">pydicom's <c>to_json_dict</c> (NaN and infinity as strings), or null if pydicom could not read the file.</param>
/// <param name="Error">Why pydicom could not read the file.</param>
/// <param name="Suppressed">Elements pydicom could not serialise and left out, as "GGGGEEEE: reason".</param>
public sealed record PydicomJson(string Path, JsonObject? Json, string? Error, IReadOnlyList<string> Suppressed)
{
    /// <summary>Runs pydicom once over all the files (starting Python costs more than reading them) and parses its lines.</summary>
    public static IReadOnlyList<PydicomJson> Read(IReadOnlyList<string> files)
    {
        var lines = PeerTools.RunPydicomScript(files).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Count, lines.Length);
        return [.. lines.Select(line =>
        {
            var node = JsonNode.Parse(line)!.AsObject();
            return new PydicomJson(
                (string)node["path"]!,
                node["json"]?.AsObject(),
                (string?)node["error"],
                node["suppressed"]?.AsArray().Select(s => (string)s!).ToList() ?? []);
        })];
    }
}
