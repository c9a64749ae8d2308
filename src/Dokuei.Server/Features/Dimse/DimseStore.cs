using System.IO.Pipelines;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Server.Features.Archive;

namespace Dokuei.Server.Features.Dimse;

/// <summary>
/// C-STORE SCP: the data set is streamed into <see cref="ArchiveIngest"/> for the association's facility and answered
/// only once it is durable and indexed. The same content again is an idempotent success. Different content under a
/// stored SOP Instance UID is kept as the new current version and answered with success too: the instance is stored as
/// sent, and none of the C-STORE warnings (coercion, elements discarded, data set does not match) says what happened, so
/// a warning would only make senders retry or raise an alarm; the new version is logged and audited instead.
/// </summary>
internal sealed class DimseStore(DimseAssociations associations, ILogger<DimseStore> logger) : IStoreHandler
{
    public async ValueTask<DimseStatus> StoreAsync(DicomStoreRequest request, PipeReader dataset, CancellationToken cancellationToken)
    {
        var session = await associations.OpenAsync(request.Association, cancellationToken).ConfigureAwait(false);
        if (session == null)
        {
            return Refuse(request, new DimseStatus(0x0124), "not authorized: the calling AE title no longer belongs to a facility");
        }

        await using (session.ConfigureAwait(false))
        {
            StoreResult result;
            try
            {
                var ingest = session.Services.GetRequiredService<ArchiveIngest>();
                var stream = dataset.AsStream(leaveOpen: true);
                await using (stream.ConfigureAwait(false))
                {
                    result = await ingest.StoreDatasetAsync(session.FacilityId, request.SopClassUid, request.SopInstanceUid, request.TransferSyntax.Uid, stream, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Disk full, storage unavailable: nothing was acknowledged or indexed; the sender may try again later.
                DimseLog.StoreError(logger, request.SopInstanceUid, request.Association.CallingAeTitle, ex);
                return Refuse(request, DimseStatus.OutOfResources, "out of resources: " + ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The index could not be written (database down...): nothing acknowledged; the error is logged with its cause.
                DimseLog.StoreError(logger, request.SopInstanceUid, request.Association.CallingAeTitle, ex);
                return Refuse(request, DimseStatus.ProcessingFailure, "processing failure: the instance was not stored");
            }

            switch (result.Outcome)
            {
                case StoreOutcome.Failed:
                    return Refuse(request, new DimseStatus(result.FailureReason), result.Message ?? "refused");
                case StoreOutcome.StoredAsNewVersion:
                    await session.AuditAsync("dimse.store.new-version", "instance", result.SopInstanceUid, $"study {result.StudyInstanceUid}, version {result.Version}").ConfigureAwait(false);
                    return DimseStatus.Success;
                default:
                    return DimseStatus.Success;
            }
        }
    }

    private DimseStatus Refuse(DicomStoreRequest request, DimseStatus status, string comment)
    {
        DimseLog.StoreFailed(logger, request.SopInstanceUid, request.Association.CallingAeTitle, status.Code, comment);
        request.ErrorComment = comment;
        return status;
    }
}
