using Dokuei.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Requests;

/// <summary>
/// Matches arriving images with requests filed before them: a request waiting for images whose Study Instance UID or
/// Accession Number is that of the new study moves on to Submitted. Called by archive ingest, in its transaction.
/// </summary>
internal static class ExpectedStudies
{
    public static async Task MatchAsync(DokueiDbContext db, long facilityId, string studyInstanceUid, string? accessionNumber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Ingest writes for the facility the images came through, whatever the ambient scope.
        var waiting = await db.ReadingRequests.IgnoreQueryFilters()
            .Where(r => r.FacilityId == facilityId && r.State == ReadingRequestState.WaitingForImages
                && (r.StudyInstanceUid == studyInstanceUid || (accessionNumber != null && r.AccessionNumber == accessionNumber)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var request in waiting)
        {
            request.ImagesArrived(studyInstanceUid, now);
            foreach (var e in request.Events)
            {
                db.RequestEvents.Add(StoredRequestEvent.From(e, facilityId));
            }

            request.ClearEvents();
            var revision = db.Entry(request).Property<long>(ReadingRequestConfiguration.Revision);
            revision.CurrentValue = revision.OriginalValue + 1;
        }
    }
}
