using Dokuei.Server.Features.Requests;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>People, a calendar and a menu, and a way to drive a request into any state through its own methods.</summary>
internal sealed class RequestScenario
{
    public const long Facility = 1;
    public static readonly Guid Clerk = new("0c000000-0000-0000-0000-000000000001");
    public static readonly Guid Coordinator = new("c0000000-0000-0000-0000-000000000001");
    public static readonly Guid Reader1 = new("a1000000-0000-0000-0000-000000000001");
    public static readonly Guid Reader2 = new("a2000000-0000-0000-0000-000000000002");
    public static readonly Guid Reader3 = new("a3000000-0000-0000-0000-000000000003");
    public static readonly Guid Checker = new("9a000000-0000-0000-0000-000000000001");
    public const string StudyUid = "1.2.392.200036.9116.2.1.1";

    private DateTimeOffset _clock = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(9)); // a Tuesday

    public BusinessCalendar Calendar { get; } = BusinessCalendar.JapaneseStandard(Guid.NewGuid());

    public ServiceMenu Menu { get; init; } = StandardServiceMenus.Normal();

    /// <summary>Each call is a minute later than the one before.</summary>
    public DateTimeOffset Now() => _clock = _clock.AddMinutes(1);

    public void SetClock(DateTimeOffset at) => _clock = at;

    public ReadingRequest Draft(ReadingMode mode = ReadingMode.Double, bool requiresQa = true, bool withStudy = true) =>
        ReadingRequest.CreateDraft(Guid.NewGuid(), new ReadingRequestOrder
        {
            FacilityId = Facility,
            OrderedBy = Clerk,
            Mode = mode,
            ServiceMenuId = Menu.Id,
            RequiresQa = requiresQa,
            StudyInstanceUid = withStudy ? StudyUid : null,
            AccessionNumber = "A0001",
            Modality = "CT",
            ClinicalInformation = "頭痛",
            ExamPurpose = "出血の有無",
            Question = "くも膜下出血はありますか",
            BodyParts = ["頭部"],
        }, Now());

    /// <summary>A request submitted with its images and accepted: in triage with its tasks scheduled.</summary>
    public ReadingRequest Accepted(ReadingMode mode, bool requiresQa)
    {
        var request = Draft(mode, requiresQa);
        request.Submit(true, Menu, Calendar, Clerk, Now());
        request.Accept(Menu, Calendar, Coordinator, Now());
        return request;
    }

    /// <summary>A double reading with QA (first = reader 1, second = reader 2, QA = checker) in <paramref name="state"/>.</summary>
    public ReadingRequest InState(ReadingRequestState state)
    {
        var r = Draft(withStudy: state != ReadingRequestState.WaitingForImages);
        switch (state)
        {
            case ReadingRequestState.Draft:
                break;
            case ReadingRequestState.WaitingForImages:
                r.Submit(false, Menu, Calendar, Clerk, Now());
                break;
            case ReadingRequestState.Submitted:
                r.Submit(true, Menu, Calendar, Clerk, Now());
                break;
            case ReadingRequestState.Cancelled:
                r.Submit(true, Menu, Calendar, Clerk, Now());
                r.Cancel("ordered twice", Clerk, Now());
                break;
            default:
                r.Submit(true, Menu, Calendar, Clerk, Now());
                r.Accept(Menu, Calendar, Coordinator, Now());
                DriveFromTriage(r, state);
                break;
        }

        Assert.Equal(state, r.State);
        return r;
    }

    private void DriveFromTriage(ReadingRequest r, ReadingRequestState state)
    {
        switch (state)
        {
            case ReadingRequestState.Triage:
                return;
            case ReadingRequestState.OnHold:
                r.PutOnHold("造影の有無を教えてください", Coordinator, Now());
                return;
            case ReadingRequestState.Rejected:
                r.Reject(RejectionReason.ImagesInsufficient, "再撮影をお願いします", Coordinator, Now());
                return;
        }

        r.Assign(ReadingStep.First, Reader1, Coordinator, Now());
        r.Assign(ReadingStep.Second, Reader2, Coordinator, Now());
        if (state == ReadingRequestState.Assigned)
        {
            return;
        }

        r.ClaimStep(ReadingStep.First, Reader1, Now());
        if (state == ReadingRequestState.InReading)
        {
            return;
        }

        r.CompleteReading(ReadingStep.First, Reader1, Guid.NewGuid(), Now());
        if (state == ReadingRequestState.InSecondReading)
        {
            return;
        }

        r.ClaimStep(ReadingStep.Second, Reader2, Now());
        r.CompleteReading(ReadingStep.Second, Reader2, Guid.NewGuid(), Now());
        r.ClaimStep(ReadingStep.QualityCheck, Checker, Now());
        if (state == ReadingRequestState.InQa)
        {
            return;
        }

        if (state == ReadingRequestState.ReturnedForCorrection)
        {
            r.ReturnForCorrection(Checker, "左右の記載を確認してください", Now());
            return;
        }

        r.ApproveQa(Checker, Now());
        if (state == ReadingRequestState.Delivered)
        {
            r.Deliver(Now());
        }
    }
}
