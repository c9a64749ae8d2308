using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dokuei.Server.Tests.Hosting;

namespace Dokuei.Server.Tests.Network;

public sealed class DicomTlsCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dokuei-cli-tls-").FullName;

    public DicomTlsCommandsTests()
    {
        // A self-signed server certificate: the client trusts exactly it (--tls-ca).
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(Cert, certificate.ExportCertificatePem());
        File.WriteAllText(Key, key.ExportPkcs8PrivateKeyPem());
        Directory.CreateDirectory(Out);
    }

    private string Cert => Path.Combine(_root, "server.pem");

    private string Key => Path.Combine(_root, "server.key");

    private string Out => Path.Combine(_root, "out");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Echo_over_TLS_to_listen_over_TLS_succeeds_and_plain_TCP_is_refused()
    {
        await using var listener = await DokueiListener.StartAsync("--out", Out, "--tls", "--tls-cert", Cert, "--tls-key", Key);
        var (exit, stdout, stderr) = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", listener.PortText, "--aec", "DOKUEI", "--tls", "--tls-ca", Cert);
        Assert.True(exit == 0, stderr);
        Assert.Contains("success", stdout, StringComparison.Ordinal);

        var plain = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", listener.PortText, "--aec", "DOKUEI");
        Assert.Equal(2, plain.ExitCode);
    }

    [Fact]
    public async Task Echo_over_TLS_refuses_a_server_it_does_not_trust()
    {
        await using var listener = await DokueiListener.StartAsync("--out", Out, "--tls", "--tls-cert", Cert, "--tls-key", Key);
        var (exit, _, stderr) = await DokueiProcess.RunAsync("dicom", "echo", "127.0.0.1", listener.PortText, "--aec", "DOKUEI", "--tls");
        Assert.Equal(2, exit);
        Assert.Contains("TLS handshake", stderr, StringComparison.Ordinal);
    }
}
