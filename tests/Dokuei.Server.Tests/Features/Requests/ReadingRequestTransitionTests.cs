using Dokuei.Server.Features;
using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Tests.Features.Requests;

/// <summary>
/// Every transition method tried in every state. The expected outcome of each pair is written out here, apart from
/// the implementation: the state it leads to, or the error code it throws.
/// </summary>
public sealed class ReadingRequestTransitionTests
{
    private const string Invalid = "request.invalid_transition";

    private static readonly Dictionary<string, Action<ReadingRequest, RequestScenario>> Actions = new()
    {
        ["Submit"] = (r, s) => r.Submit(true, s.Menu, s.Calendar, RequestScenario.Clerk, s.Now()),
        ["ImagesArrived"] = (r, s) => r.ImagesArrived(RequestScenario.StudyUid, s.Now()),
        ["Accept"] = (r, s) => r.Accept(s.Menu, s.Calendar, RequestScenario.Coordinator, s.Now()),
        ["AssignFirst"] = (r, s) => r.Assign(ReadingStep.First, RequestScenario.Reader1, RequestScenario.Coordinator, s.Now()),
        ["AssignSecond"] = (r, s) => r.Assign(ReadingStep.Second, RequestScenario.Reader2, RequestScenario.Coordinator, s.Now()),
        ["ClaimFirst"] = (r, s) => r.ClaimStep(ReadingStep.First, RequestScenario.Reader1, s.Now()),
        ["ReleaseFirst"] = (r, s) => r.ReleaseStep(ReadingStep.First, RequestScenario.Reader1, s.Now()),
        ["DeclineFirst"] = (r, s) => r.DeclineStep(ReadingStep.First, RequestScenario.Reader1, "学会出張", s.Now()),
        ["WithdrawFirst"] = (r, s) => r.WithdrawStep(ReadingStep.First, RequestScenario.Coordinator, "勤務終了", s.Now()),
        ["CompleteFirst"] = (r, s) => r.CompleteReading(ReadingStep.First, RequestScenario.Reader1, Guid.NewGuid(), s.Now()),
        ["ClaimSecond"] = (r, s) => r.ClaimStep(ReadingStep.Second, RequestScenario.Reader2, s.Now()),
        ["CompleteSecond"] = (r, s) => r.CompleteReading(ReadingStep.Second, RequestScenario.Reader2, Guid.NewGuid(), s.Now()),
        ["ClaimQa"] = (r, s) => r.ClaimStep(ReadingStep.QualityCheck, RequestScenario.Checker, s.Now()),
        ["ApproveQa"] = (r, s) => r.ApproveQa(RequestScenario.Checker, s.Now()),
        ["ReturnForCorrection"] = (r, s) => r.ReturnForCorrection(RequestScenario.Checker, "所見と診断の整合を確認", s.Now()),
        ["ClaimCorrection"] = (r, s) => r.ClaimStep(ReadingStep.Correction, RequestScenario.Reader2, s.Now()),
        ["CompleteCorrection"] = (r, s) => r.CompleteCorrection(RequestScenario.Reader2, Guid.NewGuid(), s.Now()),
        ["Deliver"] = (r, s) => r.Deliver(s.Now()),
        ["AddAddendum"] = (r, s) => r.AddAddendum(Guid.NewGuid(), RequestScenario.Reader2, s.Now()),
        ["PutOnHold"] = (r, s) => r.PutOnHold("前回検査の日付は？", RequestScenario.Coordinator, s.Now()),
        ["Resume"] = (r, s) => r.Resume("2026年10月1日です", RequestScenario.Clerk, s.Now()),
        ["Reject"] = (r, s) => r.Reject(RejectionReason.ImagesInsufficient, null, RequestScenario.Coordinator, s.Now()),
        ["Cancel"] = (r, s) => r.Cancel(null, RequestScenario.Clerk, s.Now()),
    };

