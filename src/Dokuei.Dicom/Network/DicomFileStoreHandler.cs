using System.Buffers;
using System.IO.Pipelines;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>
/// Stores each received instance as a Part 10 file named by its SOP Instance UID (<c>UID.dcm</c>) in a folder: file meta information
/// built from the command and the presentation context, then the dataset bytes exactly as received, streamed to disk.
/// A file appears under its name only when complete (<see cref="PendingFile"/>).
/// </summary>
public sealed class DicomFileStoreHandler(string directory) : IStoreHandler
{
    /// <summary>
    /// Bytes written per system call; file offsets stay multiples of it, so each write fills whole pages. Small enough that the
    /// buffer is still in the core's cache when the kernel copies it into the page cache: at 256 kB that copy cost the
    /// listener a quarter more CPU (bench/dimse.md, session 14).
    /// </summary>
    private const int WriteBufferSize = 64 * 1024;

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
        var buffer = ArrayPool<byte>.Shared.Rent(WriteBufferSize);
        try
        {
            // The dataset's bytes are copied into a pooled buffer and written a whole buffer at a time with a plain positioned
            // write (no FileStream; an asynchronous file write on Linux is a thread-pool hop). Writing the pipe's own segments
            // instead made the kernel's copy into the page cache five times as costly (bench/dimse.md, session 13).
            using (var pending = PendingFile.Create(path))
            {
                var file = pending.Handle;
                int filled;
                using (var header = new MemoryStream(buffer, 0, WriteBufferSize, writable: true))
                {
                    DicomNetworkFiles.WriteHeader(header, request.SopClassUid, uid, request.TransferSyntax, request.Association.CallingAeTitle);
                    filled = (int)header.Position;
                }

                long offset = 0;
                while (true)
                {
                    var result = await dataset.ReadAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var segment in result.Buffer)
                    {
                        var span = segment.Span;
                        while (!span.IsEmpty)
                        {
                            var n = Math.Min(span.Length, WriteBufferSize - filled);
                            span[..n].CopyTo(buffer.AsSpan(filled));
                            filled += n;
                            span = span[n..];
                            if (filled == WriteBufferSize)
                            {
                                RandomAccess.Write(file, buffer.AsSpan(0, filled), offset);
                                offset += filled;
                                filled = 0;
                            }
                        }
                    }

                    dataset.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }

                RandomAccess.Write(file, buffer.AsSpan(0, filled), offset);
                if (FlushToDisk)
                {
                    RandomAccess.FlushToDisk(file);
                }

                pending.Complete();
            }

            Interlocked.Increment(ref _stored);
            OnStored?.Invoke(path);
            return DimseStatus.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DimseStatus.OutOfResources; // an incomplete file went with its PendingFile
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
