namespace Dokuei.Dicom.Network.Pdus;

/// <summary>SOP class extended negotiation sub-item (0x56, PS3.7 D.3.3.5): service-class-specific bytes for a SOP class.</summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, ReadOnlyMemory<byte> ServiceClassApplicationInformation)
{
    internal const byte ItemType = 0x56;

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, e) =>
    {
        w.UInt16((ushort)e.SopClassUid.Length);
        w.Ascii(e.SopClassUid);
        w.Bytes(e.ServiceClassApplicationInformation.Span);
    });

    internal static SopClassExtendedNegotiation Read(PduSpanReader reader)
    {
        var length = reader.UInt16("extended negotiation UID length");
        var uid = reader.Text(length, "extended negotiation SOP class UID");
        return new SopClassExtendedNegotiation(uid, reader.Bytes(reader.Remaining, "service class application information").ToArray());
    }
}
