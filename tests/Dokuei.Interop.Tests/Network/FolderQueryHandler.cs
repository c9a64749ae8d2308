using System.Runtime.CompilerServices;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;

namespace Dokuei.Interop.Tests.Network;

/// <summary>
/// A minimal query/retrieve SCP over a folder of files, for interop tests: matches string keys exactly (or with a trailing '*'),
/// answers at the requested level with the requested keys, and retrieves the instances of the matches.
/// </summary>
internal sealed class FolderQueryHandler : IFindHandler, IMoveHandler, IGetHandler
{
    private readonly List<(DicomStoreSource Source, DicomDataset Dataset)> _instances = [];
    private readonly Dictionary<string, DicomMoveDestination> _destinations = new(StringComparer.Ordinal);

    public FolderQueryHandler(IEnumerable<string> files)
    {
        foreach (var path in files)
        {
            var dataset = DicomFile.Open(path, Dokuei.Dicom.IO.DicomReaderOptions.Default with { StopAtTag = DicomTag.PixelData }).Dataset;
            _instances.Add((DicomStoreSource.FromFileAsync(path).GetAwaiter().GetResult(), dataset));
        }
    }

    public void AddDestination(string aeTitle, int port) => _destinations[aeTitle] = new DicomMoveDestination("127.0.0.1", port, aeTitle);

    public async IAsyncEnumerable<DicomDataset> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var level = request.Level.Length == 0 ? "IMAGE" : request.Level;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, dataset) in Match(request.Identifier))
        {
            var key = dataset.GetString(LevelKey(level)) ?? "";
            if (!seen.Add(key))
            {
                continue;
            }

            var answer = new DicomDataset();
            foreach (var element in request.Identifier)
            {
                if (element.Tag == DicomTag.QueryRetrieveLevel)
                {
                    answer.SetString(DicomTag.QueryRetrieveLevel, level);
                }
                else if (dataset[element.Tag] is { } value && value is not DicomSequence)
                {
                    answer.Set(value);
                }
                else
                {
                    answer.Set(element);
                }
            }

            await Task.Yield();
            yield return answer;
        }
    }

    public ValueTask<DicomMoveResult> MoveAsync(DicomMoveRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new DicomMoveResult(_destinations.GetValueOrDefault(request.Destination), [.. Match(request.Identifier).Select(m => m.Source)]));

    public ValueTask<IReadOnlyList<DicomStoreSource>> GetAsync(DicomGetRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<DicomStoreSource>>([.. Match(request.Identifier).Select(m => m.Source)]);

    private IEnumerable<(DicomStoreSource Source, DicomDataset Dataset)> Match(DicomDataset identifier)
    {
        var keys = identifier
            .Where(e => e.Tag != DicomTag.QueryRetrieveLevel && e.Tag != DicomTag.SpecificCharacterSet && e is not DicomSequence)
            .Select(e => (e.Tag, Value: identifier.GetString(e.Tag) ?? ""))
            .Where(k => k.Value.Length > 0 && k.Value != "*")
            .ToList();
        return _instances.Where(i => keys.All(k => Matches(i.Dataset.GetString(k.Tag) ?? "", k.Value)));
    }

    private static bool Matches(string value, string pattern) =>
        pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal) : value == pattern;

    private static DicomTag LevelKey(string level) => level switch
    {
        "PATIENT" => DicomTag.PatientID,
        "STUDY" => DicomTag.StudyInstanceUID,
        "SERIES" => DicomTag.SeriesInstanceUID,
        _ => DicomTag.SOPInstanceUID,
    };
}
