namespace Dokuei.Dicom.Network.Dimse;

/// <summary>N-ACTION-RSP (PS3.7 10.3.4.2).</summary>
public sealed class NActionRsp : DimseResponse
{
    /// <summary>Answers an N-ACTION-RQ.</summary>
    public NActionRsp(NActionRq request, DimseStatus status)
        : base(DimseCommandField.NActionRsp, request, status)
    {
        if (request.RequestedSopClassUid is { } sopClass)
        {
            Command.SetString(DimseCommandSet.AffectedSopClassUid, sopClass);
        }

        if (request.RequestedSopInstanceUid is { } instance)
        {
            Command.SetString(DimseCommandSet.AffectedSopInstanceUid, instance);
        }

        Command.SetUInt16(DimseCommandSet.ActionTypeId, request.ActionTypeId);
    }

    internal NActionRsp(DimseCommandSet command)
        : base(command)
    {
    }
}
