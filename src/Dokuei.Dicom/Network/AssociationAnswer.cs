using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Network;

/// <summary>The acceptor's answer to an A-ASSOCIATE-RQ: an A-ASSOCIATE-AC or an A-ASSOCIATE-RJ.</summary>
public readonly record struct AssociationAnswer(AAssociateAc? Accept, AAssociateRj? Reject)
{
    /// <summary>Accepts with the given answer.</summary>
    public static AssociationAnswer Accepted(AAssociateAc accept) => new(accept, null);

    /// <summary>Rejects by the service user for a reason (e.g. <see cref="AAssociateRj.CalledAeTitleNotRecognized"/>).</summary>
    public static AssociationAnswer Rejected(byte reason, AAssociateRjResult result = AAssociateRjResult.RejectedPermanent) =>
        new(null, new AAssociateRj(result, AAssociateRjSource.ServiceUser, reason));
}
