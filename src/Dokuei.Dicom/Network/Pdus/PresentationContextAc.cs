namespace Dokuei.Dicom.Network.Pdus;

/// <summary>The result for one presentation context (PS3.8 Table 9-18).</summary>
public enum PresentationContextResult : byte
{
    /// <summary>Acceptance.</summary>
    Acceptance = 0,

    /// <summary>User rejection.</summary>
    UserRejection = 1,

    /// <summary>No reason (provider rejection).</summary>
    NoReason = 2,

    /// <summary>Abstract syntax not supported (provider rejection).</summary>
    AbstractSyntaxNotSupported = 3,

    /// <summary>Transfer syntaxes not supported (provider rejection).</summary>
    TransferSyntaxesNotSupported = 4,
}

/// <summary>An answered presentation context (item 0x21, PS3.8 9.3.3.2): the result and, if accepted, the one transfer syntax chosen.</summary>
public sealed record PresentationContextAc(byte Id, PresentationContextResult Result, string TransferSyntax)
{
    internal const byte ItemType = 0x21;

    /// <summary>True if the context was accepted.</summary>
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, pc) =>
    {
        w.Byte(pc.Id);
        w.Byte(0);
        w.Byte((byte)pc.Result);
        w.Byte(0);

        // A rejected context still carries a transfer syntax sub-item, whose value is not significant (PS3.8 9.3.3.2).
        w.TextItem(0x40, pc.TransferSyntax);
    });

    internal static PresentationContextAc Read(PduSpanReader reader)
    {
        var id = reader.Byte("presentation context ID");
        reader.Skip(1, "reserved");
        var result = reader.Byte("result/reason");
        reader.Skip(1, "reserved");
        var transferSyntax = "";
        while (reader.Remaining > 0)
        {
            var sub = reader.Item(out var type, "presentation context sub-item");
            if (type == 0x40)
            {
                transferSyntax = sub.Text(sub.Remaining, "transfer syntax name");
            }
        }

        if (result > 4)
        {
            throw new DicomPduException($"presentation context {id} has result {result}, not 0..4", reader.Offset);
        }

        return new PresentationContextAc(id, (PresentationContextResult)result, transferSyntax);
    }
}
