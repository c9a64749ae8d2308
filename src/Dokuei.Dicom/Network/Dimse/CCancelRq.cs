namespace Dokuei.Dicom.Network.Dimse;

/// <summary>C-CANCEL-RQ (PS3.7 9.3.2.3): cancels the C-FIND, C-MOVE or C-GET with the given Message ID.</summary>
public sealed class CCancelRq : DimseMessage
{
    /// <summary>Creates a cancel for a request.</summary>
    public CCancelRq(ushort messageIdBeingCancelled)
        : base(DimseCommandField.CCancelRq, hasDataset: false) =>
        Command.SetUInt16(DimseCommandSet.MessageIdBeingRespondedTo, messageIdBeingCancelled);

    internal CCancelRq(DimseCommandSet command)
        : base(command)
    {
    }

    /// <summary>Message ID Being Responded To (0000,0120): the request to cancel.</summary>
    public ushort MessageIdBeingRespondedTo => Command.GetUInt16(DimseCommandSet.MessageIdBeingRespondedTo) ?? 0;
}
