using Dokuei.Dicom.Network;

namespace Dokuei.Dicom.Tests.Network;

public class AssociationStateMachineTests
{
    [Theory]
    [InlineData(AssociationState.Sta1, AssociationEvent.Evt1, AssociationAction.AE1, AssociationState.Sta4)]
    [InlineData(AssociationState.Sta1, AssociationEvent.Evt5, AssociationAction.AE5, AssociationState.Sta2)]
    [InlineData(AssociationState.Sta2, AssociationEvent.Evt6, AssociationAction.AE6, AssociationState.Sta3)]
    [InlineData(AssociationState.Sta2, AssociationEvent.Evt18, AssociationAction.AA2, AssociationState.Sta1)]
    [InlineData(AssociationState.Sta2, AssociationEvent.Evt10, AssociationAction.AA1, AssociationState.Sta13)]
    [InlineData(AssociationState.Sta5, AssociationEvent.Evt3, AssociationAction.AE3, AssociationState.Sta6)]
    [InlineData(AssociationState.Sta5, AssociationEvent.Evt4, AssociationAction.AE4, AssociationState.Sta1)]
    [InlineData(AssociationState.Sta6, AssociationEvent.Evt9, AssociationAction.DT1, AssociationState.Sta6)]
    [InlineData(AssociationState.Sta6, AssociationEvent.Evt3, AssociationAction.AA8, AssociationState.Sta13)]
    [InlineData(AssociationState.Sta6, AssociationEvent.Evt12, AssociationAction.AR2, AssociationState.Sta8)]
    [InlineData(AssociationState.Sta6, AssociationEvent.Evt19, AssociationAction.AA8, AssociationState.Sta13)]
    [InlineData(AssociationState.Sta7, AssociationEvent.Evt10, AssociationAction.AR6, AssociationState.Sta7)]
    [InlineData(AssociationState.Sta7, AssociationEvent.Evt13, AssociationAction.AR3, AssociationState.Sta1)]
    [InlineData(AssociationState.Sta8, AssociationEvent.Evt14, AssociationAction.AR4, AssociationState.Sta13)]
    [InlineData(AssociationState.Sta10, AssociationEvent.Evt13, AssociationAction.AR10, AssociationState.Sta12)]
    [InlineData(AssociationState.Sta13, AssociationEvent.Evt17, AssociationAction.AR5, AssociationState.Sta1)]
    [InlineData(AssociationState.Sta13, AssociationEvent.Evt6, AssociationAction.AA7, AssociationState.Sta13)]
    [InlineData(AssociationState.Sta13, AssociationEvent.Evt10, AssociationAction.AA6, AssociationState.Sta13)]
    public void Transitions_follow_PS3_8_table_9_10(AssociationState state, AssociationEvent evt, AssociationAction action, AssociationState next)
    {
        Assert.Equal(action, AssociationStateMachine.Action(state, evt));
        Assert.Equal(next, AssociationStateMachine.NextState(action));
    }

    [Fact]
    public void Release_collision_goes_to_Sta9_for_the_requestor_and_Sta10_for_the_acceptor()
    {
        var action = AssociationStateMachine.Action(AssociationState.Sta7, AssociationEvent.Evt12);
        Assert.Equal(AssociationAction.AR8, action);
        Assert.Equal(AssociationState.Sta9, AssociationStateMachine.NextState(action, isRequestor: true));
        Assert.Equal(AssociationState.Sta10, AssociationStateMachine.NextState(action, isRequestor: false));
    }

    [Fact]
    public void An_unacceptable_request_goes_to_Sta13()
    {
        Assert.Equal(AssociationState.Sta13, AssociationStateMachine.NextState(AssociationAction.AE6, acceptable: false));
    }

    [Fact]
    public void Local_primitives_are_not_allowed_outside_their_states()
    {
        Assert.Equal(AssociationAction.None, AssociationStateMachine.Action(AssociationState.Sta1, AssociationEvent.Evt9));
        Assert.Equal(AssociationAction.None, AssociationStateMachine.Action(AssociationState.Sta13, AssociationEvent.Evt11));
        Assert.Equal(AssociationAction.None, AssociationStateMachine.Action(AssociationState.Sta2, AssociationEvent.Evt7));
    }

    [Fact]
    public void Every_PDU_event_has_an_action_in_every_state_where_a_connection_is_open()
    {
        AssociationEvent[] received = [AssociationEvent.Evt3, AssociationEvent.Evt4, AssociationEvent.Evt6, AssociationEvent.Evt10, AssociationEvent.Evt12,
            AssociationEvent.Evt13, AssociationEvent.Evt16, AssociationEvent.Evt17, AssociationEvent.Evt19];
        foreach (var state in Enum.GetValues<AssociationState>().Where(s => s is not (AssociationState.Sta1 or AssociationState.Sta4)))
        {
            foreach (var evt in received)
            {
                Assert.NotEqual(AssociationAction.None, AssociationStateMachine.Action(state, evt));
            }
        }
    }
}
