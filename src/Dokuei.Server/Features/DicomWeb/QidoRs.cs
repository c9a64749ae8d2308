using System.Globalization;
using System.Linq.Expressions;
using Dokuei.Dicom;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 section 10.6): studies, series and instances, at the root and under a study or series, with the
/// matching rules of PS3.4 C.2.2.2 on the index (see <see cref="QidoMatching"/>). Keys of other levels than the one
/// searched are relational: a study search with Modality=CT finds studies with a CT series. The facility scope of the
/// database filters every row.
/// </summary>
internal static class QidoRs
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10000;

    private enum Level
    {
        Study,
        Series,
        Instance,
    }

    private sealed record Attribute(Level Level, MatchKind Kind, LambdaExpression Column);

    private static readonly Dictionary<DicomTag, Attribute> Attributes = new()
    {
        [DicomTag.StudyInstanceUID] = OnStudy(MatchKind.Uid, s => s.StudyInstanceUid),
        [DicomTag.StudyDate] = OnStudy(MatchKind.Date, s => s.StudyDate),
        [DicomTag.StudyTime] = OnStudy(MatchKind.Time, s => s.StudyTime),
        [DicomTag.AccessionNumber] = OnStudy(MatchKind.Text, s => s.AccessionNumber),
        [DicomTag.StudyID] = OnStudy(MatchKind.Text, s => s.StudyId),
        [DicomTag.StudyDescription] = OnStudy(MatchKind.Text, s => s.StudyDescription),
        [DicomTag.ReferringPhysicianName] = OnStudy(MatchKind.PersonName, s => s.ReferringPhysicianNameSearch),
        [DicomTag.ModalitiesInStudy] = OnStudy(MatchKind.Set, s => s.ModalitiesInStudy),
        [DicomTag.SOPClassesInStudy] = OnStudy(MatchKind.Set, s => s.SopClassesInStudy),
        [DicomTag.PatientName] = OnStudy(MatchKind.PersonName, s => s.Patient.PatientNameSearch),
        [DicomTag.PatientID] = OnStudy(MatchKind.Text, s => s.Patient.PatientId),
        [DicomTag.IssuerOfPatientID] = OnStudy(MatchKind.Text, s => s.Patient.IssuerOfPatientId),
        [DicomTag.PatientBirthDate] = OnStudy(MatchKind.Date, s => s.Patient.PatientBirthDate),
        [DicomTag.PatientSex] = OnStudy(MatchKind.Text, s => s.Patient.PatientSex),
        [DicomTag.SeriesInstanceUID] = OnSeries(MatchKind.Uid, s => s.SeriesInstanceUid),
        [DicomTag.Modality] = OnSeries(MatchKind.Text, s => s.Modality),
        [DicomTag.SeriesNumber] = new(Level.Series, MatchKind.Integer, (Expression<Func<Series, int?>>)(s => s.SeriesNumber)),
        [DicomTag.SeriesDescription] = OnSeries(MatchKind.Text, s => s.SeriesDescription),
        [DicomTag.BodyPartExamined] = OnSeries(MatchKind.Text, s => s.BodyPartExamined),
        [DicomTag.PerformedProcedureStepStartDate] = OnSeries(MatchKind.Date, s => s.PerformedProcedureStepStartDate),
        [DicomTag.PerformedProcedureStepStartTime] = OnSeries(MatchKind.Time, s => s.PerformedProcedureStepStartTime),
        [DicomTag.SOPInstanceUID] = OnInstance(MatchKind.Uid, i => i.SopInstanceUid),
        [DicomTag.SOPClassUID] = OnInstance(MatchKind.Uid, i => i.SopClassUid),
        [DicomTag.InstanceNumber] = new(Level.Instance, MatchKind.Integer, (Expression<Func<Instance, int?>>)(i => i.InstanceNumber)),
    };

    public static Task StudiesAsync(HttpContext context, DokueiDbContext db) => SearchAsync(context, db, Level.Study, null, null);

    public static Task SeriesAsync(HttpContext context, DokueiDbContext db, string? study = null) => SearchAsync(context, db, Level.Series, study, null);

    public static Task InstancesAsync(HttpContext context, DokueiDbContext db, string? study = null, string? series = null) => SearchAsync(context, db, Level.Instance, study, series);

    private static async Task SearchAsync(HttpContext context, DokueiDbContext db, Level level, string? studyUid, string? seriesUid)
    {
        var query = context.Request.Query;
        var fuzzy = query["fuzzymatching"].ToString().Equals("true", StringComparison.OrdinalIgnoreCase);
        var limit = DefaultLimit;
        var offset = 0;
        var includeAll = false;
        var include = new HashSet<DicomTag>();
        IQueryable<Study> studies = db.Studies;
        IQueryable<Series> series = db.Series;
        IQueryable<Instance> instances = db.Instances.Where(i => i.IsCurrent);
        bool studyFiltered = false, seriesFiltered = false, instanceFiltered = false;
        if (studyUid != null)
        {
            studies = studies.Where(s => s.StudyInstanceUid == studyUid);
            studyFiltered = true;
        }

        if (seriesUid != null)
        {
            series = series.Where(s => s.SeriesInstanceUid == seriesUid);
            seriesFiltered = true;
        }

        foreach (var (key, values) in query)
        {
            var value = values.ToString();
            switch (key.ToLowerInvariant())
            {
                case "fuzzymatching":
                    continue;
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
                    {
                        await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, "limit must be a positive integer").ConfigureAwait(false);
                        return;
                    }

                    limit = Math.Min(limit, MaxLimit);
                    continue;
                case "offset":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                    {
                        await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, "offset must be a non-negative integer").ConfigureAwait(false);
                        return;
                    }

                    continue;
                case "includefield":
                    foreach (var field in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                    {
                        if (field.Equals("all", StringComparison.OrdinalIgnoreCase))
                        {
                            includeAll = true;
                        }
                        else if (ResolveTag(field) is { } tag)
                        {
                            include.Add(tag);
                        }
                        else
                        {
                            await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, $"includefield: unknown attribute {field}").ConfigureAwait(false);
                            return;
                        }
                    }

                    continue;
            }

            if (ResolveTag(key) is not { } matchTag)
            {
                await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, $"unknown query key {key}").ConfigureAwait(false);
                return;
            }

            if (!Attributes.TryGetValue(matchTag, out var attribute))
            {
                await DicomWebResults.ProblemAsync(context, StatusCodes.Status400BadRequest, $"{key} is not a matching key of this archive").ConfigureAwait(false);
                return;
            }

            switch (attribute.Level)
            {
                case Level.Study when QidoMatching.Build<Study>(attribute.Column, attribute.Kind, value, fuzzy) is { } p:
                    studies = studies.Where(p);
                    studyFiltered = true;
                    break;
                case Level.Series when QidoMatching.Build<Series>(attribute.Column, attribute.Kind, value, fuzzy) is { } p:
                    series = series.Where(p);
                    seriesFiltered = true;
                    break;
                case Level.Instance when QidoMatching.Build<Instance>(attribute.Column, attribute.Kind, value, fuzzy) is { } p:
                    instances = instances.Where(p);
                    instanceFiltered = true;
                    break;
            }
        }

        var baseUrl = DicomWebResults.BaseUrl(context.Request);
        var results = new List<DicomDataset>();
        var cancellationToken = context.RequestAborted;
        switch (level)
        {
            case Level.Study:
                if (seriesFiltered)
                {
                    studies = studies.Where(s => series.Any(se => se.StudyPk == s.Id));
                }

                if (instanceFiltered)
                {
                    studies = studies.Where(s => instances.Any(i => i.Series.StudyPk == s.Id));
                }

                var studyRows = await studies.Include(s => s.Patient).OrderByDescending(s => s.StudyDate).ThenBy(s => s.Id)
                    .Skip(offset).Take(limit).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
                results.AddRange(studyRows.Select(s => QidoDatasets.Study(s, baseUrl)));
                break;
            case Level.Series:
                if (studyFiltered)
                {
                    series = series.Where(se => studies.Any(s => s.Id == se.StudyPk));
                }

                if (instanceFiltered)
                {
                    series = series.Where(se => instances.Any(i => i.SeriesPk == se.Id));
                }

                var seriesRows = await series.Include(s => s.Study).ThenInclude(s => s.Patient).OrderBy(s => s.StudyPk).ThenBy(s => s.SeriesNumber).ThenBy(s => s.Id)
                    .Skip(offset).Take(limit).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
                if (studyUid != null && seriesRows.Count == 0 && !await studies.AnyAsync(cancellationToken).ConfigureAwait(false))
                {
                    await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, "no such study").ConfigureAwait(false);
                    return;
                }

                results.AddRange(seriesRows.Select(s => QidoDatasets.Series(s, baseUrl)));
                break;
            default:
                if (studyFiltered)
                {
                    series = series.Where(se => studies.Any(s => s.Id == se.StudyPk));
                    seriesFiltered = true;
                }

                if (seriesFiltered)
                {
                    instances = instances.Where(i => series.Any(se => se.Id == i.SeriesPk));
                }

                var instanceRows = await instances.Include(i => i.Series).ThenInclude(s => s.Study).ThenInclude(s => s.Patient)
                    .OrderBy(i => i.SeriesPk).ThenBy(i => i.InstanceNumber).ThenBy(i => i.Id)
                    .Skip(offset).Take(limit).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
                if (studyUid != null && instanceRows.Count == 0 && !await series.AnyAsync(cancellationToken).ConfigureAwait(false))
                {
                    await DicomWebResults.ProblemAsync(context, StatusCodes.Status404NotFound, "no such study or series").ConfigureAwait(false);
                    return;
                }

                results.AddRange(instanceRows.Select(i => QidoDatasets.Instance(i, baseUrl, includeAll, include)));
                break;
        }

        context.Response.ContentType = DicomWebResults.DicomJson;
        await DicomJsonWriter.WriteArrayAsync(context.Response.Body, results.ToAsyncEnumerable(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A query key: a keyword (PatientName) or a tag in hex (00100010).</summary>
    internal static DicomTag? ResolveTag(string key)
    {
        if (DicomDictionary.TryGetEntry(key, out var entry))
        {
            return entry.Tag;
        }

        return key.Length == 8 && DicomTag.TryParse(key, out var tag) ? tag : null;
    }

    private static Attribute OnStudy(MatchKind kind, Expression<Func<Study, string?>> column) => new(Level.Study, kind, column);

    private static Attribute OnSeries(MatchKind kind, Expression<Func<Series, string?>> column) => new(Level.Series, kind, column);

    private static Attribute OnInstance(MatchKind kind, Expression<Func<Instance, string?>> column) => new(Level.Instance, kind, column);
}
