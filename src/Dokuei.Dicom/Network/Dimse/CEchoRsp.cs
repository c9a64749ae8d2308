namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-ECHO-RSP (PS3.7 9.3.5.2).</summary>
public sealed class CEchoRsp : DimseResponse
{
    /// <summary>Answers a C-ECHO-RQ.</summary>
    public CEchoRsp(CEchoRq request, DimseStatus status)
        : base(DimseCommandField.CEchoRsp, request, status)
    {
    }

    internal CEchoRsp(DimseCommandSet command)
        : base(command)
    {
    }
}
