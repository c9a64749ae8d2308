using Dokuei.Server.Features;
using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>Blind double reading: independent readers, hidden results, reconciliation.</summary>
public sealed class BlindDoubleReadingTests
{
    private readonly RequestScenario _s = new();

    [Fact]
    public void Blind_readers_cannot_see_each_others_reading_until_both_have_submitted()
    {
        var request = _s.Accepted(ReadingMode.BlindDouble, requiresQa: false);
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
        var request = _s.Accepted(ReadingMode.BlindDouble, requiresQa: false);
        request.Assign(ReadingStep.BlindA, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());
        request.Assign(ReadingStep.BlindB, RequestScenario.Reader2, RequestScenario.Coordinator, _s.Now());
        request.ClaimStep(ReadingStep.BlindA, RequestScenario.Reader1, _s.Now());
        request.CompleteReading(ReadingStep.BlindA, RequestScenario.Reader1, Guid.NewGuid(), _s.Now());

        Assert.False(request.CanSeeResultOf(ReadingStep.BlindA, RequestScenario.Reader2));
    }

    [Fact]
    public void A_blind_double_reading_is_reconciled_by_a_third_reader_who_records_the_discrepancies()
    {
        var request = _s.Accepted(ReadingMode.BlindDouble, requiresQa: true);
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
        var request = _s.Accepted(ReadingMode.BlindDouble, requiresQa: false);
        request.Assign(ReadingStep.BlindA, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now());

        var error = Assert.Throws<DomainException>(() => request.Assign(ReadingStep.BlindB, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now()));

        Assert.Equal("request.same_reader", error.Code);
    }

    [Fact]
    public void Blind_readings_are_not_completed_as_reconciliation_and_reconciliation_not_as_a_reading()
    {
        var request = _s.Accepted(ReadingMode.BlindDouble, requiresQa: false);

        var wrongStep = Assert.Throws<DomainException>(() => request.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, _s.Now()));
        var qa = Assert.Throws<DomainException>(() => request.Assign(ReadingStep.QualityCheck, RequestScenario.Checker, RequestScenario.Coordinator, _s.Now()));

        Assert.Equal("request.step_not_in_mode", wrongStep.Code);
        Assert.Equal("request.step_not_in_mode", qa.Code);
    }
}
