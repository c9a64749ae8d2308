namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-MOVE-RQ (PS3.7 9.3.4.1): retrieve matching instances to the Move Destination by C-STORE on another association.</summary>
public sealed class CMoveRq : DimseRequest
{
    /// <summary>Creates a move request.</summary>
    public CMoveRq(string sopClassUid, string destination, DimsePriority priority = DimsePriority.Medium)
        : base(DimseCommandField.CMoveRq, hasDataset: true)
    {
        AffectedSopClassUid = sopClassUid;
        MoveDestination = destination;
        Command.SetUInt16(DimseCommandSet.Priority, (ushort)priority);
    }

    internal CMoveRq(DimseCommandSet command)
        : base(command)
    {
    }

    /// <summary>Move Destination (0000,0600): the AE title to store to.</summary>
    public string MoveDestination
    {
        get => Command.GetString(DimseCommandSet.MoveDestination) ?? "";
        set => Command.SetString(DimseCommandSet.MoveDestination, value);
    }
}
