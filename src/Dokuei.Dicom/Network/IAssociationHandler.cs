using System.Net;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Network;

/// <summary>Decides whether an association request is accepted: calling AE title, called AE title, remote address, user identity.</summary>
public interface IAssociationHandler
{
    /// <summary>Returns null to accept (presentation contexts are then negotiated by the server), or the rejection to send.</summary>
    ValueTask<AAssociateRj?> ValidateAsync(AAssociateRq request, EndPoint? remoteEndPoint, CancellationToken cancellationToken);
}
