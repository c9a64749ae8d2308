using System.CommandLine;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Hosting.Commands;

namespace Dokuei.Server.Hosting;

/// <summary>The <c>dokuei</c> command line: one root command with a subcommand per operator task.</summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Dokuei: teleradiology platform (読影).")
        {
            DicomCommands.Create(),
            ServeCommands.Serve(),
            ServeCommands.Migrate(),
            FacilityCommands.Create(),
            UserCommands.Create(),
            AuditCommands.Create(),
            DemoCommand.Create(),
        };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
