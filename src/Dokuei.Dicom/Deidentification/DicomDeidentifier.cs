namespace Dokuei.Dicom.Deidentification;

/// <summary>
/// De-identifies datasets per the Basic Application Level Confidentiality Profile of PS3.15 Annex E (Table E.1-1,
/// <see cref="DicomConfidentialityProfile"/>), with options, remapping UIDs through a <see cref="DicomUidMap"/> so that
/// every instance of a study (and studies processed with the same map) stays consistent.
/// </summary>
/// <remarks>
/// What the profile cannot see stays the caller's job: identifying text burned into pixel data, and the 128-byte
/// preamble of a Part 10 file (the writer should write zeros).
/// </remarks>
public sealed partial class DicomDeidentifier
{
    private const DicomConfidentialityOptions Supported =
        DicomConfidentialityOptions.RetainLongitudinalTemporalInformationFullDates
        | DicomConfidentialityOptions.RetainPatientCharacteristics
        | DicomConfidentialityOptions.RetainDeviceIdentity
        | DicomConfidentialityOptions.RetainInstitutionIdentity
        | DicomConfidentialityOptions.RetainUids;

    private static readonly DicomTag PatientNameTag = new(0x0010, 0x0010);
    private static readonly DicomTag PatientIdTag = new(0x0010, 0x0020);
    private static readonly DicomTag IssuerOfPatientIdTag = new(0x0010, 0x0021);
    private static readonly DicomTag AccessionNumberTag = new(0x0008, 0x0050);
    private static readonly DicomTag StudyIdTag = new(0x0020, 0x0010);
    private static readonly DicomTag StudyInstanceUidTag = new(0x0020, 0x000D);
    private static readonly DicomTag SopInstanceUidTag = new(0x0008, 0x0018);
    private static readonly DicomTag MediaStorageSopInstanceUidTag = new(0x0002, 0x0003);
    private static readonly DicomTag PatientIdentityRemovedTag = new(0x0012, 0x0062);
    private static readonly DicomTag DeidentificationMethodTag = new(0x0012, 0x0063);
    private static readonly DicomTag DeidentificationMethodCodeSequenceTag = new(0x0012, 0x0064);
    private static readonly DicomTag CodeValueTag = new(0x0008, 0x0100);
    private static readonly DicomTag CodingSchemeDesignatorTag = new(0x0008, 0x0102);
    private static readonly DicomTag CodeMeaningTag = new(0x0008, 0x0104);
    private static readonly DicomTag OverlayDataTag = new(0x6000, 0x3000);

    // File meta elements that name the sending site (PS3.15 E.1.1 item 7: the meta information must not leak identity).
    private static readonly DicomTag[] IdentifyingMetaTags =
    [
        new(0x0002, 0x0016), // Source Application Entity Title
        new(0x0002, 0x0017), // Sending Application Entity Title
        new(0x0002, 0x0018), // Receiving Application Entity Title
        new(0x0002, 0x0026), // Source Presentation Address
        new(0x0002, 0x0027), // Sending Presentation Address
        new(0x0002, 0x0028), // Receiving Presentation Address
        new(0x0002, 0x0100), // Private Information Creator UID
        new(0x0002, 0x0102), // Private Information
    ];

    /// <summary>A de-identifier with the Basic Profile alone and a new map of random "2.25." UIDs.</summary>
    public DicomDeidentifier()
        : this(new DicomUidMap())
    {
    }

    /// <summary>A de-identifier that records its UID replacements in <paramref name="uidMap"/>.</summary>
    /// <exception cref="NotSupportedException">An option that needs knowledge this library does not have yet (cleaning, modified dates, safe private attributes).</exception>
    public DicomDeidentifier(DicomUidMap uidMap, DicomDeidentificationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(uidMap);
        settings ??= new DicomDeidentificationSettings();
        var unsupported = settings.Options & ~Supported;
        if (unsupported != DicomConfidentialityOptions.None)
        {
            throw new NotSupportedException($"The {unsupported} option(s) are not implemented; supported: {Supported}.");
        }

        UidMap = uidMap;
        Settings = settings;
    }

    /// <summary>The UID replacements (and, if recorded, original identities) of this de-identifier.</summary>
    public DicomUidMap UidMap { get; }

    /// <summary>The options and choices used.</summary>
    public DicomDeidentificationSettings Settings { get; }

