using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.Reports;
using Dokuei.Server.Features.Sla;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Requests;

/// <summary>The people the demo's requests are about (created by the demo command of the people feature).</summary>
/// <param name="Facilities">The facilities, each with the user who orders its requests.</param>
/// <param name="Coordinator">A coordinator.</param>
/// <param name="Radiologists">At least three radiologists, the most junior first.</param>
/// <param name="QaChecker">A QA checker.</param>
internal sealed record DemoPeople(IReadOnlyList<(long FacilityId, Guid OrderedBy)> Facilities, Guid Coordinator, IReadOnlyList<Guid> Radiologists, Guid QaChecker);

/// <summary>
/// Demo data for <c>./dokuei demo</c>: synthetic studies (generated here, never real patients, Japanese and Latin
/// names) stored through <see cref="ArchiveIngest"/>, and reading requests in every state with their reports. The demo
/// command calls <see cref="SeedAsync"/> after it has created facilities and users.
/// </summary>
internal static class RequestsDemoData
{
    private static readonly (string Name, string Sex, string Modality, string BodyPart, string Question)[] Patients =
    [
        ("Yamada^Tarou=山田^太郎=やまだ^たろう", "M", "CT", "頭部", "くも膜下出血の除外"),
        ("Satou^Hanako=佐藤^花子=さとう^はなこ", "F", "CT", "胸部", "肺結節の経過"),
        ("Suzuki^Ichirou=鈴木^一郎=すずき^いちろう", "M", "MR", "頭部", "急性期脳梗塞の有無"),
        ("Takahashi^Yuki=高橋^由紀=たかはし^ゆき", "F", "CT", "腹部", "腹痛、遊離ガスの有無"),
        ("Tanaka^Kenji=田中^健二=たなか^けんじ", "M", "CT", "胸部", "肺塞栓の除外"),
        ("Smith^John", "M", "CT", "chest", "Rule out pneumonia"),
        ("Ito^Mai=伊藤^舞=いとう^まい", "F", "MG", "乳房", "検診精査"),
        ("Watanabe^Sho=渡辺^翔=わたなべ^しょう", "M", "CT", "頭部", "外傷後、頭蓋内出血の有無"),
        ("Garcia^Maria", "F", "MR", "knee", "Left knee pain, meniscal tear?"),
        ("Nakamura^Aoi=中村^葵=なかむら^あおい", "F", "CT", "腹部", "急性虫垂炎の有無"),
        ("Kobayashi^Ren=小林^蓮=こばやし^れん", "M", "CT", "胸部", "気胸の有無"),
        ("Katou^Midori=加藤^緑=かとう^みどり", "F", "CT", "頭部", "めまい精査"),
        ("Yoshida^Daiki=吉田^大輝=よしだ^だいき", "M", "CT", "腹部", "尿管結石の有無"),
        ("Brown^Emily", "F", "CT", "head", "Headache, rule out hemorrhage"),
    ];

    /// <summary>Every state a request can be in, in the order the demo creates them.</summary>
    public static IReadOnlyList<ReadingRequestState> States { get; } = Enum.GetValues<ReadingRequestState>();

