namespace Dokuei.Dicom.Network;

/// <summary>The states of the DICOM upper layer protocol machine (PS3.8 Table 9-1).</summary>
public enum AssociationState
{
    /// <summary>Idle.</summary>
    Sta1 = 1,

    /// <summary>Transport connection open (awaiting A-ASSOCIATE-RQ PDU).</summary>
    Sta2,

    /// <summary>Awaiting local A-ASSOCIATE response primitive (from local user).</summary>
    Sta3,

    /// <summary>Awaiting transport connection opening to complete (from local transport service).</summary>
    Sta4,

    /// <summary>Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU.</summary>
    Sta5,

    /// <summary>Association established and ready for data transfer.</summary>
    Sta6,

    /// <summary>Awaiting A-RELEASE-RP PDU.</summary>
    Sta7,

    /// <summary>Awaiting local A-RELEASE response primitive (from local user).</summary>
    Sta8,

    /// <summary>Release collision requestor side; awaiting A-RELEASE response (from local user).</summary>
    Sta9,

    /// <summary>Release collision acceptor side; awaiting A-RELEASE-RP PDU.</summary>
    Sta10,

    /// <summary>Release collision requestor side; awaiting A-RELEASE-RP PDU.</summary>
    Sta11,

    /// <summary>Release collision acceptor side; awaiting A-RELEASE response primitive (from local user).</summary>
    Sta12,

    /// <summary>Awaiting transport connection close indication (association no longer exists).</summary>
    Sta13,
}

/// <summary>The events of the protocol machine (PS3.8 Table 9-2).</summary>
public enum AssociationEvent
{
    /// <summary>A-ASSOCIATE request (local user).</summary>
    Evt1 = 1,

    /// <summary>Transport connect confirmation (local transport service).</summary>
    Evt2,

    /// <summary>A-ASSOCIATE-AC PDU (received on transport connection).</summary>
    Evt3,

    /// <summary>A-ASSOCIATE-RJ PDU (received on transport connection).</summary>
    Evt4,

    /// <summary>Transport connection indication (local transport service).</summary>
    Evt5,

    /// <summary>A-ASSOCIATE-RQ PDU (received on transport connection).</summary>
    Evt6,

    /// <summary>A-ASSOCIATE response primitive (accept).</summary>
    Evt7,

    /// <summary>A-ASSOCIATE response primitive (reject).</summary>
    Evt8,

    /// <summary>P-DATA request primitive.</summary>
    Evt9,

    /// <summary>P-DATA-TF PDU.</summary>
    Evt10,

    /// <summary>A-RELEASE request primitive.</summary>
    Evt11,

    /// <summary>A-RELEASE-RQ PDU (received on open transport connection).</summary>
    Evt12,

    /// <summary>A-RELEASE-RP PDU (received on transport connection).</summary>
    Evt13,

    /// <summary>A-RELEASE response primitive.</summary>
    Evt14,

    /// <summary>A-ABORT request primitive.</summary>
    Evt15,

    /// <summary>A-ABORT PDU (received on open transport connection).</summary>
    Evt16,

    /// <summary>Transport connection closed indication (local transport service).</summary>
    Evt17,

    /// <summary>ARTIM timer expired (association reject/release timer).</summary>
    Evt18,

    /// <summary>Unrecognized or invalid PDU received.</summary>
    Evt19,
}

/// <summary>The actions of the protocol machine (PS3.8 Table 9-6 to 9-9); <see cref="None"/> marks an event not allowed in a state.</summary>
public enum AssociationAction
{
    /// <summary>No action defined: the event cannot happen in this state.</summary>
    None,

    /// <summary>Issue TRANSPORT CONNECT request primitive to local transport service. Next: Sta4.</summary>
    AE1,

    /// <summary>Send A-ASSOCIATE-RQ PDU. Next: Sta5.</summary>
    AE2,

    /// <summary>Issue A-ASSOCIATE confirmation (accept) primitive. Next: Sta6.</summary>
    AE3,

    /// <summary>Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection. Next: Sta1.</summary>
    AE4,

    /// <summary>Issue transport connection response primitive; start ARTIM timer. Next: Sta2.</summary>
    AE5,

    /// <summary>Stop ARTIM; if the A-ASSOCIATE-RQ is acceptable issue an A-ASSOCIATE indication (Sta3), else send A-ASSOCIATE-RJ and start ARTIM (Sta13).</summary>
    AE6,

    /// <summary>Send A-ASSOCIATE-AC PDU. Next: Sta6.</summary>
    AE7,