    /// <summary>
    /// De-identifies <paramref name="dataset"/> in place. If the dataset came from a Part 10 file, pass its
    /// <paramref name="fileMetaInformation"/>: Media Storage SOP Instance UID (0002,0003) then follows the new SOP
    /// Instance UID and elements naming the sending site are removed.
    /// </summary>
    public void Deidentify(DicomDataset dataset, DicomDataset? fileMetaInformation = null, DicomPseudonym? pseudonym = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var originalPatientId = dataset.GetString(PatientIdTag);
        var originalPatientName = dataset.GetString(PatientNameTag);
        var originalIssuer = dataset.GetString(IssuerOfPatientIdTag);
        var originalAccession = dataset.GetString(AccessionNumberTag);
        var originalStudyId = dataset.GetString(StudyIdTag);

        ProcessItem(dataset, inDummySequence: false);

        // Z/D for Patient ID: a dummy that is the same for every instance of the patient keeps the patient one entity (E.1.1 note 3).
        var pseudonymId = pseudonym?.PatientId ?? UidMap.GetOrAddPatientPseudonym(originalPatientId ?? "");
        dataset.SetString(PatientIdTag, DicomVR.LO, pseudonymId);
        dataset.SetString(PatientNameTag, DicomVR.PN, pseudonym?.PatientName ?? "");

        if (Settings.RecordOriginalIdentity)
        {
            UidMap.RecordPatient(new DicomOriginalPatient(pseudonymId, pseudonym?.PatientName, originalPatientId, originalPatientName, originalIssuer));
            if (dataset.GetString(StudyInstanceUidTag) is { Length: > 0 } studyUid)
            {
                UidMap.RecordStudy(new DicomOriginalStudy(studyUid, originalAccession, originalStudyId));
            }
        }

        AddDeidentificationMethod(dataset);

        if (fileMetaInformation != null)
        {
            DeidentifyFileMeta(fileMetaInformation, dataset);
        }
    }

    /// <summary>A de-identified copy of <paramref name="dataset"/>, which is left unchanged (the file meta, if given, is changed in place).</summary>
    public DicomDataset DeidentifyCopy(DicomDataset dataset, DicomDataset? fileMetaInformation = null, DicomPseudonym? pseudonym = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var copy = dataset.Clone();
        Deidentify(copy, fileMetaInformation, pseudonym);
        return copy;
    }

    private void ProcessItem(DicomDataset item, bool inDummySequence)
    {
        var overlayAction = Resolve(RuleAction(OverlayDataTag) ?? DicomDeidentificationAction.Keep);
        foreach (var element in item.ToList())
        {
            var tag = element.Tag;
            if (tag.IsGroupLength)
            {
                // Group lengths would be stale after the changes below; they are optional and writers recompute them.
                item.Remove(tag);
                continue;
            }

            if (overlayAction == DicomDeidentificationAction.Remove && !tag.IsPrivate && (tag.Group & 0xFF00) == 0x6000)
            {
                // Removing Overlay Data leaves the rest of the overlay plane without its Type 1 data; remove the plane.
                item.Remove(tag);
                continue;
            }

            if (RuleAction(tag) is not { } listed)
            {
                ProcessUnlisted(item, element, inDummySequence);
                continue;
            }

            Apply(item, element, Resolve(listed), inDummySequence);
        }
    }

    private DicomDeidentificationAction? RuleAction(DicomTag tag) =>
        DicomConfidentialityProfile.TryGetRule(tag, out var rule) ? rule.ActionFor(Settings.Options) : null;

    private DicomDeidentificationAction Resolve(DicomDeidentificationAction action) => action switch
    {
        // Without the IOD's attribute types at hand, keep what the standard allows to keep so that the result stays valid.
        DicomDeidentificationAction.ZeroOrDummy => DicomDeidentificationAction.Dummy,
        DicomDeidentificationAction.RemoveOrZero => Settings.RemoveWhereAllowed ? DicomDeidentificationAction.Remove : DicomDeidentificationAction.Zero,
        DicomDeidentificationAction.RemoveOrDummy or DicomDeidentificationAction.RemoveOrZeroOrDummy =>
            Settings.RemoveWhereAllowed ? DicomDeidentificationAction.Remove : DicomDeidentificationAction.Dummy,
        DicomDeidentificationAction.RemoveOrZeroOrReplaceUids => Settings.RemoveWhereAllowed ? DicomDeidentificationAction.Remove : DicomDeidentificationAction.ReplaceUid,

        // The Clean options are not offered, so C only comes from the Retain options' columns; a dummy is a clean value.
        DicomDeidentificationAction.Clean => DicomDeidentificationAction.Dummy,
        _ => action,
    };

