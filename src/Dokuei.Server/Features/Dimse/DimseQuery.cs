using System.Linq.Expressions;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.DicomWeb;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Dimse;

/// <summary>The Query/Retrieve levels of PS3.4 C.6.</summary>
internal enum QueryLevel
{
    Patient,
    Study,
    Series,
    Image,
}

/// <summary>
/// A C-FIND, C-MOVE or C-GET identifier as queries on the index, matched as QIDO-RS matches (<see cref="QidoMatching"/>:
/// wildcards, date and time ranges, UID lists, person names in their three groups). Keys of the level searched and of the
/// levels above it constrain the result; keys of lower levels are return keys only (hierarchical search, PS3.4 C.4.1.3.1).
/// The database's facility scope limits every row to the association's facility.
/// </summary>
internal sealed class DimseQuery
{
    private sealed record Key(QueryLevel Level, MatchKind Kind, LambdaExpression Column);

    private static readonly Dictionary<DicomTag, Key> Keys = new()
    {
        [DicomTag.PatientName] = new(QueryLevel.Patient, MatchKind.PersonName, (Expression<Func<Patient, string?>>)(p => p.PatientNameSearch)),
        [DicomTag.PatientID] = new(QueryLevel.Patient, MatchKind.Text, (Expression<Func<Patient, string?>>)(p => p.PatientId)),
        [DicomTag.IssuerOfPatientID] = new(QueryLevel.Patient, MatchKind.Text, (Expression<Func<Patient, string?>>)(p => p.IssuerOfPatientId)),
        [DicomTag.PatientBirthDate] = new(QueryLevel.Patient, MatchKind.Date, (Expression<Func<Patient, string?>>)(p => p.PatientBirthDate)),
        [DicomTag.PatientSex] = new(QueryLevel.Patient, MatchKind.Text, (Expression<Func<Patient, string?>>)(p => p.PatientSex)),
        [DicomTag.StudyInstanceUID] = new(QueryLevel.Study, MatchKind.Uid, (Expression<Func<Study, string?>>)(s => s.StudyInstanceUid)),
        [DicomTag.StudyDate] = new(QueryLevel.Study, MatchKind.Date, (Expression<Func<Study, string?>>)(s => s.StudyDate)),
        [DicomTag.StudyTime] = new(QueryLevel.Study, MatchKind.Time, (Expression<Func<Study, string?>>)(s => s.StudyTime)),
        [DicomTag.AccessionNumber] = new(QueryLevel.Study, MatchKind.Text, (Expression<Func<Study, string?>>)(s => s.AccessionNumber)),
        [DicomTag.StudyID] = new(QueryLevel.Study, MatchKind.Text, (Expression<Func<Study, string?>>)(s => s.StudyId)),
        [DicomTag.StudyDescription] = new(QueryLevel.Study, MatchKind.Text, (Expression<Func<Study, string?>>)(s => s.StudyDescription)),
        [DicomTag.ReferringPhysicianName] = new(QueryLevel.Study, MatchKind.PersonName, (Expression<Func<Study, string?>>)(s => s.ReferringPhysicianNameSearch)),
        [DicomTag.ModalitiesInStudy] = new(QueryLevel.Study, MatchKind.Set, (Expression<Func<Study, string?>>)(s => s.ModalitiesInStudy)),
        [DicomTag.SOPClassesInStudy] = new(QueryLevel.Study, MatchKind.Set, (Expression<Func<Study, string?>>)(s => s.SopClassesInStudy)),
        [DicomTag.SeriesInstanceUID] = new(QueryLevel.Series, MatchKind.Uid, (Expression<Func<Series, string?>>)(s => s.SeriesInstanceUid)),
        [DicomTag.Modality] = new(QueryLevel.Series, MatchKind.Text, (Expression<Func<Series, string?>>)(s => s.Modality)),
        [DicomTag.SeriesNumber] = new(QueryLevel.Series, MatchKind.Integer, (Expression<Func<Series, int?>>)(s => s.SeriesNumber)),
        [DicomTag.SeriesDescription] = new(QueryLevel.Series, MatchKind.Text, (Expression<Func<Series, string?>>)(s => s.SeriesDescription)),
        [DicomTag.BodyPartExamined] = new(QueryLevel.Series, MatchKind.Text, (Expression<Func<Series, string?>>)(s => s.BodyPartExamined)),
        [DicomTag.PerformedProcedureStepStartDate] = new(QueryLevel.Series, MatchKind.Date, (Expression<Func<Series, string?>>)(s => s.PerformedProcedureStepStartDate)),
        [DicomTag.PerformedProcedureStepStartTime] = new(QueryLevel.Series, MatchKind.Time, (Expression<Func<Series, string?>>)(s => s.PerformedProcedureStepStartTime)),
        [DicomTag.SOPInstanceUID] = new(QueryLevel.Image, MatchKind.Uid, (Expression<Func<Instance, string?>>)(i => i.SopInstanceUid)),
        [DicomTag.SOPClassUID] = new(QueryLevel.Image, MatchKind.Uid, (Expression<Func<Instance, string?>>)(i => i.SopClassUid)),
        [DicomTag.InstanceNumber] = new(QueryLevel.Image, MatchKind.Integer, (Expression<Func<Instance, int?>>)(i => i.InstanceNumber)),
    };