    /// <summary>Send A-ASSOCIATE-RJ PDU and start ARTIM timer. Next: Sta13.</summary>
    AE8,

    /// <summary>Send P-DATA-TF PDU. Next: Sta6.</summary>
    DT1,

    /// <summary>Send P-DATA indication primitive. Next: Sta6.</summary>
    DT2,

    /// <summary>Send A-RELEASE-RQ PDU. Next: Sta7.</summary>
    AR1,

    /// <summary>Issue A-RELEASE indication primitive. Next: Sta8.</summary>
    AR2,

    /// <summary>Issue A-RELEASE confirmation primitive and close transport connection. Next: Sta1.</summary>
    AR3,

    /// <summary>Issue A-RELEASE-RP PDU and start ARTIM timer. Next: Sta13.</summary>
    AR4,

    /// <summary>Stop ARTIM timer. Next: Sta1.</summary>
    AR5,

    /// <summary>Issue P-DATA indication. Next: Sta7.</summary>
    AR6,

    /// <summary>Issue P-DATA-TF PDU. Next: Sta8.</summary>
    AR7,

    /// <summary>Issue A-RELEASE indication (release collision): Sta9 if association-requestor, else Sta10.</summary>
    AR8,

    /// <summary>Send A-RELEASE-RP PDU. Next: Sta11.</summary>
    AR9,

    /// <summary>Issue A-RELEASE confirmation primitive. Next: Sta12.</summary>
    AR10,

    /// <summary>Send A-ABORT PDU (service-user source) and start (or restart) ARTIM timer. Next: Sta13.</summary>
    AA1,

    /// <summary>Stop ARTIM timer if running; close transport connection. Next: Sta1.</summary>
    AA2,

    /// <summary>Issue A-ABORT (or A-P-ABORT) indication and close transport connection. Next: Sta1.</summary>
    AA3,

    /// <summary>Issue A-P-ABORT indication primitive. Next: Sta1.</summary>
    AA4,

    /// <summary>Stop ARTIM timer. Next: Sta1.</summary>
    AA5,

    /// <summary>Ignore PDU. Next: Sta13.</summary>
    AA6,

    /// <summary>Send A-ABORT PDU. Next: Sta13.</summary>
    AA7,

    /// <summary>Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer. Next: Sta13.</summary>
    AA8,
}

/// <summary>
/// The DICOM upper layer state transition table (PS3.8 Table 9-10), as a table: one row per event, one column per state.
/// Read a row left to right against the standard: columns are Sta1 .. Sta13.
/// </summary>
public static class AssociationStateMachine
{
    private const AssociationAction __ = AssociationAction.None;
    private const AssociationAction AE1 = AssociationAction.AE1, AE2 = AssociationAction.AE2, AE3 = AssociationAction.AE3, AE4 = AssociationAction.AE4;
    private const AssociationAction AE5 = AssociationAction.AE5, AE6 = AssociationAction.AE6, AE7 = AssociationAction.AE7, AE8 = AssociationAction.AE8;
    private const AssociationAction DT1 = AssociationAction.DT1, DT2 = AssociationAction.DT2;
    private const AssociationAction AR1 = AssociationAction.AR1, AR2 = AssociationAction.AR2, AR3 = AssociationAction.AR3, AR4 = AssociationAction.AR4, AR5 = AssociationAction.AR5;
    private const AssociationAction AR6 = AssociationAction.AR6, AR7 = AssociationAction.AR7, AR8 = AssociationAction.AR8, AR9 = AssociationAction.AR9, AR10 = AssociationAction.AR10;
    private const AssociationAction AA1 = AssociationAction.AA1, AA2 = AssociationAction.AA2, AA3 = AssociationAction.AA3, AA4 = AssociationAction.AA4;
    private const AssociationAction AA5 = AssociationAction.AA5, AA6 = AssociationAction.AA6, AA7 = AssociationAction.AA7, AA8 = AssociationAction.AA8;

