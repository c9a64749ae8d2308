using System.Globalization;
using Dokuei.Dicom;

namespace Dokuei.Server.Features.Archive;

/// <summary>The attributes of one instance that the index keeps, read from its dataset.</summary>
internal sealed record IndexedAttributes
{
    public required string SopInstanceUid { get; init; }
    public required string SopClassUid { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public string PatientId { get; init; } = "";
    public string? IssuerOfPatientId { get; init; }
    public string? PatientName { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? AccessionNumber { get; init; }
    public string? StudyId { get; init; }
    public string? StudyDescription { get; init; }
    public string? ReferringPhysicianName { get; init; }
    public string? Modality { get; init; }
    public int? SeriesNumber { get; init; }
    public string? SeriesDescription { get; init; }
    public string? BodyPartExamined { get; init; }
    public string? PerformedProcedureStepStartDate { get; init; }
    public string? PerformedProcedureStepStartTime { get; init; }
    public string? RequestAttributes { get; init; }
    public int? InstanceNumber { get; init; }
    public int? Rows { get; init; }
    public int? Columns { get; init; }
    public int? BitsAllocated { get; init; }
    public int? NumberOfFrames { get; init; }

    /// <summary>Reads the attributes; returns null and a reason when a required UID is missing.</summary>
    public static IndexedAttributes? From(DicomDataset ds, out string? missing)
    {
        string? Text(DicomTag tag) => ds.GetString(tag) is { Length: > 0 } value ? value.Trim() : null;
        int? Int(DicomTag tag) => ds.TryGetInt32(tag, out var value) ? value : null;

        missing = null;
        var sopInstance = Text(DicomTag.SOPInstanceUID);
        var sopClass = Text(DicomTag.SOPClassUID);
        var study = Text(DicomTag.StudyInstanceUID);
        var series = Text(DicomTag.SeriesInstanceUID);
        if (sopInstance == null || sopClass == null || study == null || series == null)
        {
            missing = string.Join(", ", new[] { ("SOPInstanceUID", sopInstance), ("SOPClassUID", sopClass), ("StudyInstanceUID", study), ("SeriesInstanceUID", series) }
                .Where(p => p.Item2 == null).Select(p => p.Item1));
            return null;
        }

        string? requestAttributes = null;
        if (ds.GetSequence(DicomTag.RequestAttributesSequence) is { Items.Count: > 0 } sequence)
        {
            var json = new DicomDataset();
            json.Set(new DicomSequence(DicomTag.RequestAttributesSequence, sequence.Items.Select(i => i.Clone())));
            requestAttributes = DicomJsonWriter.Serialize(json);
        }

        return new IndexedAttributes
        {
            SopInstanceUid = sopInstance,
            SopClassUid = sopClass,
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            PatientId = Text(DicomTag.PatientID) ?? "",
            IssuerOfPatientId = Text(DicomTag.IssuerOfPatientID),
            PatientName = Text(DicomTag.PatientName),
            PatientBirthDate = Date(Text(DicomTag.PatientBirthDate)),
            PatientSex = Text(DicomTag.PatientSex),
            StudyDate = Date(Text(DicomTag.StudyDate)),
            StudyTime = Time(Text(DicomTag.StudyTime)),
            AccessionNumber = Text(DicomTag.AccessionNumber),
            StudyId = Text(DicomTag.StudyID),
            StudyDescription = Text(DicomTag.StudyDescription),
            ReferringPhysicianName = Text(DicomTag.ReferringPhysicianName),
            Modality = Text(DicomTag.Modality),
            SeriesNumber = Int(DicomTag.SeriesNumber),
            SeriesDescription = Text(DicomTag.SeriesDescription),
            BodyPartExamined = Text(DicomTag.BodyPartExamined),
            PerformedProcedureStepStartDate = Date(Text(DicomTag.PerformedProcedureStepStartDate)),
            PerformedProcedureStepStartTime = Time(Text(DicomTag.PerformedProcedureStepStartTime)),
            RequestAttributes = requestAttributes,
            InstanceNumber = Int(DicomTag.InstanceNumber),
            Rows = Int(DicomTag.Rows),
            Columns = Int(DicomTag.Columns),
            BitsAllocated = Int(DicomTag.BitsAllocated),
            NumberOfFrames = Int(DicomTag.NumberOfFrames),
        };
    }

    /// <summary>DA as YYYYMMDD (the ACR-NEMA form YYYY.MM.DD is accepted) so dates compare as text.</summary>
    public static string? Date(string? value) => value?.Replace(".", "", StringComparison.Ordinal) is { Length: 8 } date ? date : value;

    /// <summary>TM as HHMMSS[.FFFFFF] with minutes and seconds filled in, so times compare as text.</summary>
    public static string? Time(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var text = value.Replace(":", "", StringComparison.Ordinal);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[dot..];
        return whole.Length is 2 or 4 ? whole.PadRight(6, '0') + fraction : text;
    }

    /// <summary>Formats an optional integer for a DICOM IS value.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
