namespace Dokuei.Dicom.Network.Pdus;

/// <summary>SOP class common extended negotiation sub-item (0x57, PS3.7 D.3.3.6): a SOP class, its service class and related general SOP classes.</summary>
public sealed record SopClassCommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClassUids)
{
    internal const byte ItemType = 0x57;

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, e) =>
    {
        w.UInt16((ushort)e.SopClassUid.Length);
        w.Ascii(e.SopClassUid);
        w.UInt16((ushort)e.ServiceClassUid.Length);
        w.Ascii(e.ServiceClassUid);
        var start = w.BeginUInt16Length();
        foreach (var uid in e.RelatedGeneralSopClassUids)
        {
            w.UInt16((ushort)uid.Length);
            w.Ascii(uid);
        }

        w.EndUInt16Length(start);
    });

    internal static SopClassCommonExtendedNegotiation Read(PduSpanReader reader)
    {
        var sopClass = reader.Text(reader.UInt16("SOP class UID length"), "SOP class UID");
        var serviceClass = reader.Text(reader.UInt16("service class UID length"), "service class UID");
        var related = new List<string>();
        var relatedLength = reader.UInt16("related general SOP class identification length");
        var list = new PduSpanReader(reader.Bytes(relatedLength, "related general SOP classes"), reader.Offset - relatedLength);
        while (list.Remaining > 0)
        {
            related.Add(list.Text(list.UInt16("related UID length"), "related general SOP class UID"));
        }

        return new SopClassCommonExtendedNegotiation(sopClass, serviceClass, related);
    }
}
