using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dokuei.Interop.Tests.Network;

/// <summary>A throwaway CA with a server and a client certificate, written as PEM files (for dcmtk) and loaded for .NET.</summary>
internal sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory = NetworkTestFiles.TempDirectory();
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Dokuei Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPem = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaPem, ca.ExportCertificatePem());
        Ca = X509Certificate2.CreateFromPem(ca.ExportCertificatePem());
        (ServerCertPem, ServerKeyPem, Server) = Issue(ca, "server", "CN=localhost", serverAuth: true);
        (ClientCertPem, ClientKeyPem, Client) = Issue(ca, "client", "CN=dokuei-client", serverAuth: false);
    }

    public string Directory { get; }

    public string CaPem { get; }

    public X509Certificate2 Ca { get; }

    public string ServerCertPem { get; }

    public string ServerKeyPem { get; }

    public X509Certificate2 Server { get; }

    public string ClientCertPem { get; }

    public string ClientKeyPem { get; }

    public X509Certificate2 Client { get; }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private (string Cert, string Key, X509Certificate2 Loaded) Issue(X509Certificate2 ca, string name, string subject, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        var cert = Path.Combine(Directory, name + ".pem");
        var keyFile = Path.Combine(Directory, name + ".key");
        File.WriteAllText(cert, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (cert, keyFile, X509Certificate2.CreateFromPemFile(cert, keyFile));
    }
}
