using System.Text;

namespace Dokuei.Dicom.Deidentification;

/// <summary>
/// Puts back what a <see cref="DicomUidMap"/> remembers into data that was de-identified with it, or that was made
/// from such data (a report referring to de-identified images): for the holder of the map only.
/// </summary>
public static class DicomReidentifier
{
    private static readonly DicomTag PatientNameTag = new(0x0010, 0x0010);
    private static readonly DicomTag PatientIdTag = new(0x0010, 0x0020);
    private static readonly DicomTag IssuerOfPatientIdTag = new(0x0010, 0x0021);
    private static readonly DicomTag AccessionNumberTag = new(0x0008, 0x0050);
    private static readonly DicomTag StudyIdTag = new(0x0020, 0x0010);
    private static readonly DicomTag StudyInstanceUidTag = new(0x0020, 0x000D);
    private static readonly DicomTag MediaStorageSopInstanceUidTag = new(0x0002, 0x0003);

    /// <summary>
    /// Replaces every UID value (at any depth) that the map made with its original and, where the map recorded them,
    /// the original patient identity and study identifiers (then Patient Identity Removed and the de-identification
    /// method are removed). UIDs the map did not make (new instances) stay.
    /// Returns how many values were restored.
    /// </summary>
    public static int Reidentify(DicomDataset dataset, DicomUidMap map, DicomDataset? fileMetaInformation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(map);
        var restored = 0;

        // Study identifiers are recorded under the replacement Study Instance UID, so look them up before restoring UIDs.
        var study = dataset.GetString(StudyInstanceUidTag) is { Length: > 0 } studyUid && map.TryGetStudy(studyUid, out var s) ? s : null;
        restored += RestoreUids(dataset, map);
        if (fileMetaInformation?[MediaStorageSopInstanceUidTag] is DicomValueElement media && TryRestore(media, map, out var restoredMedia))
        {
            fileMetaInformation.Set(restoredMedia);
            restored++;
        }

        if (study != null)
        {
            restored += SetIfKnown(dataset, AccessionNumberTag, DicomVR.SH, study.AccessionNumber);
            restored += SetIfKnown(dataset, StudyIdTag, DicomVR.SH, study.StudyId);
        }

        if (dataset.GetString(PatientIdTag) is { Length: > 0 } pseudonymId && map.TryGetPatient(pseudonymId, out var patient))
        {
            restored += SetIfKnown(dataset, PatientIdTag, DicomVR.LO, patient.PatientId);
            restored += SetIfKnown(dataset, PatientNameTag, DicomVR.PN, patient.PatientName);
            restored += SetIfKnown(dataset, IssuerOfPatientIdTag, DicomVR.LO, patient.IssuerOfPatientId);
            if (patient.PatientId != null)
            {
                // The identity is back: the claims Patient Identity Removed and its method no longer hold.
                dataset.Remove(new DicomTag(0x0012, 0x0062));
                dataset.Remove(new DicomTag(0x0012, 0x0063));
                dataset.Remove(new DicomTag(0x0012, 0x0064));
            }
        }

        return restored;
    }

    private static int RestoreUids(DicomDataset item, DicomUidMap map)
    {
        var restored = 0;
        foreach (var element in item.ToList())
        {
            if (element is DicomSequence sequence)
            {
                foreach (var nested in sequence.Items)
                {
                    restored += RestoreUids(nested, map);
                }
            }
            else if (element is DicomValueElement value && (value.VR == DicomVR.UI || value.VR == DicomVR.UN && DicomDictionary.GetVR(value.Tag) == DicomVR.UI)
                && TryRestore(value, map, out var original))
            {
                item.Set(original);
                restored++;
            }
        }

        return restored;
    }

    private static bool TryRestore(DicomValueElement element, DicomUidMap map, out DicomValueElement restored)
    {
        restored = element;
        var values = Encoding.ASCII.GetString(element.Span).TrimEnd('\0', ' ').Split('\\');
        var changed = false;
        for (var i = 0; i < values.Length; i++)
        {
            if (map.TryGetOriginal(values[i].Trim('\0', ' '), out var original))
            {
                values[i] = original;
                changed = true;
            }
        }

        if (changed)
        {
            var bytes = Encoding.ASCII.GetBytes(string.Join('\\', values));
            restored = new DicomValueElement(element.Tag, element.VR, bytes.Length % 2 == 0 ? bytes : [.. bytes, 0]);
        }

        return changed;
    }

    private static int SetIfKnown(DicomDataset dataset, DicomTag tag, DicomVR vr, string? value)
    {
        if (value is null)
        {
            return 0;
        }

        dataset.SetString(tag, vr, value);
        return 1;
    }
}
