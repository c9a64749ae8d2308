namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A-RELEASE-RP PDU (PS3.8 9.3.7): six header bytes and four reserved.</summary>
public static class AReleaseRp
{
    internal static void Write(PduWriter writer)
    {
        writer.Byte((byte)PduType.AReleaseRp);
        writer.Byte(0);
        writer.UInt32(4);
        writer.Zeros(4);
    }
}