    private static readonly AssociationAction[,] Table =
    {
        //          Sta1 Sta2 Sta3 Sta4 Sta5 Sta6 Sta7 Sta8 Sta9 Sta10 Sta11 Sta12 Sta13
        /* Evt1  */ { AE1, __,  __,  __,  __,  __,  __,  __,  __,  __,   __,   __,   __ },
        /* Evt2  */ { __,  __,  __,  AE2, __,  __,  __,  __,  __,  __,   __,   __,   __ },
        /* Evt3  */ { __,  AA1, AA8, __,  AE3, AA8, AA8, AA8, AA8, AA8,  AA8,  AA8,  AA6 },
        /* Evt4  */ { __,  AA1, AA8, __,  AE4, AA8, AA8, AA8, AA8, AA8,  AA8,  AA8,  AA6 },
        /* Evt5  */ { AE5, __,  __,  __,  __,  __,  __,  __,  __,  __,   __,   __,   __ },
        /* Evt6  */ { __,  AE6, AA8, __,  AA8, AA8, AA8, AA8, AA8, AA8,  AA8,  AA8,  AA7 },
        /* Evt7  */ { __,  __,  AE7, __,  __,  __,  __,  __,  __,  __,   __,   __,   __ },
        /* Evt8  */ { __,  __,  AE8, __,  __,  __,  __,  __,  __,  __,   __,   __,   __ },
        /* Evt9  */ { __,  __,  __,  __,  __,  DT1, __,  AR7, __,  __,   __,   __,   __ },
        /* Evt10 */ { __,  AA1, AA8, __,  AA8, DT2, AR6, AA8, AA8, AA8,  AA8,  AA8,  AA6 },
        /* Evt11 */ { __,  __,  __,  __,  __,  AR1, __,  __,  __,  __,   __,   __,   __ },
        /* Evt12 */ { __,  AA1, AA8, __,  AA8, AR2, AR8, AA8, AA8, AA8,  AA8,  AA8,  AA6 },
        /* Evt13 */ { __,  AA1, AA8, __,  AA8, AA8, AR3, AA8, AA8, AR10, AR3,  AA8,  AA6 },
        /* Evt14 */ { __,  __,  __,  __,  __,  __,  __,  AR4, AR9, __,   __,   AR4,  __ },
        /* Evt15 */ { __,  __,  AA1, AA2, AA1, AA1, AA1, AA1, AA1, AA1,  AA1,  AA1,  __ },
        /* Evt16 */ { __,  AA2, AA3, __,  AA3, AA3, AA3, AA3, AA3, AA3,  AA3,  AA3,  AA2 },
        /* Evt17 */ { __,  AA5, AA4, AA4, AA4, AA4, AA4, AA4, AA4, AA4,  AA4,  AA4,  AR5 },
        /* Evt18 */ { __,  AA2, __,  __,  __,  __,  __,  __,  __,  __,   __,   __,   AA2 },
        /* Evt19 */ { __,  AA1, AA8, __,  AA8, AA8, AA8, AA8, AA8, AA8,  AA8,  AA8,  AA7 },
    };

    /// <summary>The action for an event in a state, or <see cref="AssociationAction.None"/> if the event is not allowed there.</summary>
    public static AssociationAction Action(AssociationState state, AssociationEvent evt) => Table[(int)evt - 1, (int)state - 1];

    /// <summary>
    /// The state after an action. Two actions branch: AE-6 on whether the A-ASSOCIATE-RQ is acceptable,
    /// AR-8 on whether this side requested the association.
    /// </summary>
    public static AssociationState NextState(AssociationAction action, bool acceptable = true, bool isRequestor = false) => action switch
    {
        AssociationAction.AE1 => AssociationState.Sta4,
        AssociationAction.AE2 => AssociationState.Sta5,
        AssociationAction.AE3 => AssociationState.Sta6,
        AssociationAction.AE4 => AssociationState.Sta1,
        AssociationAction.AE5 => AssociationState.Sta2,
        AssociationAction.AE6 => acceptable ? AssociationState.Sta3 : AssociationState.Sta13,
        AssociationAction.AE7 => AssociationState.Sta6,
        AssociationAction.AE8 => AssociationState.Sta13,
        AssociationAction.DT1 or AssociationAction.DT2 => AssociationState.Sta6,
        AssociationAction.AR1 => AssociationState.Sta7,
        AssociationAction.AR2 => AssociationState.Sta8,
        AssociationAction.AR3 => AssociationState.Sta1,
        AssociationAction.AR4 => AssociationState.Sta13,
        AssociationAction.AR5 => AssociationState.Sta1,
        AssociationAction.AR6 => AssociationState.Sta7,
        AssociationAction.AR7 => AssociationState.Sta8,
        AssociationAction.AR8 => isRequestor ? AssociationState.Sta9 : AssociationState.Sta10,
        AssociationAction.AR9 => AssociationState.Sta11,
        AssociationAction.AR10 => AssociationState.Sta12,
        AssociationAction.AA1 or AssociationAction.AA6 or AssociationAction.AA7 or AssociationAction.AA8 => AssociationState.Sta13,
        AssociationAction.AA2 or AssociationAction.AA3 or AssociationAction.AA4 or AssociationAction.AA5 => AssociationState.Sta1,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no next state for this action"),
    };
}
