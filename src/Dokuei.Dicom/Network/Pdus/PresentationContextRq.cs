namespace Dokuei.Dicom.Network.Pdus;

/// <summary>A proposed presentation context (item 0x20, PS3.8 9.3.2.2): an abstract syntax and transfer syntaxes in order of preference.</summary>
public sealed record PresentationContextRq(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)
{
    internal const byte ItemType = 0x20;

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, pc) =>
    {
        w.Byte(pc.Id);
        w.Zeros(3);
        w.TextItem(0x30, pc.AbstractSyntax);
        foreach (var ts in pc.TransferSyntaxes)
        {
            w.TextItem(0x40, ts);
        }
    });

    internal static PresentationContextRq Read(PduSpanReader reader)
    {
        var id = reader.Byte("presentation context ID");
        reader.Skip(3, "presentation context reserved");
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        while (reader.Remaining > 0)
        {
            var sub = reader.Item(out var type, "presentation context sub-item");
            var text = sub.Text(sub.Remaining, "syntax name");
            switch (type)
            {
                case 0x30 when abstractSyntax == null:
                    abstractSyntax = text;
                    break;
                case 0x40:
                    transferSyntaxes.Add(text);
                    break;
                default:
                    throw new DicomPduException($"unexpected item 0x{type:X2} in presentation context {id}", reader.Offset);
            }
        }

        if (abstractSyntax == null || transferSyntaxes.Count == 0)
        {
            throw new DicomPduException($"presentation context {id} lacks an abstract syntax or a transfer syntax", reader.Offset);
        }

        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }
}
