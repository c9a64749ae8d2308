namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A-ASSOCIATE-AC PDU (PS3.8 9.3.3): the acceptor's answer, one result per proposed presentation context.</summary>
public sealed class AAssociateAc : AAssociate
{
    /// <summary>The answered presentation contexts.</summary>
    public List<PresentationContextAc> PresentationContexts { get; } = [];

    internal void Write(PduWriter writer) => WriteBody(writer, (byte)PduType.AAssociateAc, w =>
    {
        foreach (var pc in PresentationContexts)
        {
            pc.Write(w);
        }
    });

    /// <summary>Parses the body of the PDU (after its 6-byte header).</summary>
    public static AAssociateAc Parse(ReadOnlySpan<byte> body)
    {
        var ac = new AAssociateAc();
        var contexts = ac.PresentationContexts;
        ac.ReadBody(body, PresentationContextAc.ItemType, item => contexts.Add(PresentationContextAc.Read(item)));
        return ac;
    }
}