    /// <summary>Creates one request in each state, spread over the facilities; returns the requests' ids.</summary>
    public static async Task<IReadOnlyList<Guid>> SeedAsync(DokueiDbContext db, ArchiveIngest ingest, DemoPeople people, TimeProvider time, CancellationToken cancellationToken)
    {
        db.Scope.SetAll();
        await RequestsSeed.EnsureAsync(db, cancellationToken).ConfigureAwait(false);
        var menu = await db.ServiceMenus.FirstAsync(m => m.Code == "24-365", cancellationToken).ConfigureAwait(false);
        var calendar = await RequestsSeed.CalendarAsync(db, cancellationToken).ConfigureAwait(false);
        var ids = new List<Guid>();
        var states = States;
        for (var i = 0; i < states.Count; i++)
        {
            var (facilityId, orderedBy) = people.Facilities[i % people.Facilities.Count];
            var patient = Patients[i % Patients.Length];
            var accession = $"DEMO-{i + 1:D4}";
            string? studyUid = null;
            if (states[i] != ReadingRequestState.WaitingForImages && states[i] != ReadingRequestState.Draft)
            {
                studyUid = await StoreStudyAsync(ingest, facilityId, patient, accession, i, cancellationToken).ConfigureAwait(false);
            }

            var now = time.GetUtcNow().AddMinutes(-5 * (states.Count - i));
            var mode = states[i] is ReadingRequestState.InSecondReading ? ReadingMode.Double : (ReadingMode)(i % 4) is ReadingMode.BlindDouble ? ReadingMode.Single : (ReadingMode)(i % 4);
            var request = ReadingRequest.CreateDraft(SequentialGuid.Create(now), new ReadingRequestOrder
            {
                FacilityId = facilityId,
                OrderedBy = orderedBy,
                Mode = mode,
                ServiceMenuId = menu.Id,
                RequiresQa = states[i] is ReadingRequestState.InQa or ReadingRequestState.ReturnedForCorrection,
                StudyInstanceUid = studyUid,
                AccessionNumber = accession,
                Modality = patient.Modality,
                ClinicalInformation = "デモ用の架空症例です。",
                ExamPurpose = "精査",
                Question = patient.Question,
                BodyParts = [patient.BodyPart],
            }, now);
            db.ReadingRequests.Add(request);
            var report = Advance(request, states[i], people, menu, calendar, now);
            await ApiSupport.SaveAsync(db, request, report, cancellationToken).ConfigureAwait(false);
            ids.Add(request.Id);
        }

        return ids;
    }

    // Walks a new draft through the aggregate's own transitions up to the wanted state.
    private static Report? Advance(ReadingRequest r, ReadingRequestState target, DemoPeople people, ServiceMenu menu, BusinessCalendar calendar, DateTimeOffset at)
    {
        var coordinator = people.Coordinator;
        var (reader1, reader2) = (people.Radiologists[0], people.Radiologists[1]);
        switch (target)
        {
            case ReadingRequestState.Draft:
                return null;
            case ReadingRequestState.WaitingForImages:
                r.Submit(imagesInArchive: false, menu, calendar, r.OrderedBy, at);
                return null;
            case ReadingRequestState.Cancelled:
                r.Submit(imagesInArchive: true, menu, calendar, r.OrderedBy, at);
                r.Cancel("依頼内容の誤り", r.OrderedBy, at);
                return null;
        }

        r.Submit(imagesInArchive: true, menu, calendar, r.OrderedBy, at);
        if (target == ReadingRequestState.Submitted)
        {
            return null;
        }

        if (target == ReadingRequestState.Rejected)
        {
            r.Reject(RejectionReason.ImagesInsufficient, "体動によるアーチファクトのため再撮影をお願いします。", coordinator, at);
            return null;
        }

        r.Accept(menu, calendar, coordinator, at);
        if (target == ReadingRequestState.Triage)
        {
            return null;
        }

        if (target == ReadingRequestState.OnHold)
        {
            r.PutOnHold("造影剤使用の有無をご教示ください。", coordinator, at);
            return null;
        }

        var steps = ReadingRequest.ReadingSteps(r.Mode);
        for (var s = 0; s < steps.Count; s++)
        {
            r.Assign(steps[s], people.Radiologists[s], coordinator, at);
        }

        if (target == ReadingRequestState.Assigned)
        {
            return null;
        }

        var report = Report.Create(SequentialGuid.Create(at), r.Id, r.FacilityId, at);
        r.ClaimStep(steps[0], reader1, at);
        var first = report.StartDraft(SequentialGuid.Create(at), steps[0], reader1, Content(r, critical: false), at);
        if (target == ReadingRequestState.InReading)
        {
            return report;
        }

        if (target == ReadingRequestState.InSecondReading)
        {
            report.Sign(first.Id, reader1, final: false, [], TimeSpan.FromMinutes(30), at);
            r.CompleteReading(steps[0], reader1, first.Id, at);
            r.ClaimStep(steps[1], reader2, at);
            return report;
        }

        // Single, double or triple reading to the end, each step signed by its reader.
        var last = first;
        for (var s = 0; s < steps.Count; s++)
        {
            var reader = people.Radiologists[s];
            if (s > 0)
            {
                r.ClaimStep(steps[s], reader, at);
                last = report.StartDraft(SequentialGuid.Create(at), steps[s], reader, last.Content, at);
            }

            r.CompleteReading(steps[s], reader, last.Id, at);
            report.Sign(last.Id, reader, final: r.SignedResultId == last.Id, [], TimeSpan.FromMinutes(30), at);
        }

        if (target == ReadingRequestState.InQa)
        {
            return report;
        }

        if (target == ReadingRequestState.ReturnedForCorrection)
        {
            r.ClaimStep(ReadingStep.QualityCheck, people.QaChecker, at);
            r.ReturnForCorrection(people.QaChecker, "左右の記載を確認してください。", at);
            report.RecordQa(last.Id, people.QaChecker, approved: false, "左右の記載を確認してください。", at);
            return report;
        }

        if (target == ReadingRequestState.Delivered)
        {
            r.Deliver(at);
        }

        return report;
    }

