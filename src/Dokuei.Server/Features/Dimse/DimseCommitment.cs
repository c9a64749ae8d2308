using Dokuei.Dicom.Network;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Dimse;

/// <summary>
/// Storage Commitment Push Model SCP answered from the index: an instance is committed when a current version of it is
/// stored for the association's facility under the SOP class the request names (the index row exists only after the
/// blob was flushed to disk). Otherwise it is reported as failed: no such object instance (0112), or class/instance
/// conflict (0119) when it is stored under another SOP class. The library sends the N-EVENT-REPORT.
/// </summary>
internal sealed class DimseCommitment(DimseAssociations associations, ILogger<DimseCommitment> logger) : ICommitmentHandler
{
    private const ushort NoSuchObjectInstance = 0x0112;
    private const ushort ClassInstanceConflict = 0x0119;
    private const ushort ProcessingFailure = 0x0110;

    public async ValueTask<DicomCommitmentResult> CommitAsync(DicomCommitmentRequest request, CancellationToken cancellationToken)
    {
        var session = await associations.OpenAsync(request.Association, cancellationToken).ConfigureAwait(false);
        if (session == null)
        {
            return new DicomCommitmentResult([], [.. request.References.Select(r => (r, ProcessingFailure))]);
        }

        await using (session.ConfigureAwait(false))
        {
            var uids = request.References.Select(r => r.SopInstanceUid).Distinct().ToList();
            var stored = (await session.Db.Instances.AsNoTracking().Where(i => i.IsCurrent && uids.Contains(i.SopInstanceUid))
                .Select(i => new { i.SopInstanceUid, i.SopClassUid }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(i => i.SopInstanceUid, i => i.SopClassUid, StringComparer.Ordinal);
            var committed = new List<DicomSopReference>();
            var failed = new List<(DicomSopReference, ushort)>();
            foreach (var reference in request.References)
            {
                var classes = stored[reference.SopInstanceUid].ToList();
                if (classes.Contains(reference.SopClassUid, StringComparer.Ordinal))
                {
                    committed.Add(reference);
                }
                else
                {
                    failed.Add((reference, classes.Count == 0 ? NoSuchObjectInstance : ClassInstanceConflict));
                }
            }

            DimseLog.Commitment(logger, request.TransactionUid, request.Association.CallingAeTitle, committed.Count, failed.Count);
            await session.AuditAsync("dimse.commitment", "transaction", request.TransactionUid, $"{committed.Count} committed, {failed.Count} failed").ConfigureAwait(false);
            return new DicomCommitmentResult(committed, failed);
        }
    }
}
