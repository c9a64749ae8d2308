using Dokuei.Dicom;
using Dokuei.Server.Features.Archive;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>The QIDO-RS result datasets of each level (PS3.18 Tables 6.7.1-2, -2a, -2b), built from index rows.</summary>
internal static class QidoDatasets
{
    public static DicomDataset Study(Study study, string baseUrl)
    {
        var ds = New();
        AddStudy(ds, study);
        ds.SetString(DicomTag.RetrieveURL, baseUrl + DicomWebUris.Study(study.StudyInstanceUid));
        ds.SetString(DicomTag.NumberOfStudyRelatedSeries, IndexedAttributes.Format(study.NumberOfSeries));
        ds.SetString(DicomTag.NumberOfStudyRelatedInstances, IndexedAttributes.Format(study.NumberOfInstances));
        return ds;
    }

    public static DicomDataset Series(Series series, string baseUrl)
    {
        var ds = New();
        AddStudy(ds, series.Study);
        AddSeries(ds, series);
        ds.SetString(DicomTag.RetrieveURL, baseUrl + DicomWebUris.Series(series.Study.StudyInstanceUid, series.SeriesInstanceUid));
        ds.SetString(DicomTag.NumberOfSeriesRelatedInstances, IndexedAttributes.Format(series.NumberOfInstances));
        return ds;
    }

    public static DicomDataset Instance(Instance instance, string baseUrl, bool includeAll, IReadOnlySet<DicomTag> include)
    {
        var ds = New();
        if (includeAll || include.Count > 0)
        {
            // Attributes the index does not keep come from the precomputed metadata of the instance.
            var metadata = DicomJsonReader.Parse(instance.MetadataJson)[0];
            foreach (var element in metadata)
            {
                if (includeAll ? element is not DicomValueElement { Length: > 1024 } : include.Contains(element.Tag))
                {
                    ds.Set(element);
                }
            }

            ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        }

        AddStudy(ds, instance.Series.Study);
        AddSeries(ds, instance.Series);
        Set(ds, DicomTag.SOPClassUID, instance.SopClassUid);
        ds.SetString(DicomTag.SOPInstanceUID, instance.SopInstanceUid);
        Set(ds, DicomTag.InstanceNumber, instance.InstanceNumber);
        Set(ds, DicomTag.Rows, instance.Rows);
        Set(ds, DicomTag.Columns, instance.Columns);
        Set(ds, DicomTag.BitsAllocated, instance.BitsAllocated);
        Set(ds, DicomTag.NumberOfFrames, instance.NumberOfFrames);
        ds.SetString(DicomTag.AvailableTransferSyntaxUID, instance.TransferSyntaxUid);
        ds.SetString(DicomTag.RetrieveURL, baseUrl + DicomWebUris.Instance(instance.Series.Study.StudyInstanceUid, instance.Series.SeriesInstanceUid, instance.SopInstanceUid));
        return ds;
    }

    private static DicomDataset New()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        return ds;
    }

    private static void AddStudy(DicomDataset ds, Study study)
    {
        ds.SetString(DicomTag.StudyInstanceUID, study.StudyInstanceUid);
        Set(ds, DicomTag.StudyDate, study.StudyDate);
        Set(ds, DicomTag.StudyTime, study.StudyTime);
        Set(ds, DicomTag.AccessionNumber, study.AccessionNumber);
        Set(ds, DicomTag.StudyID, study.StudyId);
        Set(ds, DicomTag.StudyDescription, study.StudyDescription);
        Set(ds, DicomTag.ReferringPhysicianName, study.ReferringPhysicianName);
        if (study.ModalitiesInStudy is { Length: > 2 } modalities)
        {
            ds.SetString(DicomTag.ModalitiesInStudy, modalities.Trim('\\').Split('\\'));
        }

        var patient = study.Patient;
        Set(ds, DicomTag.PatientName, patient.PatientName);
        ds.SetString(DicomTag.PatientID, patient.PatientId);
        Set(ds, DicomTag.IssuerOfPatientID, patient.IssuerOfPatientId);
        Set(ds, DicomTag.PatientBirthDate, patient.PatientBirthDate);
        Set(ds, DicomTag.PatientSex, patient.PatientSex);
    }

    private static void AddSeries(DicomDataset ds, Series series)
    {
        ds.SetString(DicomTag.SeriesInstanceUID, series.SeriesInstanceUid);
        Set(ds, DicomTag.Modality, series.Modality);
        Set(ds, DicomTag.SeriesNumber, series.SeriesNumber);
        Set(ds, DicomTag.SeriesDescription, series.SeriesDescription);
        Set(ds, DicomTag.BodyPartExamined, series.BodyPartExamined);
        Set(ds, DicomTag.PerformedProcedureStepStartDate, series.PerformedProcedureStepStartDate);
        Set(ds, DicomTag.PerformedProcedureStepStartTime, series.PerformedProcedureStepStartTime);
        if (series.RequestAttributes != null && DicomJsonReader.Parse(series.RequestAttributes) is [var request, ..]
            && request.GetSequence(DicomTag.RequestAttributesSequence) is { } sequence)
        {
            ds.Set(new DicomSequence(DicomTag.RequestAttributesSequence, sequence.Items.Select(i => i.Clone())));
        }
    }

    private static void Set(DicomDataset ds, DicomTag tag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            ds.SetString(tag, value);
        }
    }

    private static void Set(DicomDataset ds, DicomTag tag, int? value)
    {
        if (value is { } v)
        {
            ds.SetString(tag, IndexedAttributes.Format(v));
        }
    }
}
