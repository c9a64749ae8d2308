namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-GET-RSP (PS3.7 9.3.3.2).</summary>
public sealed class CGetRsp : DimseRetrieveResponse
{
    /// <summary>Answers a C-GET-RQ.</summary>
    public CGetRsp(CGetRq request, DimseStatus status)
        : base(DimseCommandField.CGetRsp, request, status)
    {
    }

    internal CGetRsp(DimseCommandSet command)
        : base(command)
    {
    }
}
