using Dokuei.Server.Features;
using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>Who works on which step: distinct readers, exclusive claims, release, decline, withdrawal.</summary>
public sealed class ReadingTaskClaimTests
{
    private readonly RequestScenario _s = new();

    [Fact]
    public void The_first_and_second_reader_are_never_the_same_person()
    {
        var request = _s.Accepted(ReadingMode.Double, requiresQa: false);
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
}
