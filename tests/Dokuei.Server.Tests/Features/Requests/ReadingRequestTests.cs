using Dokuei.Server.Features;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>A request from draft to delivery: modes, intake, deadlines, hold, rejection, addenda, events.</summary>
public sealed class ReadingRequestTests
{
    private const string Invalid = "request.invalid_transition";

    private static DateTimeOffset Jst(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    private readonly RequestScenario _s = new();

    [Fact]
    public void A_single_reading_without_qa_is_final_when_its_reader_submits()
    {
        var request = _s.Accepted(ReadingMode.Single, requiresQa: false);
        var report = Guid.NewGuid();

        request.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.First, RequestScenario.Reader1, _s.Now());
        request.CompleteReading(ReadingStep.First, RequestScenario.Reader1, report, _s.Now());

        Assert.Equal(ReadingRequestState.Final, request.State);
        Assert.Equal(RequestScenario.Reader1, request.SignedBy);
        Assert.Equal(report, request.SignedResultId);
        Assert.NotNull(request.FinalizedAt);
        Assert.Equal([ReadingStep.First], request.Tasks.Select(t => t.Step));
    }

    [Fact]
    public void A_double_reading_returned_by_qa_is_corrected_by_the_second_reader_and_checked_again()
    {
        var request = _s.InState(ReadingRequestState.ReturnedForCorrection);
        var corrected = Guid.NewGuid();

        var correction = request.Tasks[^1];
        Assert.Equal(ReadingStep.Correction, correction.Step);
        Assert.Equal(RequestScenario.Reader2, correction.AssignedTo);

        Assert.Equal("task.not_assignee", Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.Correction, RequestScenario.Reader1, _s.Now())).Code);
        request.ClaimStep(ReadingStep.Correction, RequestScenario.Reader2, _s.Now());
        request.CompleteCorrection(RequestScenario.Reader2, corrected, _s.Now());
        Assert.Equal(ReadingRequestState.InQa, request.State);

        request.ClaimStep(ReadingStep.QualityCheck, RequestScenario.Checker, _s.Now());
        request.ApproveQa(RequestScenario.Checker, _s.Now());

        Assert.Equal(ReadingRequestState.Final, request.State);
        Assert.Equal(corrected, request.SignedResultId);
        Assert.Equal(
            [ReadingStep.First, ReadingStep.Second, ReadingStep.QualityCheck, ReadingStep.Correction, ReadingStep.QualityCheck],
            request.Tasks.Select(t => t.Step));
        Assert.Equal("左右の記載を確認してください", request.Tasks[2].Comment);
        Assert.All(request.Tasks, t => Assert.Equal(ReadingTaskState.Completed, t.State));
    }

    [Fact]
    public void A_triple_reading_goes_through_three_distinct_readers_in_order()
    {
        var request = _s.Accepted(ReadingMode.Triple, requiresQa: false);
        request.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        request.Assign(ReadingStep.Second, RequestScenario.Reader2, RequestScenario.Coordinator, _s.Now());
        request.Assign(ReadingStep.Third, RequestScenario.Reader3, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.First, RequestScenario.Reader1, _s.Now());
        request.CompleteReading(ReadingStep.First, RequestScenario.Reader1, Guid.NewGuid(), _s.Now());

        var early = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.Third, RequestScenario.Reader3, _s.Now()));
        Assert.Equal("task.not_ready", early.Code);

        request.ClaimStep(ReadingStep.Second, RequestScenario.Reader2, _s.Now());
        request.CompleteReading(ReadingStep.Second, RequestScenario.Reader2, Guid.NewGuid(), _s.Now());
        Assert.Equal(ReadingRequestState.InSecondReading, request.State);
        request.ClaimStep(ReadingStep.Third, RequestScenario.Reader3, _s.Now());
        request.CompleteReading(ReadingStep.Third, RequestScenario.Reader3, Guid.NewGuid(), _s.Now());

        Assert.Equal(ReadingRequestState.Final, request.State);
        Assert.Equal(RequestScenario.Reader3, request.SignedBy);
    }

    [Fact]
    public void A_request_held_during_reading_cannot_be_cancelled_by_the_facility_but_can_be_rejected()
    {
        var request = _s.InState(ReadingRequestState.InReading);
        request.PutOnHold("撮影条件を教えてください", RequestScenario.Reader1, _s.Now());

        var error = Assert.Throws<DomainException>(() => request.Cancel("不要になった", RequestScenario.Clerk, _s.Now()));
        request.Reject(RejectionReason.Other, "依頼取り下げ", RequestScenario.Coordinator, _s.Now());

        Assert.Equal(Invalid, error.Code);
        Assert.Equal(ReadingRequestState.Rejected, request.State);
    }

    [Fact]
    public void Acceptance_sets_the_due_time_from_the_menu_and_calendar()
    {
        _s.SetClock(Jst(11, 20, 16, 0)); // Friday before a holiday Monday
        var request = _s.Accepted(ReadingMode.Single, requiresQa: false);

        Assert.Equal(Jst(11, 24, 18, 0), request.DueAt);
        Assert.Equal(ReadingRequestState.Triage, request.State);
    }

    [Fact]
    public void The_urgent_clock_of_a_request_whose_images_come_after_closing_starts_at_the_next_opening()
    {
        var scenario = new RequestScenario { Menu = StandardServiceMenus.Urgent() };
        scenario.SetClock(Jst(11, 24, 15, 0));
        var request = scenario.Draft(ReadingMode.Single, requiresQa: false, withStudy: false);
        request.Submit(false, scenario.Menu, scenario.Calendar, RequestScenario.Clerk, scenario.Now());

        request.ImagesArrived(RequestScenario.StudyUid, Jst(11, 24, 18, 30));
        request.Accept(scenario.Menu, scenario.Calendar, RequestScenario.Coordinator, Jst(11, 24, 18, 31));

        Assert.Equal(Jst(11, 24, 18, 30), request.ReceivedAt);
        Assert.Equal(Jst(11, 25, 11, 0), request.DueAt);
        Assert.Equal(RequestScenario.StudyUid, request.StudyInstanceUid);
    }

    [Fact]
    public void A_request_is_not_submitted_when_its_menu_is_closed()
    {
        var scenario = new RequestScenario { Menu = StandardServiceMenus.Urgent() };
        scenario.SetClock(Jst(11, 24, 17, 30));
        var request = scenario.Draft();

        var error = Assert.Throws<DomainException>(() => request.Submit(true, scenario.Menu, scenario.Calendar, RequestScenario.Clerk, scenario.Now()));

        Assert.Equal("request.menu_not_receivable", error.Code);
        Assert.Equal(ReadingRequestState.Draft, request.State);
    }

    [Fact]
    public void A_request_is_submitted_and_accepted_only_with_the_menu_it_was_ordered_with()
    {
        var request = _s.Draft();

        var error = Assert.Throws<DomainException>(() => request.Submit(true, StandardServiceMenus.AroundTheClock(), _s.Calendar, RequestScenario.Clerk, _s.Now()));

        Assert.Equal("request.menu_mismatch", error.Code);
    }

    [Fact]
    public void A_request_without_a_study_or_accession_number_cannot_be_submitted()
    {
        var request = ReadingRequest.CreateDraft(Guid.NewGuid(), new ReadingRequestOrder
        {
            FacilityId = RequestScenario.Facility,
            OrderedBy = RequestScenario.Clerk,
            Mode = ReadingMode.Single,
            ServiceMenuId = _s.Menu.Id,
        }, _s.Now());

        var error = Assert.Throws<DomainException>(() => request.Submit(false, _s.Menu, _s.Calendar, RequestScenario.Clerk, _s.Now()));

        Assert.Equal("request.study_missing", error.Code);
    }

    [Fact]
    public void Images_said_to_be_in_the_archive_need_a_study_instance_uid()
    {
        var request = _s.Draft(withStudy: false);

        var error = Assert.Throws<DomainException>(() => request.Submit(true, _s.Menu, _s.Calendar, RequestScenario.Clerk, _s.Now()));

        Assert.Equal("request.study_missing", error.Code);
    }

    [Theory]
    [InlineData(ReadingRequestType.SecondOpinion, false, "request.original_required")]
    [InlineData(ReadingRequestType.Rereading, false, "request.original_required")]
    [InlineData(ReadingRequestType.Normal, true, "request.original_not_allowed")]
    public void Second_opinions_and_rereadings_are_linked_to_their_original_and_only_they(ReadingRequestType type, bool withOriginal, string code)
    {
        var error = Assert.Throws<DomainException>(() => ReadingRequest.CreateDraft(Guid.NewGuid(), new ReadingRequestOrder
        {
            FacilityId = RequestScenario.Facility,
            OrderedBy = RequestScenario.Clerk,
            Mode = ReadingMode.Single,
            ServiceMenuId = _s.Menu.Id,
            Type = type,
            OriginalRequestId = withOriginal ? Guid.NewGuid() : null,
        }, _s.Now()));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void A_rereading_keeps_the_link_to_its_original_and_the_facilitys_details()
    {
        var original = Guid.NewGuid();

        var request = ReadingRequest.CreateDraft(Guid.NewGuid(), new ReadingRequestOrder
        {
            FacilityId = RequestScenario.Facility,
            OrderedBy = RequestScenario.Clerk,
            Mode = ReadingMode.Double,
            ServiceMenuId = _s.Menu.Id,
            Type = ReadingRequestType.Rereading,
            OriginalRequestId = original,
            BodyParts = ["胸部", "腹部"],
            Priors = [new PriorStudy("1.2.3.4", SuggestedBySystem: true)],
            Question = "前回と比較して増大は？",
        }, _s.Now());

        Assert.Equal(original, request.OriginalRequestId);
        Assert.Equal(["胸部", "腹部"], request.BodyParts);
        Assert.Equal("1.2.3.4", Assert.Single(request.Priors).StudyInstanceUid);
        Assert.Equal("created", Assert.Single(request.Events).Name);
    }

    [Fact]
    public void Resuming_from_hold_returns_to_reading_with_the_claim_kept()
    {
        var request = _s.InState(ReadingRequestState.InReading);
        request.PutOnHold("造影剤の使用は？", RequestScenario.Reader1, _s.Now());

        var blocked = Assert.Throws<DomainException>(() => request.CompleteReading(ReadingStep.First, RequestScenario.Reader1, Guid.NewGuid(), _s.Now()));
        request.Resume("単純CTです", RequestScenario.Clerk, _s.Now());

        Assert.Equal(Invalid, blocked.Code);
        Assert.Equal(ReadingRequestState.InReading, request.State);
        Assert.Equal("単純CTです", request.HoldAnswer);
        Assert.Null(request.StateBeforeHold);
        Assert.Equal(RequestScenario.Reader1, request.Tasks[0].ClaimedBy);
    }

    [Fact]
    public void Rejection_cancels_the_open_tasks_and_keeps_the_reason()
    {
        var request = _s.InState(ReadingRequestState.InReading);

        request.Reject(RejectionReason.ImagesInsufficient, "体動が強く再撮影をお願いします", RequestScenario.Reader1, _s.Now());

        Assert.Equal(RejectionReason.ImagesInsufficient, request.RejectionReason);
        Assert.All(request.Tasks, t => Assert.Equal(ReadingTaskState.Cancelled, t.State));
    }

    [Fact]
    public void Texts_that_a_transition_needs_are_required()
    {
        Assert.Equal("request.reason_required", Assert.Throws<DomainException>(() =>
            _s.InState(ReadingRequestState.Triage).Reject(RejectionReason.Other, " ", RequestScenario.Coordinator, _s.Now())).Code);
        Assert.Equal("request.question_required", Assert.Throws<DomainException>(() =>
            _s.InState(ReadingRequestState.Triage).PutOnHold("", RequestScenario.Coordinator, _s.Now())).Code);
        Assert.Equal("request.answer_required", Assert.Throws<DomainException>(() =>
            _s.InState(ReadingRequestState.OnHold).Resume("", RequestScenario.Clerk, _s.Now())).Code);
        Assert.Equal("request.comment_required", Assert.Throws<DomainException>(() =>
            _s.InState(ReadingRequestState.InQa).ReturnForCorrection(RequestScenario.Checker, "", _s.Now())).Code);
    }

    [Fact]
    public void An_addendum_after_delivery_is_recorded_and_waits_to_be_delivered_again()
    {
        var request = _s.InState(ReadingRequestState.Delivered);
        var version = Guid.NewGuid();

        request.AddAddendum(version, RequestScenario.Reader2, _s.Now());

        Assert.Equal(ReadingRequestState.Final, request.State);
        Assert.Equal(version, Assert.Single(request.Addenda).ReportVersionId);
        request.Deliver(_s.Now());
        Assert.Equal(ReadingRequestState.Delivered, request.State);
    }

    [Fact]
    public void Every_transition_is_recorded_as_an_event_until_cleared()
    {
        var request = _s.InState(ReadingRequestState.Final);

        var transitions = request.Events.Where(e => e.From != e.To).Select(e => (e.From, e.To)).ToArray();
        Assert.Equal(
            [
                (ReadingRequestState.Draft, ReadingRequestState.Submitted),
                (ReadingRequestState.Submitted, ReadingRequestState.Triage),
                (ReadingRequestState.Triage, ReadingRequestState.Assigned),
                (ReadingRequestState.Assigned, ReadingRequestState.InReading),
                (ReadingRequestState.InReading, ReadingRequestState.InSecondReading),
                (ReadingRequestState.InSecondReading, ReadingRequestState.InQa),
                (ReadingRequestState.InQa, ReadingRequestState.Final),
            ],
            transitions);
        Assert.All(request.Events, e => Assert.Equal(request.Id, e.RequestId));

        request.ClearEvents();
        Assert.Empty(request.Events);
    }

    [Fact]
    public void Priors_can_change_until_reading_starts()
    {
        var request = _s.InState(ReadingRequestState.Assigned);
        request.ChangePriors([new PriorStudy("1.2.3.9", SuggestedBySystem: false)], RequestScenario.Clerk, _s.Now());
        request.ClaimStep(ReadingStep.First, RequestScenario.Reader1, _s.Now());

        var error = Assert.Throws<DomainException>(() => request.ChangePriors([], RequestScenario.Clerk, _s.Now()));

        Assert.Equal(Invalid, error.Code);
        Assert.Equal("1.2.3.9", Assert.Single(request.Priors).StudyInstanceUid);
    }
}
