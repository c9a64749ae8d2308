using Dokuei.Server.Features;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Tests.Features.Requests;

public sealed class ReadingRequestTests
{
    private const string Invalid = "request.invalid_transition";

    private readonly RequestScenario _s = new();

    private static DateTimeOffset Jst(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    private ReadingRequest Accepted(ReadingMode mode, bool requiresQa)
    {
        var request = _s.Draft(mode, requiresQa);
        request.Submit(true, _s.Menu, _s.Calendar, RequestScenario.Clerk, _s.Now());
        request.Accept(_s.Menu, _s.Calendar, RequestScenario.Coordinator, _s.Now());
        return request;
    }

    [Fact]
    public void A_single_reading_without_qa_is_final_when_its_reader_submits()
    {
        var request = Accepted(ReadingMode.Single, requiresQa: false);
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
        var request = Accepted(ReadingMode.Triple, requiresQa: false);
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
    public void The_first_and_second_reader_are_never_the_same_person()
    {
        var request = Accepted(ReadingMode.Double, requiresQa: false);
        request.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());

        var assign = Assert.Throws<DomainException>(() => request.Assign(ReadingStep.Second, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now()));
        Assert.Equal("request.same_reader", assign.Code);

        // An unassigned second step taken from the pool: the first reader cannot take it either.
        request.ClaimStep(ReadingStep.First, RequestScenario.Reader1, _s.Now());
        request.CompleteReading(ReadingStep.First, RequestScenario.Reader1, Guid.NewGuid(), _s.Now());
        var claim = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.Second, RequestScenario.Reader1, _s.Now()));
        Assert.Equal("request.same_reader", claim.Code);
        Assert.Null(request.Tasks.Single(t => t.Step == ReadingStep.Second).ClaimedBy);
    }

    [Fact]
    public void A_claim_is_exclusive_so_two_people_never_work_on_the_same_step()
    {
        var request = _s.InState(ReadingRequestState.InSecondReading);
        request.Assign(ReadingStep.Second, RequestScenario.Reader2, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.Second, RequestScenario.Reader2, _s.Now());

        var second = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.Second, RequestScenario.Reader3, _s.Now()));
        var again = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.Second, RequestScenario.Reader2, _s.Now()));

        Assert.Equal("task.already_claimed", second.Code);
        Assert.Equal("task.already_claimed", again.Code);
        Assert.Equal(RequestScenario.Reader2, request.Tasks.Single(t => t.Step == ReadingStep.Second).ClaimedBy);
    }

    [Fact]
    public void An_unassigned_step_goes_to_whoever_claims_it_first()
    {
        var request = _s.Draft(ReadingMode.Double, requiresQa: false);
        request.Submit(true, _s.Menu, _s.Calendar, RequestScenario.Clerk, _s.Now());
        request.Accept(_s.Menu, _s.Calendar, RequestScenario.Coordinator, _s.Now());
        request.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.First, RequestScenario.Reader1, _s.Now());
        request.CompleteReading(ReadingStep.First, RequestScenario.Reader1, Guid.NewGuid(), _s.Now());

        request.ClaimStep(ReadingStep.Second, RequestScenario.Reader3, _s.Now());
        var late = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.Second, RequestScenario.Reader2, _s.Now()));

        Assert.Equal("task.already_claimed", late.Code);
        Assert.Equal(RequestScenario.Reader3, request.Tasks.Single(t => t.Step == ReadingStep.Second).ClaimedBy);
    }

    [Fact]
    public void A_step_taken_from_the_pool_and_released_goes_back_to_the_pool()
    {
        var pooled = _s.Draft(ReadingMode.Double, requiresQa: false);
        pooled.Submit(true, _s.Menu, _s.Calendar, RequestScenario.Clerk, _s.Now());
        pooled.Accept(_s.Menu, _s.Calendar, RequestScenario.Coordinator, _s.Now());
        pooled.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        pooled.ClaimStep(ReadingStep.First, RequestScenario.Reader1, _s.Now());
        pooled.CompleteReading(ReadingStep.First, RequestScenario.Reader1, Guid.NewGuid(), _s.Now());

        pooled.ClaimStep(ReadingStep.Second, RequestScenario.Reader3, _s.Now());
        pooled.ReleaseStep(ReadingStep.Second, RequestScenario.Reader3, _s.Now());
        pooled.ClaimStep(ReadingStep.Second, RequestScenario.Reader2, _s.Now());

        var second = pooled.Tasks.Single(t => t.Step == ReadingStep.Second);
        Assert.Equal(RequestScenario.Reader2, second.ClaimedBy);
        Assert.Null(second.AssignedTo);
        Assert.Equal(ReadingRequestState.InSecondReading, pooled.State);
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
    public void Only_the_claimant_completes_or_releases_a_step()
    {
        var request = _s.InState(ReadingRequestState.InReading);

        var complete = Assert.Throws<DomainException>(() => request.CompleteReading(ReadingStep.First, RequestScenario.Reader2, Guid.NewGuid(), _s.Now()));
        var release = Assert.Throws<DomainException>(() => request.ReleaseStep(ReadingStep.First, RequestScenario.Reader2, _s.Now()));

        Assert.Equal("task.not_claimant", complete.Code);
        Assert.Equal("task.not_claimant", release.Code);
    }

    [Fact]
    public void A_step_assigned_to_one_reader_cannot_be_claimed_by_another()
    {
        var request = _s.InState(ReadingRequestState.Assigned);

        var error = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.First, RequestScenario.Reader3, _s.Now()));

        Assert.Equal("task.not_assignee", error.Code);
    }

    [Fact]
    public void A_reader_of_the_request_cannot_be_its_qa_checker()
    {
        var request = _s.InState(ReadingRequestState.InQa);
        request.ReturnForCorrection(RequestScenario.Checker, "要修正", _s.Now());
        request.ClaimStep(ReadingStep.Correction, RequestScenario.Reader2, _s.Now());
        request.CompleteCorrection(RequestScenario.Reader2, Guid.NewGuid(), _s.Now());

        var error = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.QualityCheck, RequestScenario.Reader1, _s.Now()));

        Assert.Equal("request.qa_by_reader", error.Code);
    }

    [Fact]
    public void Blind_readers_cannot_see_each_others_reading_until_both_have_submitted()
    {
        var request = Accepted(ReadingMode.BlindDouble, requiresQa: false);
        request.Assign(ReadingStep.BlindA, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        request.Assign(ReadingStep.BlindB, RequestScenario.Reader2, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.BlindA, RequestScenario.Reader1, _s.Now());
        request.ClaimStep(ReadingStep.BlindB, RequestScenario.Reader2, _s.Now());
        var readingA = Guid.NewGuid();
        request.CompleteReading(ReadingStep.BlindA, RequestScenario.Reader1, readingA, _s.Now());

        Assert.Equal(ReadingRequestState.InReading, request.State);
        Assert.False(request.CanSeeResultOf(ReadingStep.BlindA, RequestScenario.Reader2));
        Assert.False(request.CanSeeResultOf(ReadingStep.BlindB, RequestScenario.Reader1));
        Assert.Equal("request.blind_result_hidden", Assert.Throws<DomainException>(() => request.ResultOf(ReadingStep.BlindA, RequestScenario.Reader2)).Code);
        Assert.True(request.CanSeeResultOf(ReadingStep.BlindA, RequestScenario.Reader1));
        Assert.Equal(readingA, request.ResultOf(ReadingStep.BlindA, RequestScenario.Coordinator));

        request.CompleteReading(ReadingStep.BlindB, RequestScenario.Reader2, Guid.NewGuid(), _s.Now());

        Assert.Equal(ReadingRequestState.InSecondReading, request.State);
        Assert.Equal(readingA, request.ResultOf(ReadingStep.BlindA, RequestScenario.Reader2));
        Assert.True(request.CanSeeResultOf(ReadingStep.BlindB, RequestScenario.Reader1));
    }

    [Fact]
    public void A_blind_reader_assigned_but_not_started_cannot_see_the_other_reading_either()
    {
        var request = Accepted(ReadingMode.BlindDouble, requiresQa: false);
        request.Assign(ReadingStep.BlindA, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        request.Assign(ReadingStep.BlindB, RequestScenario.Reader2, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.BlindA, RequestScenario.Reader1, _s.Now());
        request.CompleteReading(ReadingStep.BlindA, RequestScenario.Reader1, Guid.NewGuid(), _s.Now());

        Assert.False(request.CanSeeResultOf(ReadingStep.BlindA, RequestScenario.Reader2));
    }

    [Fact]
    public void A_blind_double_reading_is_reconciled_by_a_third_reader_who_records_the_discrepancies()
    {
        var request = Accepted(ReadingMode.BlindDouble, requiresQa: true);
        request.Assign(ReadingStep.BlindA, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        Assert.Equal(ReadingRequestState.Triage, request.State);
        request.Assign(ReadingStep.BlindB, RequestScenario.Reader2, RequestScenario.Coordinator, _s.Now());
        Assert.Equal(ReadingRequestState.Assigned, request.State);
        foreach (var (step, reader) in new[] { (ReadingStep.BlindA, RequestScenario.Reader1), (ReadingStep.BlindB, RequestScenario.Reader2) })
        {
            request.ClaimStep(step, reader, _s.Now());
            request.CompleteReading(step, reader, Guid.NewGuid(), _s.Now());
        }

        var byBlindReader = Assert.Throws<DomainException>(() => request.ClaimStep(ReadingStep.Reconciliation, RequestScenario.Reader1, _s.Now()));
        Assert.Equal("request.same_reader", byBlindReader.Code);

        request.ClaimStep(ReadingStep.Reconciliation, RequestScenario.Reader3, _s.Now());
        Discrepancy[] found = [new("右肺S6の結節: Aのみ指摘", DiscrepancySeverity.Major), new("表現の違い", DiscrepancySeverity.Minor)];
        request.CompleteReconciliation(RequestScenario.Reader3, Guid.NewGuid(), found, _s.Now());

        Assert.Equal(ReadingRequestState.InQa, request.State);
        Assert.Equal(found, request.Discrepancies);
        Assert.Equal(RequestScenario.Reader3, request.SignedBy);
    }

    [Fact]
    public void The_two_blind_readers_must_be_different_people()
    {
        var request = Accepted(ReadingMode.BlindDouble, requiresQa: false);
        request.Assign(ReadingStep.BlindA, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());

        var error = Assert.Throws<DomainException>(() => request.Assign(ReadingStep.BlindB, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now()));

        Assert.Equal("request.same_reader", error.Code);
    }

    [Fact]
    public void Blind_readings_are_not_completed_as_reconciliation_and_reconciliation_not_as_a_reading()
    {
        var request = Accepted(ReadingMode.BlindDouble, requiresQa: false);

        var wrongStep = Assert.Throws<DomainException>(() => request.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now()));
        var qa = Assert.Throws<DomainException>(() => request.Assign(ReadingStep.QualityCheck, RequestScenario.Checker, RequestScenario.Coordinator, _s.Now()));

        Assert.Equal("request.step_not_in_mode", wrongStep.Code);
        Assert.Equal("request.step_not_in_mode", qa.Code);
    }

    [Fact]
    public void Acceptance_sets_the_due_time_from_the_menu_and_calendar()
    {
        _s.SetClock(Jst(11, 20, 16, 0)); // Friday before a holiday Monday
        var request = Accepted(ReadingMode.Single, requiresQa: false);

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
    public void Releasing_the_only_started_reading_returns_the_request_to_assigned()
    {
        var request = _s.InState(ReadingRequestState.InReading);

        request.ReleaseStep(ReadingStep.First, RequestScenario.Reader1, _s.Now());

        Assert.Equal(ReadingRequestState.Assigned, request.State);
        Assert.Null(request.Tasks[0].ClaimedBy);
        Assert.Equal(RequestScenario.Reader1, request.Tasks[0].AssignedTo);
    }

    [Fact]
    public void A_declined_step_can_be_assigned_to_another_reader()
    {
        var request = _s.InState(ReadingRequestState.Assigned);

        request.DeclineStep(ReadingStep.First, RequestScenario.Reader1, "不在", _s.Now());
        Assert.Equal(ReadingRequestState.Triage, request.State);
        request.Assign(ReadingStep.First, RequestScenario.Reader3, RequestScenario.Coordinator, _s.Now());

        Assert.Equal(ReadingRequestState.Assigned, request.State);
        Assert.Equal(RequestScenario.Reader3, request.Tasks[0].AssignedTo);
        Assert.Contains(request.Events, e => e.Name == "step_declined" && e.Detail == "不在");
    }

    [Fact]
    public void Only_the_assigned_reader_declines_a_step()
    {
        var request = _s.InState(ReadingRequestState.Assigned);

        var error = Assert.Throws<DomainException>(() => request.DeclineStep(ReadingStep.Second, RequestScenario.Reader1, null, _s.Now()));

        Assert.Equal("task.not_assignee", error.Code);
    }

    [Fact]
    public void A_step_withdrawn_from_a_reader_whose_shift_ended_is_free_for_someone_else()
    {
        var request = _s.InState(ReadingRequestState.InReading);

        request.WithdrawStep(ReadingStep.First, RequestScenario.Coordinator, "勤務終了", _s.Now());
        request.Assign(ReadingStep.First, RequestScenario.Reader3, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.First, RequestScenario.Reader3, _s.Now());

        Assert.Equal(ReadingRequestState.InReading, request.State);
        Assert.Equal(RequestScenario.Reader3, request.Tasks[0].ClaimedBy);
        // The withdrawn reader is no longer a reader of the request, so they may take the second step.
        request.CompleteReading(ReadingStep.First, RequestScenario.Reader3, Guid.NewGuid(), _s.Now());
        request.Assign(ReadingStep.Second, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
    }

    [Fact]
    public void Reassigning_a_scheduled_step_replaces_its_reader()
    {
        var request = _s.InState(ReadingRequestState.Assigned);

        request.Assign(ReadingStep.Second, RequestScenario.Reader3, RequestScenario.Coordinator, _s.Now());

        Assert.Equal(RequestScenario.Reader3, request.Tasks.Single(t => t.Step == ReadingStep.Second).AssignedTo);
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