    private DimseQuery(DokueiDbContext db, QueryLevel level)
    {
        Level = level;
        Patients = db.Patients;
        Studies = db.Studies;
        Series = db.Series;
        Instances = db.Instances.Where(i => i.IsCurrent);
    }

    public QueryLevel Level { get; }

    /// <summary>Patients matching the patient-level keys.</summary>
    public IQueryable<Patient> Patients { get; private set; }

    /// <summary>Studies matching the study-level keys and, through their patient, the patient-level keys.</summary>
    public IQueryable<Study> Studies { get; private set; }

    /// <summary>Series matching the series-level keys and the keys above them.</summary>
    public IQueryable<Series> Series { get; private set; }

    /// <summary>Current instances matching the image-level keys and the keys above them.</summary>
    public IQueryable<Instance> Instances { get; private set; }

    /// <summary>The level an identifier asks for, checked against the information model (PATIENT exists in the patient root only).</summary>
    public static QueryLevel ParseLevel(DicomDataset identifier, bool patientRoot)
    {
        var text = (identifier.GetString(DicomTag.QueryRetrieveLevel) ?? "").Trim().ToUpperInvariant();
        return text switch
        {
            "PATIENT" when patientRoot => QueryLevel.Patient,
            "STUDY" => QueryLevel.Study,
            "SERIES" => QueryLevel.Series,
            "IMAGE" => QueryLevel.Image,
            _ => throw new DimseFailureException(DimseStatus.DataSetDoesNotMatchSopClass,
                text.Length == 0 ? "no Query/Retrieve Level (0008,0052)" : $"Query/Retrieve Level {text} is not one of this information model"),
        };
    }

    /// <summary>The queries an identifier describes at <paramref name="level"/>.</summary>
    public static DimseQuery From(DokueiDbContext db, DicomDataset identifier, QueryLevel level)
    {
        var query = new DimseQuery(db, level);
        foreach (var element in identifier)
        {
            if (!Keys.TryGetValue(element.Tag, out var key) || key.Level > level || identifier.GetString(element.Tag) is not { Length: > 0 } value)
            {
                continue;
            }

            switch (key.Level)
            {
                case QueryLevel.Patient when QidoMatching.Build<Patient>(key.Column, key.Kind, value, fuzzy: false) is { } p:
                    query.Patients = query.Patients.Where(p);
                    break;
                case QueryLevel.Study when QidoMatching.Build<Study>(key.Column, key.Kind, value, fuzzy: false) is { } p:
                    query.Studies = query.Studies.Where(p);
                    break;
                case QueryLevel.Series when QidoMatching.Build<Series>(key.Column, key.Kind, value, fuzzy: false) is { } p:
                    query.Series = query.Series.Where(p);
                    break;
                case QueryLevel.Image when QidoMatching.Build<Instance>(key.Column, key.Kind, value, fuzzy: false) is { } p:
                    query.Instances = query.Instances.Where(p);
                    break;
            }
        }

        // Each level is constrained by the one above (the patient of a study, the study of a series...).
        var patients = query.Patients;
        query.Studies = query.Studies.Where(s => patients.Any(p => p.Id == s.PatientPk));
        var studies = query.Studies;
        query.Series = query.Series.Where(se => studies.Any(s => s.Id == se.StudyPk));
        var series = query.Series;
        query.Instances = query.Instances.Where(i => series.Any(se => se.Id == i.SeriesPk));
        return query;
    }

    /// <summary>The current instances a retrieve at this level names (everything below the matching entities).</summary>
    public async Task<List<Instance>> InstancesToRetrieveAsync(CancellationToken cancellationToken) =>
        await Instances.OrderBy(i => i.SeriesPk).ThenBy(i => i.InstanceNumber).ThenBy(i => i.Id)
            .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
}
