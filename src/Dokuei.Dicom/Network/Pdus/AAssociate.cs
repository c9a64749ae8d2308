namespace Dokuei.Dicom.Network.Pdus;

/// <summary>
/// What A-ASSOCIATE-RQ and A-ASSOCIATE-AC share (PS3.8 9.3.2, 9.3.3): protocol version, AE titles, application context,
/// presentation context items and user information. The AC echoes the RQ's AE titles.
/// </summary>
public abstract class AAssociate
{
    /// <summary>The DICOM application context name (PS3.7 Annex A.2.1).</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    /// <summary>Largest association PDU accepted (a hundred contexts take some 15 kB; this bounds what a peer can make us hold).</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>Calling AE title (the requestor).</summary>
    public string CallingAeTitle { get; set; } = "";

    /// <summary>Called AE title (the acceptor).</summary>
    public string CalledAeTitle { get; set; } = "";

    /// <summary>Protocol version bits (1 = version 1).</summary>
    public ushort ProtocolVersion { get; set; } = 1;

    /// <summary>Application context name.</summary>
    public string ApplicationContext { get; set; } = DicomApplicationContext;

    /// <summary>User information.</summary>
    public UserInformation UserInformation { get; set; } = new();

    private protected void WriteBody(PduWriter writer, byte type, Action<PduWriter> presentationContexts)
    {
        writer.Byte(type);
        writer.Byte(0);
        var start = writer.BeginUInt32Length();
        writer.UInt16(ProtocolVersion);
        writer.Zeros(2);
        writer.AeTitle(CalledAeTitle);
        writer.AeTitle(CallingAeTitle);
        writer.Zeros(32);
        writer.TextItem(0x10, ApplicationContext);
        presentationContexts(writer);
        UserInformation.Write(writer);
        writer.EndUInt32Length(start);
    }

    /// <summary>Reads the fixed fields and walks the items, handing presentation context items to <paramref name="presentationContext"/>.</summary>
    private protected void ReadBody(ReadOnlySpan<byte> body, byte contextItemType, Action<PduSpanReader> presentationContext)
    {
        var reader = new PduSpanReader(body, 6);
        ProtocolVersion = reader.UInt16("protocol version");
        reader.Skip(2, "reserved");
        CalledAeTitle = reader.Text(16, "called AE title");
        CallingAeTitle = reader.Text(16, "calling AE title");
        reader.Skip(32, "reserved");
        var sawContext = false;
        var sawUser = false;
        while (reader.Remaining > 0)
        {
            var item = reader.Item(out var type, "association item");
            if (type == 0x10)
            {
                ApplicationContext = item.Text(item.Remaining, "application context name");
                sawContext = true;
            }
            else if (type == contextItemType)
            {
                presentationContext(item);
            }
            else if (type == UserInformation.ItemType)
            {
                UserInformation = UserInformation.Read(item);
                sawUser = true;
            }
            else
            {
                throw new DicomPduException($"unexpected item type 0x{type:X2}", reader.Offset);
            }
        }

        if (!sawContext)
        {
            throw new DicomPduException("no application context item", reader.Offset);
        }

        if (!sawUser)
        {
            throw new DicomPduException("no user information item", reader.Offset);
        }
    }
}
