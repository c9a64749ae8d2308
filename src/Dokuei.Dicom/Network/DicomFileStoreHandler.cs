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
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                using (var header = new MemoryStream(512))
                {
                    DicomNetworkFiles.WriteHeader(header, request.SopClassUid, uid, request.TransferSyntax, request.Association.CallingAeTitle);
                    await file.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken).ConfigureAwait(false);
                }

                await dataset.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                if (FlushToDisk)
                {
                    file.Flush(flushToDisk: true);
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
