namespace Dokuei.Dicom.Network.Dimse;

/// <summary>N-ACTION-RQ (PS3.7 10.3.4.1), used by Storage Commitment to request commitment (action type 1).</summary>
public sealed class NActionRq : DimseRequest
{
    /// <summary>Creates an action request on a SOP instance.</summary>
    public NActionRq(string sopClassUid, string sopInstanceUid, ushort actionTypeId, bool hasDataset = true)
        : base(DimseCommandField.NActionRq, hasDataset)
    {
        Command.SetString(DimseCommandSet.RequestedSopClassUid, sopClassUid);
        Command.SetString(DimseCommandSet.RequestedSopInstanceUid, sopInstanceUid);
        Command.SetUInt16(DimseCommandSet.ActionTypeId, actionTypeId);
    }

    internal NActionRq(DimseCommandSet command)
        : base(command)
    {
    }

    /// <summary>Requested SOP Class UID (0000,0003).</summary>
    public string? RequestedSopClassUid => Command.GetString(DimseCommandSet.RequestedSopClassUid);

    /// <summary>Requested SOP Instance UID (0000,1001).</summary>
    public string? RequestedSopInstanceUid => Command.GetString(DimseCommandSet.RequestedSopInstanceUid);

    /// <summary>Action Type ID (0000,1008).</summary>
    public ushort ActionTypeId => Command.GetUInt16(DimseCommandSet.ActionTypeId) ?? 0;
}
