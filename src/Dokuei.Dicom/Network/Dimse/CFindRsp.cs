namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-FIND-RSP (PS3.7 9.3.2.2): pending responses carry one match each; the final one carries none.</summary>
public sealed class CFindRsp : DimseResponse
{
    /// <summary>Answers a C-FIND-RQ; pending responses have a dataset.</summary>
    public CFindRsp(CFindRq request, DimseStatus status)
        : base(DimseCommandField.CFindRsp, request, status, hasDataset: status.IsPending)
    {
    }

    internal CFindRsp(DimseCommandSet command)
        : base(command)
    {
    }
}
