using System.Runtime.CompilerServices;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.DicomWeb;
using Dokuei.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Dimse;

/// <summary>
/// C-FIND SCP, patient root and study root, at the PATIENT (patient root), STUDY, SERIES and IMAGE levels, on the index of
/// the association's facility (<see cref="DimseQuery"/>). Each match answers the keys asked for: with their value when the
/// archive has one, empty otherwise. Results are UTF-8 (ISO_IR 192) whatever the query's character set, so names in every
/// script and all three PN groups come back intact. Matches stream out as found; C-CANCEL ends the enumeration.
/// </summary>
internal sealed class DimseFind(DimseAssociations associations, DokueiSettings settings) : IFindHandler
{
    public async IAsyncEnumerable<DicomDataset> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var patientRoot = request.SopClassUid == DicomUids.PatientRootQueryRetrieveInformationModelFind;
        if (!patientRoot && request.SopClassUid != DicomUids.StudyRootQueryRetrieveInformationModelFind)
        {
            throw new DimseFailureException(DimseStatus.SopClassNotSupported, $"{request.SopClassUid}: only the patient and study root models are supported");
        }

        var level = DimseQuery.ParseLevel(request.Identifier, patientRoot);
        var session = await associations.OpenAsync(request.Association, cancellationToken).ConfigureAwait(false)
            ?? throw new DimseFailureException(new DimseStatus(0x0124), "not authorized: the calling AE title no longer belongs to a facility");
        await using (session.ConfigureAwait(false))
        {
            var query = DimseQuery.From(session.Db, request.Identifier, level);
            await session.AuditAsync("dimse.find", level.ToString().ToLowerInvariant(), request.Identifier.GetString(DicomTag.StudyInstanceUID), Describe(request.Identifier)).ConfigureAwait(false);
            var requested = request.Identifier.Select(e => e.Tag).Where(t => t != DicomTag.SpecificCharacterSet && t != DicomTag.QueryRetrieveLevel).ToHashSet();
            await foreach (var match in MatchesAsync(session, query, requested, cancellationToken).ConfigureAwait(false))
            {
                yield return Answer(match, request.Identifier, level);
            }
        }
    }

    private static async IAsyncEnumerable<DicomDataset> MatchesAsync(DimseSession session, DimseQuery query, IReadOnlySet<DicomTag> requested, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = session.Db;
        switch (query.Level)
        {
            case QueryLevel.Patient:
                var studies = query.Studies;
                var patients = query.Patients.OrderBy(p => p.Id).AsNoTracking().Select(p => new
                {
                    Patient = p,
                    Studies = studies.Count(s => s.PatientPk == p.Id),
                    Series = db.Studies.Where(s => s.PatientPk == p.Id).Sum(s => s.NumberOfSeries),
                    Instances = db.Studies.Where(s => s.PatientPk == p.Id).Sum(s => s.NumberOfInstances),
                });
                await foreach (var row in patients.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    var ds = New();
                    Set(ds, DicomTag.PatientName, row.Patient.PatientName);
                    ds.SetString(DicomTag.PatientID, row.Patient.PatientId);
                    Set(ds, DicomTag.IssuerOfPatientID, row.Patient.IssuerOfPatientId);
                    Set(ds, DicomTag.PatientBirthDate, row.Patient.PatientBirthDate);
                    Set(ds, DicomTag.PatientSex, row.Patient.PatientSex);
                    ds.SetString(DicomTag.NumberOfPatientRelatedStudies, IndexedAttributes.Format(row.Studies));
                    ds.SetString(DicomTag.NumberOfPatientRelatedSeries, IndexedAttributes.Format(row.Series));
                    ds.SetString(DicomTag.NumberOfPatientRelatedInstances, IndexedAttributes.Format(row.Instances));
                    yield return ds;
                }

                break;
            case QueryLevel.Study:
                var studyRows = query.Studies.Include(s => s.Patient).OrderBy(s => s.StudyDate).ThenBy(s => s.Id).AsNoTracking();
                await foreach (var study in studyRows.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    yield return QidoDatasets.Study(study, "");
                }

                break;
            case QueryLevel.Series:
                var seriesRows = query.Series.Include(s => s.Study).ThenInclude(s => s.Patient).OrderBy(s => s.StudyPk).ThenBy(s => s.SeriesNumber).ThenBy(s => s.Id).AsNoTracking();
                await foreach (var series in seriesRows.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    yield return QidoDatasets.Series(series, "");
                }

                break;
            default:
                var instanceRows = query.Instances.Include(i => i.Series).ThenInclude(s => s.Study).ThenInclude(s => s.Patient)
                    .OrderBy(i => i.SeriesPk).ThenBy(i => i.InstanceNumber).ThenBy(i => i.Id).AsNoTracking();
                await foreach (var instance in instanceRows.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    // Keys the index does not keep (Institution Name...) come from the instance's precomputed metadata.
                    yield return QidoDatasets.Instance(instance, "", includeAll: false, requested);
                }

                break;
        }
    }

    /// <summary>The response identifier: every key asked for, valued from the match or empty (PS3.4 C.4.1.1.3.2).</summary>
    private DicomDataset Answer(DicomDataset match, DicomDataset identifier, QueryLevel level)
    {
        var answer = New();
        answer.SetString(DicomTag.QueryRetrieveLevel, level == QueryLevel.Image ? "IMAGE" : level.ToString().ToUpperInvariant());
        foreach (var key in identifier)
        {
            if (key.Tag == DicomTag.SpecificCharacterSet || key.Tag == DicomTag.QueryRetrieveLevel)
            {
                continue;
            }

            if (match.TryGetElement(key.Tag, out var value))
            {
                // Both are UTF-8 datasets: the encoded value carries over as it is.
                answer.Set(value);
            }
            else if (key.Tag == DicomTag.RetrieveAETitle)
            {
                answer.SetString(DicomTag.RetrieveAETitle, settings.AeTitle);
            }
            else if (key.Tag == DicomTag.InstanceAvailability)
            {
                answer.SetString(DicomTag.InstanceAvailability, "ONLINE");
            }
            else if (key is DicomSequence)
            {
                answer.Set(new DicomSequence(key.Tag, []));
            }
            else
            {
                answer.SetString(key.Tag, key.VR, []);
            }
        }

        return answer;
    }

    private static DicomDataset New()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        return ds;
    }

    private static void Set(DicomDataset ds, DicomTag tag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            ds.SetString(tag, value);
        }
    }

    /// <summary>The matching keys of a query, for the audit log.</summary>
    internal static string Describe(DicomDataset identifier) =>
        string.Join("; ", identifier.Where(e => e.Tag != DicomTag.SpecificCharacterSet && identifier.GetString(e.Tag) is { Length: > 0 })
            .Select(e => $"{DicomDictionary.GetKeyword(e.Tag)}={identifier.GetString(e.Tag)}"));
}