    // action -> (state -> resulting state or error code); every pair not listed must throw request.invalid_transition.
    private static readonly Dictionary<string, Dictionary<ReadingRequestState, string>> Allowed = new()
    {
        ["Submit"] = new() { [ReadingRequestState.Draft] = "Submitted" },
        ["ImagesArrived"] = new() { [ReadingRequestState.WaitingForImages] = "Submitted" },
        ["Accept"] = new() { [ReadingRequestState.Submitted] = "Triage" },
        ["AssignFirst"] = new()
        {
            [ReadingRequestState.Triage] = "Assigned",
            [ReadingRequestState.Assigned] = "Assigned",
            [ReadingRequestState.InReading] = "task.not_reassignable",
            [ReadingRequestState.InSecondReading] = "task.not_reassignable",
        },
        ["AssignSecond"] = new()
        {
            [ReadingRequestState.Triage] = "Triage",
            [ReadingRequestState.Assigned] = "Assigned",
            [ReadingRequestState.InReading] = "InReading",
            [ReadingRequestState.InSecondReading] = "InSecondReading",
        },
        ["ClaimFirst"] = new()
        {
            [ReadingRequestState.Assigned] = "InReading",
            [ReadingRequestState.InReading] = "task.already_claimed",
        },
        ["ReleaseFirst"] = new()
        {
            [ReadingRequestState.Assigned] = "task.not_in_progress",
            [ReadingRequestState.InReading] = "Assigned",
        },
        ["DeclineFirst"] = new()
        {
            [ReadingRequestState.Triage] = "task.not_assignee",
            [ReadingRequestState.Assigned] = "Triage",
            [ReadingRequestState.InReading] = "task.not_scheduled",
            [ReadingRequestState.InSecondReading] = "task.not_scheduled",
        },
        ["WithdrawFirst"] = new()
        {
            [ReadingRequestState.Triage] = "Triage",
            [ReadingRequestState.Assigned] = "Triage",
            [ReadingRequestState.InReading] = "Triage",
            [ReadingRequestState.InSecondReading] = "task.closed",
        },
        ["CompleteFirst"] = new()
        {
            [ReadingRequestState.Assigned] = "task.not_in_progress",
            [ReadingRequestState.InReading] = "InSecondReading",
        },
        ["ClaimSecond"] = new() { [ReadingRequestState.InSecondReading] = "InSecondReading" },
        ["CompleteSecond"] = new() { [ReadingRequestState.InSecondReading] = "task.not_in_progress" },
        ["ClaimQa"] = new() { [ReadingRequestState.InQa] = "task.already_claimed" },
        ["ApproveQa"] = new() { [ReadingRequestState.InQa] = "Final" },
        ["ReturnForCorrection"] = new() { [ReadingRequestState.InQa] = "ReturnedForCorrection" },
        ["ClaimCorrection"] = new() { [ReadingRequestState.ReturnedForCorrection] = "ReturnedForCorrection" },
        ["CompleteCorrection"] = new() { [ReadingRequestState.ReturnedForCorrection] = "task.not_in_progress" },
        ["Deliver"] = new() { [ReadingRequestState.Final] = "Delivered" },
        ["AddAddendum"] = new()
        {
            [ReadingRequestState.Final] = "Final",
            [ReadingRequestState.Delivered] = "Final",
        },
        ["PutOnHold"] = new()
        {
            [ReadingRequestState.Submitted] = "OnHold",
            [ReadingRequestState.WaitingForImages] = "OnHold",
            [ReadingRequestState.Triage] = "OnHold",
            [ReadingRequestState.Assigned] = "OnHold",
            [ReadingRequestState.InReading] = "OnHold",
            [ReadingRequestState.InSecondReading] = "OnHold",
        },
        ["Resume"] = new() { [ReadingRequestState.OnHold] = "Triage" },
        ["Reject"] = new()
        {
            [ReadingRequestState.Submitted] = "Rejected",
            [ReadingRequestState.WaitingForImages] = "Rejected",
            [ReadingRequestState.Triage] = "Rejected",
            [ReadingRequestState.Assigned] = "Rejected",
            [ReadingRequestState.InReading] = "Rejected",
            [ReadingRequestState.InSecondReading] = "Rejected",
            [ReadingRequestState.OnHold] = "Rejected",
        },
        ["Cancel"] = new()
        {
            [ReadingRequestState.Draft] = "Cancelled",
            [ReadingRequestState.Submitted] = "Cancelled",
            [ReadingRequestState.WaitingForImages] = "Cancelled",
            [ReadingRequestState.Triage] = "Cancelled",
            [ReadingRequestState.Assigned] = "Cancelled",
            [ReadingRequestState.OnHold] = "Cancelled",
        },
    };

    public static TheoryData<ReadingRequestState, string> EveryStateAndAction()
    {
        var data = new TheoryData<ReadingRequestState, string>();
        foreach (var state in Enum.GetValues<ReadingRequestState>())
        {
            foreach (var action in Actions.Keys)
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void Each_transition_leads_where_the_table_says_or_throws_its_error_code(ReadingRequestState state, string action)
    {
        var scenario = new RequestScenario();
        var request = scenario.InState(state);
        var expected = Allowed[action].GetValueOrDefault(state, Invalid);
        var eventsBefore = request.Events.Count;

        if (Enum.TryParse<ReadingRequestState>(expected, out var target))
        {
            Actions[action](request, scenario);

            Assert.Equal(target, request.State);
            Assert.True(request.Events.Count > eventsBefore);
            Assert.Equal(target, request.Events[^1].To);
        }
        else
        {
            var error = Assert.Throws<DomainException>(() => Actions[action](request, scenario));

            Assert.Equal(expected, error.Code);
            Assert.Equal(state, request.State);
            Assert.Equal(eventsBefore, request.Events.Count);
        }
    }

    [Fact]
    public void The_table_names_every_action_and_only_real_states()
    {
        Assert.Equal(Actions.Keys.Order(), Allowed.Keys.Order());
        foreach (var outcome in Allowed.Values.SelectMany(d => d.Values))
        {
            Assert.True(Enum.TryParse<ReadingRequestState>(outcome, out _) || outcome.Contains('.', StringComparison.Ordinal), outcome);
        }
    }
}
