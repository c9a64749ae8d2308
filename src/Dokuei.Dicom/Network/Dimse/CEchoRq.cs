namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-ECHO-RQ (PS3.7 9.3.5.1): verification.</summary>
public sealed class CEchoRq : DimseRequest
{
    /// <summary>Creates a request for the Verification SOP class.</summary>
    public CEchoRq()
        : base(DimseCommandField.CEchoRq, hasDataset: false) => AffectedSopClassUid = DicomUids.Verification;

    internal CEchoRq(DimseCommandSet command)
        : base(command)
    {
    }
}
