namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-STORE-RQ (PS3.7 9.3.1.1): an instance follows as the dataset.</summary>
public sealed class CStoreRq : DimseRequest
{
    /// <summary>Creates a request to store one instance.</summary>
    public CStoreRq(string sopClassUid, string sopInstanceUid, DimsePriority priority = DimsePriority.Medium)
        : base(DimseCommandField.CStoreRq, hasDataset: true)
    {
        AffectedSopClassUid = sopClassUid;
        AffectedSopInstanceUid = sopInstanceUid;
        Priority = priority;
    }

    internal CStoreRq(DimseCommandSet command)
        : base(command)
    {
    }

    /// <summary>Affected SOP Instance UID (0000,1000).</summary>
    public string? AffectedSopInstanceUid
    {
        get => Command.GetString(DimseCommandSet.AffectedSopInstanceUid);
        set => SetOrRemove(DimseCommandSet.AffectedSopInstanceUid, value);
    }

    /// <summary>Priority (0000,0700).</summary>
    public DimsePriority Priority
    {
        get => (DimsePriority)(Command.GetUInt16(DimseCommandSet.Priority) ?? 0);
        set => Command.SetUInt16(DimseCommandSet.Priority, (ushort)value);
    }

    /// <summary>Move Originator Application Entity Title (0000,1030): set when the store is a C-MOVE sub-operation.</summary>
    public string? MoveOriginatorAeTitle
    {
        get => Command.GetString(DimseCommandSet.MoveOriginatorAeTitle);
        set => SetOrRemove(DimseCommandSet.MoveOriginatorAeTitle, value);
    }

    /// <summary>Move Originator Message ID (0000,1031).</summary>
    public ushort? MoveOriginatorMessageId
    {
        get => Command.GetUInt16(DimseCommandSet.MoveOriginatorMessageId);
        set
        {
            if (value is { } id)
            {
                Command.SetUInt16(DimseCommandSet.MoveOriginatorMessageId, id);
            }
            else
            {
                Command.Remove(DimseCommandSet.MoveOriginatorMessageId);
            }
        }
    }
}
