namespace Dokuei.Dicom.Network.Pdus;

/// <summary>SCP/SCU role selection sub-item (0x54, PS3.7 D.3.3.4): which roles a side takes for a SOP class.</summary>
public sealed record ScpScuRoleSelection(string SopClassUid, bool ScuRole, bool ScpRole)
{
    internal const byte ItemType = 0x54;

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, r) =>
    {
        w.UInt16((ushort)r.SopClassUid.Length);
        w.Ascii(r.SopClassUid);
        w.Byte(r.ScuRole ? (byte)1 : (byte)0);
        w.Byte(r.ScpRole ? (byte)1 : (byte)0);
    });

    internal static ScpScuRoleSelection Read(PduSpanReader reader)
    {
        var length = reader.UInt16("role selection UID length");
        var uid = reader.Text(length, "role selection SOP class UID");
        var scu = reader.Byte("SCU role");
        var scp = reader.Byte("SCP role");
        return new ScpScuRoleSelection(uid, scu != 0, scp != 0);
    }
}
