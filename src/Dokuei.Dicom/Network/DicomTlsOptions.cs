using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dokuei.Dicom.Network;

/// <summary>TLS for DICOM (PS3.15 Annex B secure transport connection profiles) with <see cref="SslStream"/>.</summary>
public sealed record DicomTlsOptions
{
    /// <summary>This side's certificate with its private key: required for an SCP, optional for an SCU (client authentication).</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Certificates (CAs or self-signed peers) the peer's certificate must chain to; empty = the system's trust store.</summary>
    public X509Certificate2Collection TrustedCertificates { get; init; } = [];

    /// <summary>SCP: ask for and require a client certificate.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>SCU: verify the server's certificate against the host name (off by default: DICOM peers are usually named by AE title and address).</summary>
    public bool CheckHostName { get; init; }

    /// <summary>If not empty, only peers whose certificate subject common name or thumbprint is listed are allowed.</summary>
    public IReadOnlyCollection<string> AllowedPeers { get; init; } = [];

    internal bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, bool isServer)
    {
        if (certificate == null)
        {
            return isServer && !RequireClientCertificate;
        }

        using var cert = new X509Certificate2(certificate);
        var remaining = errors & ~SslPolicyErrors.RemoteCertificateChainErrors;
        if (!CheckHostName)
        {
            remaining &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        if (remaining != SslPolicyErrors.None)
        {
            return false;
        }

        if (TrustedCertificates.Count > 0)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(TrustedCertificates);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (!custom.Build(cert))
            {
                return false;
            }
        }
        else if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        if (AllowedPeers.Count == 0)
        {
            return true;
        }

        var name = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return AllowedPeers.Contains(name) || AllowedPeers.Contains(cert.Thumbprint, StringComparer.OrdinalIgnoreCase);
    }
}
