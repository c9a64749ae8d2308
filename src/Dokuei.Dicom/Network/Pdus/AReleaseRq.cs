namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A-RELEASE-RQ PDU (PS3.8 9.3.6): six header bytes and four reserved.</summary>
public static class AReleaseRq
{
    internal static void Write(PduWriter writer)
    {
        writer.Byte((byte)PduType.AReleaseRq);
        writer.Byte(0);
        writer.UInt32(4);
        writer.Zeros(4);
    }
}
