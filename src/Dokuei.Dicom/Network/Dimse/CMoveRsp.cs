namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-MOVE-RSP (PS3.7 9.3.4.2): pending responses count sub-operations, the final one sums them up.</summary>
public sealed class CMoveRsp : DimseRetrieveResponse
{
    /// <summary>Answers a C-MOVE-RQ.</summary>
    public CMoveRsp(CMoveRq request, DimseStatus status)
        : base(DimseCommandField.CMoveRsp, request, status)
    {
    }

    internal CMoveRsp(DimseCommandSet command)
        : base(command)
    {
    }
}
