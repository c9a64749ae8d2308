using System.CommandLine;

namespace Dokuei.Server.Hosting.Commands;

/// <summary>The DICOM network commands (<c>dokuei dicom echo|store|listen|find|move|get</c>), registered under <c>dicom</c>.</summary>
internal static class DicomNetworkCommands
{
    public static void AddTo(Command dicom)
    {
        dicom.Subcommands.Add(DicomEchoCommand.Create());
        dicom.Subcommands.Add(DicomStoreCommand.Create());
        dicom.Subcommands.Add(DicomListenCommand.Create());
        dicom.Subcommands.Add(DicomQueryCommands.Find());
        dicom.Subcommands.Add(DicomQueryCommands.Move());
        dicom.Subcommands.Add(DicomQueryCommands.Get());
    }
}
