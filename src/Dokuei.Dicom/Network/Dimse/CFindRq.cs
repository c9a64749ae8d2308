namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-FIND-RQ (PS3.7 9.3.2.1): the identifier (matching and return keys) follows as the dataset.</summary>
public sealed class CFindRq : DimseRequest
{
    /// <summary>Creates a query in an information model (e.g. <see cref="DicomUids.StudyRootQueryRetrieveInformationModelFind"/>).</summary>
    public CFindRq(string sopClassUid, DimsePriority priority = DimsePriority.Medium)
        : base(DimseCommandField.CFindRq, hasDataset: true)
    {
        AffectedSopClassUid = sopClassUid;
        Command.SetUInt16(DimseCommandSet.Priority, (ushort)priority);
    }

    internal CFindRq(DimseCommandSet command)
        : base(command)
    {
    }
}
