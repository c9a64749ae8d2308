using System.Text.Json;

namespace Dokuei.Interop.Tests.DicomWeb;

/// <summary>
/// One run of dicomweb-client (npm) against the real <c>dokuei serve</c>: the studies are generated, the plan of calls is
/// written, <c>dicomweb-client/conformance.mjs</c> makes them and its JSON answer is kept for the tests to check. The
/// script's packages are installed by <c>npm ci</c> in that folder (./test runs it).
/// </summary>
public sealed class DicomWebClientRun : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("dokuei-dicomweb-client-").FullName;
    private JsonDocument? _result;

    internal ConformanceStudies Studies { get; } = new();

    /// <summary>What the script printed: stored, searches, metadata, instances, frames, bulkData.</summary>
    public JsonElement Result => _result!.RootElement;

    /// <summary>The server's DICOMweb root the client was given.</summary>
    public string DicomWebUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var node = PeerTools.Require("node", "nodejs");
        var script = Path.Combine(DokueiServe.RepositoryRoot, "tests", "Dokuei.Interop.Tests", "DicomWeb", "dicomweb-client");
        if (!Directory.Exists(Path.Combine(script, "node_modules", "dicomweb-client")))
        {
            throw new InvalidOperationException($"dicomweb-client is not installed in {script}: run npm ci there (./test does).");
        }

        await using var server = await DokueiServe.StartAsync();
        DicomWebUrl = server.DicomWebUrl;
        var plan = Path.Combine(_work, "plan.json");
        await File.WriteAllTextAsync(plan, JsonSerializer.Serialize(Plan(server.DicomWebUrl, server.Token)));
        var run = PeerTools.Run(node, [Path.Combine(script, "conformance.mjs"), plan]);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"conformance.mjs exited with {run.ExitCode}:\n{run.StandardError}\n--- dokuei serve ---\n{server.Log}");
        }

        _result = JsonDocument.Parse(run.StandardOutput);
    }

    public Task DisposeAsync()
    {
        _result?.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    private Dictionary<string, object> Plan(string url, string token)
    {
        var s = Studies;
        string File(GeneratedInstance instance)
        {
            var path = Path.Combine(_work, instance.SopUid + ".dcm");
            System.IO.File.WriteAllBytes(path, instance.Bytes);
            return path;
        }

        object Search(string name, string level, Dictionary<string, string> query, string? study = null, string? series = null) =>
            new Dictionary<string, object?> { ["name"] = name, ["level"] = level, ["queryParams"] = query, ["studyInstanceUID"] = study, ["seriesInstanceUID"] = series };
        object Uids(GeneratedInstance i) =>
            new Dictionary<string, object> { ["studyInstanceUID"] = i.StudyUid, ["seriesInstanceUID"] = i.SeriesUid, ["sopInstanceUID"] = i.SopUid };
        object Frames(GeneratedInstance i, params int[] numbers) =>
            new Dictionary<string, object> { ["studyInstanceUID"] = i.StudyUid, ["seriesInstanceUID"] = i.SeriesUid, ["sopInstanceUID"] = i.SopUid, ["frameNumbers"] = numbers };
        object BulkData(GeneratedInstance i) =>
            new Dictionary<string, object> { ["studyInstanceUID"] = i.StudyUid, ["seriesInstanceUID"] = i.SeriesUid, ["sopInstanceUID"] = i.SopUid, ["tag"] = "7FE00010" };

        return new Dictionary<string, object>
        {
            ["url"] = url,
            ["token"] = token,
            // Study A into its study resource, B and C together into /studies.
            ["store"] = new object[]
            {
                new Dictionary<string, object> { ["files"] = new[] { File(s.A1), File(s.A2), File(s.AMultiFrame) }, ["studyInstanceUID"] = s.A1.StudyUid },
                new Dictionary<string, object> { ["files"] = new[] { File(s.B), File(s.C) } },
            },
            ["searches"] = new[]
            {
                Search("name-wildcard", "studies", new() { ["PatientName"] = "Yama*" }),
                Search("name-ideographic", "studies", new() { ["PatientName"] = "鈴木^一郎" }),
                Search("date-range", "studies", new() { ["StudyDate"] = "20240101-20241231" }),
                Search("date-open-start", "studies", new() { ["StudyDate"] = "-20231231" }),
                Search("modality-ct", "studies", new() { ["ModalitiesInStudy"] = "CT" }),
                Search("modality-mr", "studies", new() { ["ModalitiesInStudy"] = "MR" }),
                Search("includefield", "studies", new() { ["StudyInstanceUID"] = s.A1.StudyUid, ["includefield"] = "StudyDescription,00100030" }),
                Search("page-1", "studies", new() { ["limit"] = "2", ["offset"] = "0" }),
                Search("page-2", "studies", new() { ["limit"] = "2", ["offset"] = "2" }),
                Search("series-of-a", "series", [], s.A1.StudyUid),
                Search("series-modality", "series", new() { ["Modality"] = "OT" }),
                Search("instances-of-series", "instances", [], s.A1.StudyUid, s.A1.SeriesUid),
                Search("instances-includefield", "instances", new() { ["includefield"] = "NumberOfFrames" }, s.A1.StudyUid),
                Search("instances-page-1", "instances", new() { ["limit"] = "1", ["offset"] = "0" }, s.A1.StudyUid, s.A1.SeriesUid),
                Search("instances-page-2", "instances", new() { ["limit"] = "1", ["offset"] = "1" }, s.A1.StudyUid, s.A1.SeriesUid),
            },
            ["metadata"] = new[]
            {
                new Dictionary<string, object> { ["name"] = "study-a", ["studyInstanceUID"] = s.A1.StudyUid },
                new Dictionary<string, object> { ["name"] = "series-ct", ["studyInstanceUID"] = s.A1.StudyUid, ["seriesInstanceUID"] = s.A1.SeriesUid },
                new Dictionary<string, object> { ["name"] = "instance-b", ["studyInstanceUID"] = s.B.StudyUid, ["seriesInstanceUID"] = s.B.SeriesUid, ["sopInstanceUID"] = s.B.SopUid },
                new Dictionary<string, object> { ["name"] = "instance-multiframe", ["studyInstanceUID"] = s.AMultiFrame.StudyUid, ["seriesInstanceUID"] = s.AMultiFrame.SeriesUid, ["sopInstanceUID"] = s.AMultiFrame.SopUid },
            },
            ["instances"] = s.All.Select(Uids).ToArray(),
            ["frames"] = new[] { Frames(s.AMultiFrame, 1, 3), Frames(s.AMultiFrame, 2), Frames(s.A1, 1) },
            ["bulkData"] = new[] { BulkData(s.AMultiFrame), BulkData(s.B) },
            ["studies"] = new[] { new Dictionary<string, object> { ["studyInstanceUID"] = s.A1.StudyUid } },
            ["series"] = new[] { new Dictionary<string, object> { ["studyInstanceUID"] = s.A1.StudyUid, ["seriesInstanceUID"] = s.A1.SeriesUid } },
            ["wadoUriUrl"] = url.Replace("/dicomweb", "/wado", StringComparison.Ordinal),
            ["wadoUri"] = new[] { Uids(s.B), Uids(s.AMultiFrame) },
        };
    }
}