    private static ReportContent Content(ReadingRequest r, bool critical) => new()
    {
        Findings = r.Modality == "CT" && r.BodyParts.Contains("頭部") ? "頭蓋内に出血を認めない。脳室の拡大なし。" : "明らかな異常所見を認めない。",
        Impression = "明らかな異常所見なし。",
        Critical = critical,
        Language = "ja",
    };

    private static async Task<string> StoreStudyAsync(ArchiveIngest ingest, long facilityId, (string Name, string Sex, string Modality, string BodyPart, string Question) patient, string accession, int index, CancellationToken cancellationToken)
    {
        var studyUid = DicomUidGenerator.FromGuid(Guid.NewGuid());
        var seriesUid = DicomUidGenerator.FromGuid(Guid.NewGuid());
        for (var n = 1; n <= 2; n++)
        {
            var bytes = SyntheticInstance(studyUid, seriesUid, patient, accession, index, n);
            using var stream = new MemoryStream(bytes);
            var result = await ingest.StoreAsync(facilityId, stream, null, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo study not stored: {result.Message}");
            }
        }

        return studyUid;
    }

    // A small synthetic image (8x8, 16 bit, a gradient): made up here, never a real patient.
    private static byte[] SyntheticInstance(string studyUid, string seriesUid, (string Name, string Sex, string Modality, string BodyPart, string Question) patient, string accession, int index, int number)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "", "ISO 2022 IR 87");
        ds.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(DicomTag.SOPInstanceUID, DicomUidGenerator.FromGuid(Guid.NewGuid()));
        ds.SetString(DicomTag.StudyDate, "20260401");
        ds.SetString(DicomTag.StudyTime, "093000");
        ds.SetString(DicomTag.AccessionNumber, accession);
        ds.SetString(DicomTag.Modality, patient.Modality);
        ds.SetString(DicomTag.StudyDescription, "DEMO " + patient.BodyPart);
        ds.SetString(DicomTag.PatientName, patient.Name);
        ds.SetString(DicomTag.PatientID, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DEMO-{index + 1:D4}"));
        ds.SetString(DicomTag.PatientBirthDate, "19700101");
        ds.SetString(DicomTag.PatientSex, patient.Sex);
        ds.SetString(DicomTag.StudyInstanceUID, studyUid);
        ds.SetString(DicomTag.SeriesInstanceUID, seriesUid);
        ds.SetString(DicomTag.StudyID, "1");
        ds.SetString(DicomTag.SeriesNumber, "1");
        ds.SetString(DicomTag.InstanceNumber, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetUInt16(DicomTag.SamplesPerPixel, 1);
        ds.SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.SetUInt16(DicomTag.Rows, 8);
        ds.SetUInt16(DicomTag.Columns, 8);
        ds.SetUInt16(DicomTag.BitsAllocated, 16);
        ds.SetUInt16(DicomTag.BitsStored, 12);
        ds.SetUInt16(DicomTag.HighBit, 11);
        ds.SetUInt16(DicomTag.PixelRepresentation, 0);
        var pixels = new byte[8 * 8 * 2];
        for (var i = 0; i < 64; i++)
        {
            var value = (ushort)((i * 64) + (number * 16));
            pixels[2 * i] = (byte)value;
            pixels[(2 * i) + 1] = (byte)(value >> 8);
        }

        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        using var stream = new MemoryStream();
        DicomFileWriter.Write(new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian), stream);
        return stream.ToArray();
    }
}
