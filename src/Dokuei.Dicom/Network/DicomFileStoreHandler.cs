using System.IO.Pipelines;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>
/// Stores each received instance as a Part 10 file named by its SOP Instance UID (<c>UID.dcm</c>) in a folder: file meta information
/// built from the command and the presentation context, then the dataset bytes exactly as received, streamed to disk.
/// A file appears under its name only when complete (written to a temporary name, then renamed).
/// </summary>
public sealed class DicomFileStoreHandler(string directory) : IStoreHandler
{
    private int _stored;

    /// <summary>The folder written to.</summary>
    public string Directory { get; } = directory;

    /// <summary>Flush each file to disk before answering (slower; the answer then means "on disk").</summary>
    public bool FlushToDisk { get; init; }

    /// <summary>Instances stored so far.</summary>
    public int Stored => Volatile.Read(ref _stored);

    /// <summary>Called after each instance is stored, with its path.</summary>
    public Action<string>? OnStored { get; init; }

    /// <inheritdoc />
    public async ValueTask<DimseStatus> StoreAsync(DicomStoreRequest request, PipeReader dataset, CancellationToken cancellationToken)
    {
        var uid = request.SopInstanceUid;
        if (uid.Length == 0 || uid.Length > 64 || !uid.All(c => c is >= '0' and <= '9' or '.'))
        {
            // Not a UID: never let it name a path.
            return DimseStatus.DataSetDoesNotMatchSopClass;
        }

        var path = Path.Combine(Directory, uid + ".dcm");
        var temp = Path.Combine(Directory, "." + uid + "." + Guid.NewGuid().ToString("N")[..8] + ".part");
        try
        {
            // Plain positioned writes of whatever the pipe holds (gathered into one pwritev), not an async FileStream: writes into
            // the page cache are short, and an asynchronous file write on Linux costs a thread-pool hop each.
            using (var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using var header = new MemoryStream(512);
                DicomNetworkFiles.WriteHeader(header, request.SopClassUid, uid, request.TransferSyntax, request.Association.CallingAeTitle);
                var segments = new List<ReadOnlyMemory<byte>> { header.GetBuffer().AsMemory(0, (int)header.Length) };
                long offset = 0;
                while (true)
                {
                    var result = await dataset.ReadAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var segment in result.Buffer)
                    {
                        segments.Add(segment);
                    }

                    if (segments.Count > 0)
                    {
                        RandomAccess.Write(file, segments, offset);
                        foreach (var segment in segments)
                        {
                            offset += segment.Length;
                        }

                        segments.Clear();
                    }

                    dataset.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }

                if (FlushToDisk)
                {
                    RandomAccess.FlushToDisk(file);
                }
            }

            File.Move(temp, path, overwrite: true);
            Interlocked.Increment(ref _stored);
            OnStored?.Invoke(path);
            return DimseStatus.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            return DimseStatus.OutOfResources;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray .part file is named so that nothing mistakes it for an instance.
        }
    }
}
