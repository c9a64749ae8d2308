namespace Dokuei.Dicom.Network.Dimse;

/// <summary>N-EVENT-REPORT-RQ (PS3.7 10.3.1.1), used by Storage Commitment to report the result (event type 1 or 2).</summary>
public sealed class NEventReportRq : DimseRequest
{
    /// <summary>Creates an event report on a SOP instance.</summary>
    public NEventReportRq(string sopClassUid, string sopInstanceUid, ushort eventTypeId, bool hasDataset = true)
        : base(DimseCommandField.NEventReportRq, hasDataset)
    {
        AffectedSopClassUid = sopClassUid;
        Command.SetString(DimseCommandSet.AffectedSopInstanceUid, sopInstanceUid);
        Command.SetUInt16(DimseCommandSet.EventTypeId, eventTypeId);
    }

    internal NEventReportRq(DimseCommandSet command)
        : base(command)
    {
    }

    /// <summary>Affected SOP Instance UID (0000,1000).</summary>
    public string? AffectedSopInstanceUid => Command.GetString(DimseCommandSet.AffectedSopInstanceUid);

    /// <summary>Event Type ID (0000,1002).</summary>
    public ushort EventTypeId => Command.GetUInt16(DimseCommandSet.EventTypeId) ?? 0;
}
