namespace Dokuei.Dicom.Network.Pdus;

/// <summary>
/// The user information item (0x50, PS3.8 9.3.2.3 and PS3.7 Annex D.3.3) of A-ASSOCIATE-RQ and -AC: maximum length,
/// implementation class UID and version name, asynchronous operations window, role selections, extended negotiation, user identity.
/// Sub-items this library does not know are kept and written back.
/// </summary>
public sealed class UserInformation
{
    internal const byte ItemType = 0x50;

    /// <summary>Maximum length of the P-DATA-TF PDUs this side receives (0 = unlimited), sub-item 0x51.</summary>
    public uint MaximumLength { get; set; }

    /// <summary>Implementation class UID, sub-item 0x52.</summary>
    public string ImplementationClassUid { get; set; } = "";

    /// <summary>Implementation version name, sub-item 0x55; null if absent.</summary>
    public string? ImplementationVersionName { get; set; }

    /// <summary>Asynchronous operations window, sub-item 0x53; null if absent (one operation at a time).</summary>
    public AsynchronousOperationsWindow? AsynchronousOperationsWindow { get; set; }

    /// <summary>SCP/SCU role selections, sub-items 0x54.</summary>
    public List<ScpScuRoleSelection> RoleSelections { get; } = [];

    /// <summary>SOP class extended negotiations, sub-items 0x56.</summary>
    public List<SopClassExtendedNegotiation> ExtendedNegotiations { get; } = [];

    /// <summary>SOP class common extended negotiations, sub-items 0x57 (A-ASSOCIATE-RQ only).</summary>
    public List<SopClassCommonExtendedNegotiation> CommonExtendedNegotiations { get; } = [];

    /// <summary>User identity proposed (sub-item 0x58, A-ASSOCIATE-RQ only).</summary>
    public UserIdentityRq? UserIdentityRq { get; set; }

    /// <summary>User identity answered (sub-item 0x59, A-ASSOCIATE-AC only).</summary>
    public UserIdentityAc? UserIdentityAc { get; set; }

    /// <summary>Sub-items of types this library does not know, as (type, value).</summary>
    public List<(byte Type, ReadOnlyMemory<byte> Value)> OtherItems { get; } = [];

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, u) =>
    {
        w.Item(0x51, u.MaximumLength, static (w2, m) => w2.UInt32(m));
        w.TextItem(0x52, u.ImplementationClassUid);
        u.AsynchronousOperationsWindow?.Write(w);
        foreach (var role in u.RoleSelections)
        {
            role.Write(w);
        }

        if (u.ImplementationVersionName != null)
        {
            w.TextItem(0x55, u.ImplementationVersionName);
        }

        foreach (var extended in u.ExtendedNegotiations)
        {
            extended.Write(w);
        }

        foreach (var common in u.CommonExtendedNegotiations)
        {
            common.Write(w);
        }

        u.UserIdentityRq?.Write(w);
        u.UserIdentityAc?.Write(w);
        foreach (var (type, value) in u.OtherItems)
        {
            w.Item(type, value, static (w2, v) => w2.Bytes(v.Span));
        }
    });

    internal static UserInformation Read(PduSpanReader reader)
    {
        var info = new UserInformation();
        while (reader.Remaining > 0)
        {
            var sub = reader.Item(out var type, "user information sub-item");
            switch (type)
            {
                case 0x51:
                    info.MaximumLength = sub.UInt32("maximum length");
                    break;
                case 0x52:
                    info.ImplementationClassUid = sub.Text(sub.Remaining, "implementation class UID");
                    break;
                case Pdus.AsynchronousOperationsWindow.ItemType:
                    info.AsynchronousOperationsWindow = Pdus.AsynchronousOperationsWindow.Read(sub);
                    break;
                case ScpScuRoleSelection.ItemType:
                    info.RoleSelections.Add(ScpScuRoleSelection.Read(sub));
                    break;
                case 0x55:
                    info.ImplementationVersionName = sub.Text(sub.Remaining, "implementation version name");
                    break;
                case SopClassExtendedNegotiation.ItemType:
                    info.ExtendedNegotiations.Add(SopClassExtendedNegotiation.Read(sub));
                    break;
                case SopClassCommonExtendedNegotiation.ItemType:
                    info.CommonExtendedNegotiations.Add(SopClassCommonExtendedNegotiation.Read(sub));
                    break;
                case Pdus.UserIdentityRq.ItemType:
                    info.UserIdentityRq = Pdus.UserIdentityRq.Read(sub);
                    break;
                case Pdus.UserIdentityAc.ItemType:
                    info.UserIdentityAc = Pdus.UserIdentityAc.Read(sub);
                    break;
                default:
                    info.OtherItems.Add((type, sub.Bytes(sub.Remaining, "user information sub-item").ToArray()));
                    break;
            }
        }

        return info;
    }
}
