using Dokuei.Server.Data;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Archive;

/// <summary>
/// Deletion of a study by the operator (<c>DELETE /dicomweb/studies/{study}</c>, operator credential only): the index rows
/// and an audit event in one transaction, then the blobs no other instance row refers to.
/// </summary>
internal static class StudyDeletion
{
    public static async Task<IResult> DeleteAsync(HttpContext context, DokueiDbContext db, IBlobStore blobs, TimeProvider time, ILogger<ArchiveIngest> logger, string study, long? facility = null)
    {
        var cancellationToken = context.RequestAborted;
        var studies = await db.Studies.Where(s => s.StudyInstanceUid == study && (facility == null || s.FacilityId == facility))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (studies.Count == 0)
        {
            return Results.NotFound();
        }

        var actor = context.User.Actor();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var row in studies)
            {
                var instances = db.Instances.IgnoreQueryFilters().Where(i => i.Series.StudyPk == row.Id);
                keys.UnionWith(await instances.Select(i => i.BlobKey).ToListAsync(cancellationToken).ConfigureAwait(false));
                var count = await instances.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await db.Series.IgnoreQueryFilters().Where(s => s.StudyPk == row.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await db.Studies.IgnoreQueryFilters().Where(s => s.Id == row.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                var patientPk = row.PatientPk;
                if (!await db.Studies.IgnoreQueryFilters().AnyAsync(s => s.PatientPk == patientPk, cancellationToken).ConfigureAwait(false))
                {
                    await db.Patients.IgnoreQueryFilters().Where(p => p.Id == patientPk).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                }

                await AuditLog.AppendAsync(db, time, AuditRecord.For(context, "study.delete", "study", study, row.FacilityId) with { Detail = $"{count} instances" }, cancellationToken).ConfigureAwait(false);
                ArchiveLog.StudyDeleted(logger, study, row.FacilityId, count, actor);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Blobs go after the commit: a crash in between leaves unreferenced files, never rows pointing at missing files.
        var stillUsed = await db.Instances.IgnoreQueryFilters().Where(i => keys.Contains(i.BlobKey)).Select(i => i.BlobKey).ToListAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var key in keys.Except(stillUsed))
        {
            blobs.Delete(key);
        }

        return Results.NoContent();
    }
}