    private void Apply(DicomDataset item, DicomElement element, DicomDeidentificationAction action, bool inDummySequence)
    {
        switch (action)
        {
            case DicomDeidentificationAction.Remove:
                item.Remove(element.Tag);
                break;
            case DicomDeidentificationAction.Zero:
                item.Set(element is DicomSequence ? new DicomSequence(element.Tag) : new DicomValueElement(element.Tag, element.VR, ReadOnlyMemory<byte>.Empty));
                break;
            case DicomDeidentificationAction.Dummy:
                if (element is DicomSequence dummySequence)
                {
                    // D on a sequence: keep the items for IOD conformance, but with every identifying value in them replaced.
                    ProcessItems(dummySequence, inDummySequence: true);
                }
                else
                {
                    item.Set(MakeDummy(element));
                }

                break;
            case DicomDeidentificationAction.ReplaceUid:
                if (element is DicomSequence uidSequence)
                {
                    ProcessItems(uidSequence, inDummySequence);
                }
                else if (element is DicomValueElement value)
                {
                    item.Set(ReplaceUids(value));
                }

                break;
            default:
                if (element is DicomSequence kept)
                {
                    ProcessItems(kept, inDummySequence);
                }

                break;
        }
    }

    private void ProcessUnlisted(DicomDataset item, DicomElement element, bool inDummySequence)
    {
        if (element is DicomSequence sequence)
        {
            // Attributes the table lists (Referenced SOP Instance UID...) may sit in items of sequences it does not list.
            ProcessItems(sequence, inDummySequence);
        }
        else if (inDummySequence && IsFreeText(EffectiveVR(element)))
        {
            item.Set(MakeDummy(element));
        }
    }

    private void ProcessItems(DicomSequence sequence, bool inDummySequence)
    {
        foreach (var nested in sequence.Items)
        {
            ProcessItem(nested, inDummySequence);
        }
    }

    private void AddDeidentificationMethod(DicomDataset dataset)
    {
        dataset.SetString(PatientIdentityRemovedTag, DicomVR.CS, "YES");
        var codes = DicomDeidentificationMethod.For(Settings.Options);
        dataset.SetString(DeidentificationMethodTag, DicomVR.LO, [.. codes.Select(c => c.Meaning)]);

        // Keep the codes an earlier de-identification recorded (it may have done what this one does not, e.g. clean pixel data).
        var items = dataset.GetSequence(DeidentificationMethodCodeSequenceTag)?.Items.ToList() ?? [];
        foreach (var (value, meaning) in codes)
        {
            if (!items.Any(i => i.GetString(CodeValueTag) == value && i.GetString(CodingSchemeDesignatorTag) == DicomDeidentificationMethod.CodingSchemeDesignator))
            {
                var code = new DicomDataset();
                code.SetString(CodeValueTag, DicomVR.SH, value);
                code.SetString(CodingSchemeDesignatorTag, DicomVR.SH, DicomDeidentificationMethod.CodingSchemeDesignator);
                code.SetString(CodeMeaningTag, DicomVR.LO, meaning);
                items.Add(code);
            }
        }

        // New items: the old ones still belong to the old sequence object.
        dataset.SetSequence(DeidentificationMethodCodeSequenceTag, [.. items.Select(i => i.Clone())]);
    }

    private void DeidentifyFileMeta(DicomDataset meta, DicomDataset dataset)
    {
        foreach (var tag in IdentifyingMetaTags)
        {
            meta.Remove(tag);
        }

        if (dataset.GetString(SopInstanceUidTag) is { Length: > 0 } sopInstanceUid)
        {
            meta.SetString(MediaStorageSopInstanceUidTag, DicomVR.UI, sopInstanceUid);
        }
        else if (meta[MediaStorageSopInstanceUidTag] is DicomValueElement media && RuleAction(MediaStorageSopInstanceUidTag) == DicomDeidentificationAction.ReplaceUid)
        {
            meta.Set(ReplaceUids(media));
        }
    }
}
