namespace Dokuei.Dicom.Network.Pdus;

/// <summary>Asynchronous operations window sub-item (0x53, PS3.7 D.3.3.3); 0 means unlimited.</summary>
public sealed record AsynchronousOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed)
{
    internal const byte ItemType = 0x53;

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, a) =>
    {
        w.UInt16(a.MaxOperationsInvoked);
        w.UInt16(a.MaxOperationsPerformed);
    });

    internal static AsynchronousOperationsWindow Read(PduSpanReader reader) =>
        new(reader.UInt16("max operations invoked"), reader.UInt16("max operations performed"));
}
