using System.Collections.Concurrent;
using System.Net;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>
/// Storage commitment reports that arrive on associations the commitment SCP opens to us, matched to the requests waiting for
/// them by Transaction UID. Give it to a server as <see cref="DicomServerHandlers.CommitmentReport"/> (or start one with
/// <see cref="Listen"/>) and pass it to <see cref="DicomClient.CommitAsync(string, IReadOnlyList{DicomSopReference}, DicomCommitmentReports, TimeSpan, CancellationToken)"/>.
/// </summary>
public sealed class DicomCommitmentReports : ICommitmentReportHandler
{
    /// <summary>Reports nobody waits for are kept for a later wait, up to this many (the oldest go first).</summary>
    private const int MaxUnclaimed = 1024;

    private readonly ConcurrentDictionary<string, TaskCompletionSource<DicomCommitmentResult>> _transactions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unclaimed = new();

    /// <summary>Reports received so far (any transaction).</summary>
    public int Received => _received;

    private int _received;

    /// <summary>Starts a server on <paramref name="endPoint"/> that takes only commitment reports (and C-ECHO); dispose it when done.</summary>
    public DicomServer Listen(IPEndPoint endPoint, DicomServerOptions options) =>
        DicomServer.Start(endPoint, options, new DicomServerHandlers { CommitmentReport = this });

    /// <summary>Waits for the report of a transaction (returns at once if it already came).</summary>
    public async Task<DicomCommitmentResult> WaitAsync(string transactionUid, CancellationToken cancellationToken)
    {
        var pending = Transaction(transactionUid);
        try
        {
            return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A cancelled wait leaves the entry: another waiter may share it, and a late report still completes it.
            if (pending.Task.IsCompleted)
            {
                _transactions.TryRemove(new KeyValuePair<string, TaskCompletionSource<DicomCommitmentResult>>(transactionUid, pending));
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<DimseStatus> ReportAsync(DicomCommitmentReport report, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _received);
        if (Transaction(report.TransactionUid).TrySetResult(report.Result))
        {
            _unclaimed.Enqueue(report.TransactionUid);
            while (_unclaimed.Count > MaxUnclaimed && _unclaimed.TryDequeue(out var oldest))
            {
                if (_transactions.TryGetValue(oldest, out var stale) && stale.Task.IsCompleted)
                {
                    _transactions.TryRemove(new KeyValuePair<string, TaskCompletionSource<DicomCommitmentResult>>(oldest, stale));
                }
            }
        }

        return ValueTask.FromResult(DimseStatus.Success);
    }

    private TaskCompletionSource<DicomCommitmentResult> Transaction(string transactionUid) =>
        _transactions.GetOrAdd(transactionUid, _ => new TaskCompletionSource<DicomCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously));
}
