namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-GET-RQ (PS3.7 9.3.3.1): retrieve matching instances by C-STORE on the same association (the SCU takes the storage SCP role).</summary>
public sealed class CGetRq : DimseRequest
{
    /// <summary>Creates a get request.</summary>
    public CGetRq(string sopClassUid, DimsePriority priority = DimsePriority.Medium)
        : base(DimseCommandField.CGetRq, hasDataset: true)
    {
        AffectedSopClassUid = sopClassUid;
        Command.SetUInt16(DimseCommandSet.Priority, (ushort)priority);
    }

    internal CGetRq(DimseCommandSet command)
        : base(command)
    {
    }
}
