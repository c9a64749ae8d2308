using System.Globalization;
using System.Net;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Interop.Tests.Network;

public sealed class TlsInteropTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Echoscu_over_TLS_with_a_client_certificate_verifies_our_TLS_server()
    {
        await using var server = StartTlsServer(requireClientCertificate: true);
        var result = await DcmtkPeer.RunAsync("echoscu", "-aec", "DOKUEI", "+tls", _certificates.ClientKeyPem, _certificates.ClientCertPem, "-pw", "+cf", _certificates.CaPem,
            "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task Echoscu_without_a_client_certificate_is_refused_when_one_is_required()
    {
        await using var server = StartTlsServer(requireClientCertificate: true);
        var result = await DcmtkPeer.RunAsync("echoscu", "-aec", "DOKUEI", "+tla", "-ic", "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture));
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Our_TLS_client_stores_to_storescp_over_TLS()
    {
        var port = FreePort.Next();
        var output = NetworkTestFiles.TempDirectory();
        try
        {
            await using var storescp = await DcmtkPeer.StartServerAsync("storescp", port, "-aet", "STORESCP", "+tls", _certificates.ServerKeyPem, _certificates.ServerCertPem, "-pw",
                "+cf", _certificates.CaPem, "-od", output, "-uf", port.ToString(CultureInfo.InvariantCulture));
            var options = new DicomClientOptions
            {
                CallingAeTitle = "DOKUEI",
                CalledAeTitle = "STORESCP",
                Tls = new DicomTlsOptions { Certificate = _certificates.Client, TrustedCertificates = [_certificates.Ca] },
            };
            var file = NetworkTestFiles.DcmtkReadable.First(f => !f.TransferSyntax.IsEncapsulated);
            await using var client = await DicomClient.ConnectAsync("127.0.0.1", port, DicomClient.CreateStoreRequest(options, [file]), options);
            Assert.Equal(DimseStatus.Success, (await client.StoreAsync(file)).Status);
            await client.ReleaseAsync();
            Assert.Single(Directory.GetFiles(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Our_client_refuses_a_server_certificate_it_does_not_trust()
    {
        await using var server = StartTlsServer(requireClientCertificate: false);
        using var stranger = new TestCertificates();
        var options = new DicomClientOptions { CalledAeTitle = "DOKUEI", Tls = new DicomTlsOptions { TrustedCertificates = [stranger.Ca] } };
        var ex = await Assert.ThrowsAsync<DicomAssociationException>(() => DicomClient.ConnectForEchoAsync("127.0.0.1", server.Port, options));
        Assert.Contains("TLS handshake", ex.Message, StringComparison.Ordinal);
    }

    private DicomServer StartTlsServer(bool requireClientCertificate) => DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions
    {
        AeTitle = "DOKUEI",
        Tls = new DicomTlsOptions { Certificate = _certificates.Server, TrustedCertificates = [_certificates.Ca], RequireClientCertificate = requireClientCertificate },
    }, new DicomServerHandlers());
}
