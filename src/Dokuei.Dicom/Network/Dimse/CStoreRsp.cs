namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-STORE-RSP (PS3.7 9.3.1.2).</summary>
public sealed class CStoreRsp : DimseResponse
{
    /// <summary>Answers a C-STORE-RQ.</summary>
    public CStoreRsp(CStoreRq request, DimseStatus status)
        : base(DimseCommandField.CStoreRsp, request, status)
    {
        if (request.AffectedSopInstanceUid is { } uid)
        {
            Command.SetString(DimseCommandSet.AffectedSopInstanceUid, uid);
        }
    }

    internal CStoreRsp(DimseCommandSet command)
        : base(command)
    {
    }

    /// <summary>Affected SOP Instance UID (0000,1000).</summary>
    public string? AffectedSopInstanceUid => Command.GetString(DimseCommandSet.AffectedSopInstanceUid);
}
