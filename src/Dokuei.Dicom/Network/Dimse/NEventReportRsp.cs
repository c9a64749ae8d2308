namespace Dokuei.Dicom.Network.Dimse;

/// <summary>N-EVENT-REPORT-RSP (PS3.7 10.3.1.2).</summary>
public sealed class NEventReportRsp : DimseResponse
{
    /// <summary>Answers an N-EVENT-REPORT-RQ.</summary>
    public NEventReportRsp(NEventReportRq request, DimseStatus status)
        : base(DimseCommandField.NEventReportRsp, request, status)
    {
        if (request.AffectedSopInstanceUid is { } instance)
        {
            Command.SetString(DimseCommandSet.AffectedSopInstanceUid, instance);
        }

        Command.SetUInt16(DimseCommandSet.EventTypeId, request.EventTypeId);
    }

    internal NEventReportRsp(DimseCommandSet command)
        : base(command)
    {
    }
}
