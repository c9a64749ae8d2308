namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A-ASSOCIATE-RQ PDU (PS3.8 9.3.2): the requestor's proposal.</summary>
public sealed class AAssociateRq : AAssociate
{
    /// <summary>The proposed presentation contexts (odd IDs 1..255).</summary>
    public List<PresentationContextRq> PresentationContexts { get; } = [];

    internal void Write(PduWriter writer) => WriteBody(writer, (byte)PduType.AAssociateRq, w =>
    {
        foreach (var pc in PresentationContexts)
        {
            pc.Write(w);
        }
    });

    /// <summary>Parses the body of the PDU (after its 6-byte header).</summary>
    public static AAssociateRq Parse(ReadOnlySpan<byte> body)
    {
        var rq = new AAssociateRq();
        var contexts = rq.PresentationContexts;
        rq.ReadBody(body, PresentationContextRq.ItemType, item => contexts.Add(PresentationContextRq.Read(item)));
        if (contexts.Count == 0)
        {
            throw new DicomPduException("A-ASSOCIATE-RQ proposes no presentation context", -1);
        }

        return rq;
    }
}
