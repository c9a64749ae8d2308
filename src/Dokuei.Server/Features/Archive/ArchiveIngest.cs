using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Server.Data;
using Dokuei.Server.Features.DicomWeb;
using Dokuei.Server.Hosting;
using Dokuei.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dokuei.Server.Features.Archive;

/// <summary>
/// The one way instances enter the archive (STOW-RS and DIMSE C-STORE): the Part 10 stream is staged to a blob while
/// hashed, its dataset is read from the staged file (values of 1 KiB and more stay in the file, so memory is bounded
/// whatever the size), the blob is flushed and linked under its content key, and the index rows are written in one
/// transaction. Only then does the caller acknowledge. A crash before the index commit leaves at most pending blobs,
/// which the next start removes or keeps by what the index says (<see cref="UnindexedBlobs"/>).
/// </summary>
internal sealed class ArchiveIngest(DokueiDbContext db, IBlobStore blobs, IngestCommitQueue commits, DokueiMetrics metrics, TimeProvider time, ILogger<ArchiveIngest> logger)
{
    private static readonly DicomReaderOptions ReaderOptions = new() { LeaveInFileThreshold = 1024 };

    /// <summary>Stores one DICOM Part 10 instance for <paramref name="facilityId"/>; returns once it is durable and indexed.</summary>
    /// <param name="facilityId">The facility the instance arrived through.</param>
    /// <param name="part10">The instance as a Part 10 stream (preamble, file meta information, dataset); read once, forward only.</param>
    /// <param name="expectedStudyInstanceUid">When the sender stored into a study resource, the Study Instance UID the instance must have.</param>
    /// <param name="cancellationToken">Cancels the store; nothing is indexed then.</param>
    public async Task<StoreResult> StoreAsync(long facilityId, Stream part10, string? expectedStudyInstanceUid, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(facilityId, part10, expectedStudyInstanceUid, cancellationToken).ConfigureAwait(false);
        return (await CompleteAsync([prepared], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// First half of a store: stages the stream to a temporary blob while hashing it and reads its dataset from there.
    /// Nothing is durable or visible until <see cref="CompleteAsync"/>; a request with many instances prepares them as
    /// they arrive and completes them together, so one disk flush and one transaction cover the batch.
    /// </summary>
    public async Task<PreparedInstance> PrepareAsync(long facilityId, Stream part10, string? expectedStudyInstanceUid, CancellationToken cancellationToken)
    {
        var staged = await blobs.StageAsync(part10, cancellationToken).ConfigureAwait(false);
        metrics.BytesReceived.Add(staged.Length);
        try
        {
            return await ReadStagedAsync(facilityId, staged, expectedStudyInstanceUid, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            blobs.Discard(staged);
            throw;
        }
    }

    /// <summary>
    /// Second half: makes the prepared blobs durable under their content keys, then indexes them in one transaction, and
    /// only then returns (the caller acknowledges after this). Results are in the order of <paramref name="batch"/>.
    /// Batches completing at the same time are committed together (<see cref="IngestCommitQueue"/>); once queued, a batch
    /// is committed even if <paramref name="cancellationToken"/> fires, as it may share the commit with others.
    /// </summary>
    public Task<IReadOnlyList<StoreResult>> CompleteAsync(IReadOnlyList<PreparedInstance> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return commits.CommitAsync(batch, merged => CommitAsync(merged, CancellationToken.None));
    }

    private async Task<IReadOnlyList<StoreResult>> CommitAsync(IReadOnlyList<PreparedInstance> batch, CancellationToken cancellationToken)
    {
        var results = batch.Select(p => p.Failure).ToArray();
        var accepted = batch.Select((p, i) => (Prepared: p, Index: i)).Where(x => x.Prepared.Failure == null).ToList();
        foreach (var failed in batch.Where(p => p.Failure != null))
        {
            blobs.Discard(failed.Staged);
        }

        if (accepted.Count > 0)
        {
            // The blobs are flushed and linked under their keys while the index transaction is prepared; only its commit
            // waits for them, so an index row is never durable before its blob.
            var durable = blobs.CommitAsync([.. accepted.Select(x => (x.Prepared.Staged, x.Prepared.BlobKey!))], cancellationToken);
            try
            {
                var indexed = await IndexAsync(accepted.Select(x => x.Prepared).ToList(), durable, cancellationToken).ConfigureAwait(false);
                await blobs.SettleAsync(await durable.ConfigureAwait(false)).ConfigureAwait(false);
                for (var i = 0; i < accepted.Count; i++)
                {
                    results[accepted[i].Index] = indexed[i];
                }
            }
            catch
            {
                metrics.StoreFailures.Add(accepted.Count);
                try
                {
                    await durable.ConfigureAwait(false);
                }
                catch
                {
                    // Reported by the index step, or the same failure as below.
                }

                // Staged files not yet committed go; committed ones stay pending (whole files, perhaps already readable
                // under their keys), and the next start keeps those the index refers to and removes the others, as after
                // a crash between the two steps.
                foreach (var (prepared, _) in accepted)
                {
                    blobs.Discard(prepared.Staged);
                }

                throw;
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var result = results[i]!;
            if (result.Outcome == StoreOutcome.Failed)
            {
                metrics.StoreFailures.Add(1);
                ArchiveLog.Refused(logger, batch[i].FacilityId, result.FailureReason, result.Message ?? "");
            }
            else
            {
                (result.Outcome == StoreOutcome.AlreadyStored ? metrics.InstancesDuplicate : metrics.InstancesReceived).Add(1);
                ArchiveLog.Stored(logger, result.SopInstanceUid!, result.StudyInstanceUid!, batch[i].FacilityId, batch[i].Staged.Length, result.Outcome, result.Version);
            }
        }

        return results!;
    }

    /// <summary>Drops prepared instances that will not be completed (the request was cancelled).</summary>
    public void Discard(IEnumerable<PreparedInstance> prepared)
    {
        foreach (var instance in prepared)
        {
            blobs.Discard(instance.Staged);
        }
    }

    /// <summary>
    /// Stores a data set without file meta information, as DIMSE C-STORE delivers it: the Part 10 header is made from the
    /// command's SOP Class and Instance UIDs and the presentation context's transfer syntax, then the same path as STOW-RS.
    /// </summary>
    public async Task<StoreResult> StoreDatasetAsync(long facilityId, string sopClassUid, string sopInstanceUid, string transferSyntaxUid, Stream dataset, CancellationToken cancellationToken)
    {
        var part10 = new Part10Stream(sopClassUid, sopInstanceUid, transferSyntaxUid, dataset);
        await using (part10.ConfigureAwait(false))
        {
            return await StoreAsync(facilityId, part10, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<PreparedInstance> ReadStagedAsync(long facilityId, StagedBlob staged, string? expectedStudy, CancellationToken cancellationToken)
    {
        PreparedInstance Failed(ushort reason, string message, string? sopClass = null, string? sopInstance = null) =>
            new(facilityId, staged, null, null, null, null, StoreResult.Failure(reason, message, sopClass, sopInstance));

        DicomFile file;
        try
        {
            var stream = new FileStream(staged.TemporaryPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                file = await DicomFileReader.ReadAsync(stream, ReaderOptions, sink: null, staged.TemporaryPath, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DicomParseException ex)
        {
            return Failed(StoreResult.Reasons.CannotUnderstand, $"not a readable DICOM instance: {ex.Message}");
        }

        if (file.Prefix == DicomFilePrefix.None || file.FileMetaInformation.Count == 0)
        {
            return Failed(StoreResult.Reasons.CannotUnderstand, "not a DICOM Part 10 file: no file meta information");
        }

        if (file.IsPartial)
        {
            return Failed(StoreResult.Reasons.CannotUnderstand, "the instance is truncated");
        }

        var attributes = IndexedAttributes.From(file.Dataset, out var missing);
        if (attributes == null)
        {
            return Failed(StoreResult.Reasons.DataSetDoesNotMatchSopClass, $"missing {missing}",
                file.Dataset.GetString(DicomTag.SOPClassUID), file.Dataset.GetString(DicomTag.SOPInstanceUID));
        }

        if (expectedStudy != null && attributes.StudyInstanceUid != expectedStudy)
        {
            return Failed(StoreResult.Reasons.StudyInstanceUidMismatch,
                $"Study Instance UID {attributes.StudyInstanceUid} is not the study {expectedStudy} the request was sent to", attributes.SopClassUid, attributes.SopInstanceUid);
        }

        var metadata = DicomJsonWriter.Serialize(file.Dataset, new DicomWebWriterOptions
        {
            BulkDataThreshold = 1024,
            BulkDataUriFactory = (path, _) => DicomWebUris.BulkData(attributes.StudyInstanceUid, attributes.SeriesInstanceUid, attributes.SopInstanceUid, path),
        });
        var key = $"{facilityId}/{staged.Sha256[..2]}/{staged.Sha256}.dcm";
        return new PreparedInstance(facilityId, staged, attributes, file.TransferSyntax.Uid, metadata, key, null);
    }

    /// <summary>Indexes the batch in one transaction, committed once <paramref name="blobsDurable"/> has completed.</summary>
    private async Task<IReadOnlyList<StoreResult>> IndexAsync(List<PreparedInstance> batch, Task blobsDurable, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var sql = new IndexSql(db, transaction.GetDbTransaction());
                    var rows = await LoadRowsAsync(sql, batch, cancellationToken).ConfigureAwait(false);
                    var results = new List<StoreResult>(batch.Count);
                    foreach (var prepared in batch)
                    {
                        results.Add(await IndexOnceAsync(rows, prepared, cancellationToken).ConfigureAwait(false));
                    }

                    await WriteRowsAsync(sql, rows, cancellationToken).ConfigureAwait(false);
                    // Requests that were waiting for these studies (tracked by EF in this transaction).
                    if (db.ChangeTracker.HasChanges())
                    {
                        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await blobsDurable.ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return results;
                }
            }
            catch (Exception ex) when (attempt < 6 && IsTransient(ex))
            {
                // Two nodes (or two connections) created the same patient, study or series at once, or locked studies in
                // opposite orders: the transaction was rolled back; the retry finds the rows the winner committed.
                ArchiveLog.Retrying(logger, batch[0].Attributes!.SopInstanceUid, attempt);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The rows a batch touches, read with one query per table and facility (not one per instance), and kept in
    /// dictionaries for the batch.
    /// </summary>
    private static async Task<BatchRows> LoadRowsAsync(IndexSql sql, List<PreparedInstance> batch, CancellationToken cancellationToken)
    {
        var rows = new BatchRows();
        foreach (var facility in batch.GroupBy(p => p.FacilityId))
        {
            // Ingest writes for the facility the instance came through, whatever the ambient scope: explicit, not filtered.
            var facilityId = facility.Key;
            var sopInstanceUids = facility.Select(p => p.Attributes!.SopInstanceUid).Distinct(StringComparer.Ordinal).ToList();
            var patientIds = facility.Select(p => p.Attributes!.PatientId).Distinct(StringComparer.Ordinal).ToList();
            var studyUids = facility.Select(p => p.Attributes!.StudyInstanceUid).Distinct(StringComparer.Ordinal).ToList();
            var seriesUids = facility.Select(p => p.Attributes!.SeriesInstanceUid).Distinct(StringComparer.Ordinal).ToList();

            foreach (var (sopInstanceUid, version) in await sql.VersionsAsync(facilityId, sopInstanceUids, cancellationToken).ConfigureAwait(false))
            {
                rows.Versions(facilityId, sopInstanceUid).Add(version);
            }

            foreach (var (patient, snapshot) in await sql.Patients.SelectAsync(sql.Transaction,
                sql.InFacility(sql.Patients, facilityId, nameof(Patient.PatientId), patientIds, out var bindPatients), bindPatients, cancellationToken).ConfigureAwait(false))
            {
                rows.Patients[(facilityId, patient.PatientId)] = patient;
                rows.Snapshots[patient] = snapshot;
            }

            // On PostgreSQL the study rows are locked for this transaction, so that writers into one study take turns: their
            // counts and modality sets are read-modify-write. Locked in id order, so two batches never wait on each other in
            // a cycle. (SQLite has one writer at a time anyway.)
            var studyWhere = sql.InFacility(sql.Studies, facilityId, nameof(Study.StudyInstanceUid), studyUids, out var bindStudies)
                + (sql.IsPostgres ? $" ORDER BY {sql.Studies.IdColumn} FOR UPDATE" : "");
            var studiesByPk = new Dictionary<long, Study>();
            foreach (var (study, snapshot) in await sql.Studies.SelectAsync(sql.Transaction, studyWhere, bindStudies, cancellationToken).ConfigureAwait(false))
            {
                rows.Studies[(facilityId, study.StudyInstanceUid)] = study;
                rows.Snapshots[study] = snapshot;
                studiesByPk[study.Id] = study;
            }

            if (studiesByPk.Count > 0)
            {
                var seriesWhere = sql.In(sql.Series, nameof(Series.StudyPk), studiesByPk.Keys.Cast<object>().ToList(), "k", out var bindStudyPks)
                    + " AND " + sql.In(sql.Series, nameof(Series.SeriesInstanceUid), seriesUids.Cast<object>().ToList(), "u", out var bindSeriesUids);
                foreach (var (series, snapshot) in await sql.Series.SelectAsync(sql.Transaction, seriesWhere, c =>
                {
                    bindStudyPks(c);
                    bindSeriesUids(c);
                }, cancellationToken).ConfigureAwait(false))
                {
                    var study = studiesByPk[series.StudyPk];
                    series.Study = study;
                    rows.Series[(study, series.SeriesInstanceUid)] = series;
                    rows.Snapshots[series] = snapshot;
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// Writes what the batch changed, parents first: new patients, studies and series get their keys before their children
    /// refer to them; rows read from the index are updated in the columns that changed; replaced versions stop being current.
    /// </summary>
    private static async Task WriteRowsAsync(IndexSql sql, BatchRows rows, CancellationToken cancellationToken)
    {
        foreach (var patient in rows.Patients.Values)
        {
            await sql.Patients.SaveAsync(sql.Transaction, patient, rows.Snapshots, cancellationToken).ConfigureAwait(false);
        }

        foreach (var study in rows.Studies.Values)
        {
            study.PatientPk = study.Patient?.Id ?? study.PatientPk;
            await sql.Studies.SaveAsync(sql.Transaction, study, rows.Snapshots, cancellationToken).ConfigureAwait(false);
        }

        foreach (var series in rows.Series.Values)
        {
            series.StudyPk = series.Study.Id;
            await sql.Series.SaveAsync(sql.Transaction, series, rows.Snapshots, cancellationToken).ConfigureAwait(false);
        }

        foreach (var id in rows.NoLongerCurrent)
        {
            await sql.SetNotCurrentAsync(id, cancellationToken).ConfigureAwait(false);
        }

        foreach (var instance in rows.NewInstances)
        {
            instance.SeriesPk = instance.Series.Id;
            await sql.Instances.InsertAsync(sql.Transaction, instance, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StoreResult> IndexOnceAsync(BatchRows rows, PreparedInstance prepared, CancellationToken cancellationToken)
    {
        var facilityId = prepared.FacilityId;
        var a = prepared.Attributes!;
        var staged = prepared.Staged;
        var now = time.GetUtcNow();
        // Versions in the database and those added earlier in this batch (their IsCurrent is the latest state).
        var versions = rows.Versions(facilityId, a.SopInstanceUid);
        var current = versions.FirstOrDefault(v => v.IsCurrent);
        if (current != null && current.Sha256 == staged.Sha256)
        {
            return new StoreResult(StoreOutcome.AlreadyStored, a.SopClassUid, a.SopInstanceUid, a.StudyInstanceUid, a.SeriesInstanceUid, current.Version);
        }

        if (!rows.Patients.TryGetValue((facilityId, a.PatientId), out var patient))
        {
            patient = new Patient { FacilityId = facilityId, PatientId = a.PatientId };
            rows.Patients[(facilityId, a.PatientId)] = patient;
        }

        patient.IssuerOfPatientId = a.IssuerOfPatientId ?? patient.IssuerOfPatientId;
        if (a.PatientName != null && a.PatientName != patient.PatientName)
        {
            patient.PatientName = a.PatientName;
            patient.PatientNameSearch = PersonNameSearch.Index(patient.PatientName);
        }

        patient.PatientBirthDate = a.PatientBirthDate ?? patient.PatientBirthDate;
        patient.PatientSex = a.PatientSex ?? patient.PatientSex;

        if (!rows.Studies.TryGetValue((facilityId, a.StudyInstanceUid), out var study))
        {
            study = new Study { FacilityId = facilityId, StudyInstanceUid = a.StudyInstanceUid, CreatedAt = now };
            rows.Studies[(facilityId, a.StudyInstanceUid)] = study;
        }

        // A new study (or a new accession number) may be one a request is waiting for; once per batch, as the request's
        // new state is only saved at its end.
        if ((study.Id == 0 || (a.AccessionNumber != null && study.AccessionNumber != a.AccessionNumber))
            && rows.Matched.Add((facilityId, a.StudyInstanceUid, a.AccessionNumber)))
        {
            await Requests.ExpectedStudies.MatchAsync(db, facilityId, a.StudyInstanceUid, a.AccessionNumber, now, cancellationToken).ConfigureAwait(false);
        }

        study.Patient = patient;
        study.StudyDate = a.StudyDate ?? study.StudyDate;
        study.StudyTime = a.StudyTime ?? study.StudyTime;
        study.AccessionNumber = a.AccessionNumber ?? study.AccessionNumber;
        study.StudyId = a.StudyId ?? study.StudyId;
        study.StudyDescription = a.StudyDescription ?? study.StudyDescription;
        if (a.ReferringPhysicianName != null && a.ReferringPhysicianName != study.ReferringPhysicianName)
        {
            study.ReferringPhysicianName = a.ReferringPhysicianName;
            study.ReferringPhysicianNameSearch = PersonNameSearch.Index(study.ReferringPhysicianName);
        }

        study.ModalitiesInStudy = AddToSet(study.ModalitiesInStudy, a.Modality);
        study.SopClassesInStudy = AddToSet(study.SopClassesInStudy, a.SopClassUid);
        study.UpdatedAt = now;

        if (!rows.Series.TryGetValue((study, a.SeriesInstanceUid), out var series))
        {
            series = new Series { FacilityId = facilityId, SeriesInstanceUid = a.SeriesInstanceUid, Study = study };
            rows.Series[(study, a.SeriesInstanceUid)] = series;
            study.NumberOfSeries++;
        }

        series.Modality = a.Modality ?? series.Modality;
        series.SeriesNumber = a.SeriesNumber ?? series.SeriesNumber;
        series.SeriesDescription = a.SeriesDescription ?? series.SeriesDescription;
        series.BodyPartExamined = a.BodyPartExamined ?? series.BodyPartExamined;
        series.PerformedProcedureStepStartDate = a.PerformedProcedureStepStartDate ?? series.PerformedProcedureStepStartDate;
        series.PerformedProcedureStepStartTime = a.PerformedProcedureStepStartTime ?? series.PerformedProcedureStepStartTime;
        series.RequestAttributes = a.RequestAttributes ?? series.RequestAttributes;

        int version;
        if (current != null)
        {
            // The stored current version stops being current; one added earlier in this batch is inserted as not current.
            if (current.Tracked is { } added)
            {
                added.IsCurrent = false;
            }
            else
            {
                rows.NoLongerCurrent.Add(current.Id);
            }

            versions[versions.IndexOf(current)] = current with { IsCurrent = false };
            version = versions.Max(v => v.Version) + 1;
            ArchiveLog.NewVersion(logger, a.SopInstanceUid, version);
        }
        else
        {
            version = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1;
            series.NumberOfInstances++;
            study.NumberOfInstances++;
        }

        var instance = new Instance
        {
            FacilityId = facilityId,
            Series = series,
            SopInstanceUid = a.SopInstanceUid,
            SopClassUid = a.SopClassUid,
            InstanceNumber = a.InstanceNumber,
            Rows = a.Rows,
            Columns = a.Columns,
            BitsAllocated = a.BitsAllocated,
            NumberOfFrames = a.NumberOfFrames,
            TransferSyntaxUid = prepared.TransferSyntaxUid!,
            Version = version,
            IsCurrent = true,
            Sha256 = staged.Sha256,
            BlobKey = prepared.BlobKey!,
            Size = staged.Length,
            MetadataJson = prepared.MetadataJson!,
            ReceivedAt = now,
        };
        rows.NewInstances.Add(instance);
        versions.Add(new InstanceVersion(0, version, true, staged.Sha256, instance));

        return new StoreResult(current != null ? StoreOutcome.StoredAsNewVersion : StoreOutcome.Stored, a.SopClassUid, a.SopInstanceUid, a.StudyInstanceUid, a.SeriesInstanceUid, version);
    }

    /// <summary>Errors after which the whole index transaction is tried again: unique-key races, deadlocks, serialization failures.</summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        DbUpdateException => true,
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } => true,
        Npgsql.PostgresException { SqlState: "23505" or "40P01" or "40001" } => true,
        InvalidOperationException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    /// <summary>Adds a value to a set kept as <c>\A\B\</c> (each value enclosed, so "contains \CT\" is one LIKE).</summary>
    internal static string? AddToSet(string? set, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return set;
        }

        set ??= "\\";
        return set.Contains($"\\{value}\\", StringComparison.Ordinal) ? set : set + value + "\\";
    }
}

/// <summary>A stored version of an instance; <see cref="Tracked"/> is the entity when this batch added it.</summary>
internal sealed record InstanceVersion(long Id, int Version, bool IsCurrent, string Sha256, Instance? Tracked);

/// <summary>The patient, study, series and instance rows one index batch reads or adds, by their keys.</summary>
internal sealed class BatchRows
{
    private readonly Dictionary<(long FacilityId, string SopInstanceUid), List<InstanceVersion>> _versions = [];

    public Dictionary<(long FacilityId, string PatientId), Patient> Patients { get; } = [];

    public Dictionary<(long FacilityId, string StudyInstanceUid), Study> Studies { get; } = [];

    public Dictionary<(Study Study, string SeriesInstanceUid), Series> Series { get; } = [];

    /// <summary>What rows read from the index held when read, for writing only the columns that changed.</summary>
    public Dictionary<object, object?[]> Snapshots { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Instances this batch adds, in order.</summary>
    public List<Instance> NewInstances { get; } = [];

    /// <summary>Stored current versions this batch replaces.</summary>
    public List<long> NoLongerCurrent { get; } = [];

    /// <summary>Studies (with accession number) already matched against waiting requests in this batch.</summary>
    public HashSet<(long FacilityId, string StudyInstanceUid, string? AccessionNumber)> Matched { get; } = [];

    /// <summary>The versions of an instance, stored or added in this batch (a list the caller may extend).</summary>
    public List<InstanceVersion> Versions(long facilityId, string sopInstanceUid)
    {
        if (!_versions.TryGetValue((facilityId, sopInstanceUid), out var list))
        {
            list = [];
            _versions[(facilityId, sopInstanceUid)] = list;
        }

        return list;
    }
}

/// <summary>An instance staged and read, waiting to be made durable and indexed; or, with <see cref="Failure"/>, refused.</summary>
internal sealed record PreparedInstance(
    long FacilityId,
    StagedBlob Staged,
    IndexedAttributes? Attributes,
    string? TransferSyntaxUid,
    string? MetadataJson,
    string? BlobKey,
    StoreResult? Failure);
