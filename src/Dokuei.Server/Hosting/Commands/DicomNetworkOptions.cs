using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Dokuei.Dicom.Network;

namespace Dokuei.Server.Hosting.Commands;

/// <summary>Options shared by the DICOM network commands: AE titles, TLS, log output; and how failures become messages and exit codes.</summary>
internal sealed class DicomNetworkOptions
{
    /// <summary>Exit code when the peer answered with a failure status or some instances failed.</summary>
    public const int ExitFailureStatus = 1;

    /// <summary>Exit code when no association came about (refused, rejected, aborted, timed out).</summary>
    public const int ExitNoAssociation = 2;

    public Option<string> CallingAe { get; } = new("--aet") { Description = "Our AE title (calling)", DefaultValueFactory = _ => "DOKUEI" };

    public Option<string> CalledAe { get; } = new("--aec") { Description = "The peer's AE title (called)", DefaultValueFactory = _ => "ANY-SCP" };

    public Option<bool> Tls { get; } = new("--tls") { Description = "Use TLS (PS3.15 Annex B)" };

    public Option<string?> TlsCert { get; } = new("--tls-cert") { Description = "PEM certificate of this side (required to listen with TLS; optional client certificate)" };

    public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "PEM private key of --tls-cert" };

    public Option<string?> TlsCa { get; } = new("--tls-ca") { Description = "PEM file of trusted certificates (CA or the peer's own); without it, the system's trust store" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log every association" };

    public void AddClientOptions(Command command)
    {
        command.Options.Add(CallingAe);
        command.Options.Add(CalledAe);
        AddTlsOptions(command);
        command.Options.Add(Verbose);
    }

    public void AddTlsOptions(Command command)
    {
        command.Options.Add(Tls);
        command.Options.Add(TlsCert);
        command.Options.Add(TlsKey);
        command.Options.Add(TlsCa);
    }

    public DicomTlsOptions? ReadTls(ParseResult result, bool requireClientCertificate = false)
    {
        if (!result.GetValue(Tls))
        {
            return null;
        }

        X509Certificate2? certificate = null;
        if (result.GetValue(TlsCert) is { } cert)
        {
            certificate = X509Certificate2.CreateFromPemFile(cert, result.GetValue(TlsKey));
        }

        var trusted = new X509Certificate2Collection();
        if (result.GetValue(TlsCa) is { } ca)
        {
            trusted.ImportFromPemFile(ca);
        }

        return new DicomTlsOptions { Certificate = certificate, TrustedCertificates = trusted, RequireClientCertificate = requireClientCertificate };
    }

    public DicomClientOptions ReadClient(ParseResult result, ILoggerFactory loggerFactory) => new()
    {
        CallingAeTitle = result.GetValue(CallingAe)!,
        CalledAeTitle = result.GetValue(CalledAe)!,
        Tls = ReadTls(result),
        LoggerFactory = loggerFactory,
    };

    public ILoggerFactory CreateLoggerFactory(ParseResult result) =>
        new StandardErrorLoggerFactory(result.GetValue(Verbose) ? LogLevel.Information : LogLevel.Warning, LogLevel.Warning);

    /// <summary>Runs a network action, turning association failures into one line on stderr and an exit code.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (DicomAssociationException ex)
        {
            await Console.Error.WriteLineAsync($"dokuei: {ex.Message}").ConfigureAwait(false);
            return ExitNoAssociation;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or Dokuei.Dicom.Network.Dimse.DimseException or FormatException)
        {
            await Console.Error.WriteLineAsync($"dokuei: {ex.Message}").ConfigureAwait(false);
            return ExitFailureStatus;
        }
    }
}
