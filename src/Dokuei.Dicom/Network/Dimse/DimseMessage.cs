using static Dokuei.Dicom.Network.Dimse.DimseCommandSet;

namespace Dokuei.Dicom.Network.Dimse;

/// <summary>A DIMSE message: its command set, and whether a dataset follows it (PS3.7 section 6.3).</summary>
public abstract class DimseMessage
{
    private protected DimseMessage(DimseCommandSet command) => Command = command;

    private protected DimseMessage(DimseCommandField field, bool hasDataset)
    {
        Command = new DimseCommandSet();
        Command.SetUInt16(DimseCommandSet.CommandField, (ushort)field);
        HasDataset = hasDataset;
    }

    /// <summary>The command set.</summary>
    public DimseCommandSet Command { get; }

    /// <summary>The command field.</summary>
    public DimseCommandField CommandField => (DimseCommandField)(Command.GetUInt16(DimseCommandSet.CommandField) ?? 0);

    /// <summary>True if a dataset follows the command.</summary>
    public bool HasDataset
    {
        get => Command.GetUInt16(CommandDataSetType) is { } type && type != NoDataSet;
        set => Command.SetUInt16(CommandDataSetType, value ? (ushort)0x0000 : NoDataSet);
    }

    /// <summary>Affected SOP Class UID (0000,0002).</summary>
    public string? AffectedSopClassUid
    {
        get => Command.GetString(DimseCommandSet.AffectedSopClassUid);
        set => SetOrRemove(DimseCommandSet.AffectedSopClassUid, value);
    }

    /// <summary>The message as its command field name.</summary>
    public override string ToString() => CommandField.ToString();

    private protected void SetOrRemove(uint tag, string? value)
    {
        if (value == null)
        {
            Command.Remove(tag);
        }
        else
        {
            Command.SetString(tag, value);
        }
    }

    /// <summary>Makes the typed message for a decoded command set.</summary>
    public static DimseMessage FromCommand(DimseCommandSet command) => (DimseCommandField)(command.GetUInt16(DimseCommandSet.CommandField) ?? 0) switch
    {
        DimseCommandField.CEchoRq => new CEchoRq(command),
        DimseCommandField.CEchoRsp => new CEchoRsp(command),
        DimseCommandField.CStoreRq => new CStoreRq(command),
        DimseCommandField.CStoreRsp => new CStoreRsp(command),
        DimseCommandField.CFindRq => new CFindRq(command),
        DimseCommandField.CFindRsp => new CFindRsp(command),
        DimseCommandField.CMoveRq => new CMoveRq(command),
        DimseCommandField.CMoveRsp => new CMoveRsp(command),
        DimseCommandField.CGetRq => new CGetRq(command),
        DimseCommandField.CGetRsp => new CGetRsp(command),
        DimseCommandField.CCancelRq => new CCancelRq(command),
        DimseCommandField.NActionRq => new NActionRq(command),
        DimseCommandField.NActionRsp => new NActionRsp(command),
        DimseCommandField.NEventReportRq => new NEventReportRq(command),
        DimseCommandField.NEventReportRsp => new NEventReportRsp(command),
        var other => throw new DimseException($"unsupported command field 0x{(ushort)other:X4}"),
    };
}

/// <summary>A DIMSE request: it carries a Message ID.</summary>
public abstract class DimseRequest : DimseMessage
{
    private protected DimseRequest(DimseCommandSet command)
        : base(command)
    {
    }

    private protected DimseRequest(DimseCommandField field, bool hasDataset)
        : base(field, hasDataset)
    {
    }

    /// <summary>Message ID (0000,0110).</summary>
    public ushort MessageId
    {
        get => Command.GetUInt16(DimseCommandSet.MessageId) ?? 0;
        set => Command.SetUInt16(DimseCommandSet.MessageId, value);
    }
}

/// <summary>A DIMSE response: it answers a Message ID with a status.</summary>
public abstract class DimseResponse : DimseMessage
{
    private protected DimseResponse(DimseCommandSet command)
        : base(command)
    {
    }

    private protected DimseResponse(DimseCommandField field, DimseRequest? request, DimseStatus status, bool hasDataset = false)
        : base(field, hasDataset)
    {
        if (request != null)
        {
            MessageIdBeingRespondedTo = request.MessageId;
            AffectedSopClassUid = request.AffectedSopClassUid;
        }

        Status = status;
    }

    /// <summary>Message ID Being Responded To (0000,0120).</summary>
    public ushort MessageIdBeingRespondedTo
    {
        get => Command.GetUInt16(DimseCommandSet.MessageIdBeingRespondedTo) ?? 0;
        set => Command.SetUInt16(DimseCommandSet.MessageIdBeingRespondedTo, value);
    }

    /// <summary>Status (0000,0900).</summary>
    public DimseStatus Status
    {
        get => new(Command.GetUInt16(DimseCommandSet.Status) ?? 0xC000);
        set => Command.SetUInt16(DimseCommandSet.Status, value.Code);
    }

    /// <summary>Error Comment (0000,0902), if any.</summary>
    public string? ErrorComment
    {
        get => Command.GetString(DimseCommandSet.ErrorComment);
        set => SetOrRemove(DimseCommandSet.ErrorComment, value is { Length: > 64 } ? value[..64] : value);
    }
}

/// <summary>A C-MOVE or C-GET response: it counts sub-operations.</summary>
public abstract class DimseRetrieveResponse : DimseResponse
{
    private protected DimseRetrieveResponse(DimseCommandSet command)
        : base(command)
    {
    }

    private protected DimseRetrieveResponse(DimseCommandField field, DimseRequest request, DimseStatus status)
        : base(field, request, status)
    {
    }

    /// <summary>Number of Remaining Sub-operations (0000,1020), if present.</summary>
    public ushort? Remaining
    {
        get => Command.GetUInt16(NumberOfRemainingSuboperations);
        set => SetCount(NumberOfRemainingSuboperations, value);
    }

    /// <summary>Number of Completed Sub-operations (0000,1021), if present.</summary>
    public ushort? Completed
    {
        get => Command.GetUInt16(NumberOfCompletedSuboperations);
        set => SetCount(NumberOfCompletedSuboperations, value);
    }

    /// <summary>Number of Failed Sub-operations (0000,1022), if present.</summary>
    public ushort? Failed
    {
        get => Command.GetUInt16(NumberOfFailedSuboperations);
        set => SetCount(NumberOfFailedSuboperations, value);
    }

    /// <summary>Number of Warning Sub-operations (0000,1023), if present.</summary>
    public ushort? Warning
    {
        get => Command.GetUInt16(NumberOfWarningSuboperations);
        set => SetCount(NumberOfWarningSuboperations, value);
    }

    private void SetCount(uint tag, ushort? value)
    {
        if (value is { } count)
        {
            Command.SetUInt16(tag, count);
        }
        else
        {
            Command.Remove(tag);
        }
    }
}
