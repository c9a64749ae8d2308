using Dokuei.Dicom.Network.Pdus;
namespace Dokuei.Dicom.Tests.Network;

public class PduTests
{
    [Fact]
    public void AAssociateRq_round_trips_every_negotiation_item()
    {
        var rq = new AAssociateRq { CallingAeTitle = "SCU", CalledAeTitle = "SCP" };
        rq.PresentationContexts.Add(new PresentationContextRq(1, DicomUids.CTImageStorage, [TransferSyntax.JpegLossless.Uid, TransferSyntax.ExplicitVRLittleEndian.Uid]));
        rq.PresentationContexts.Add(new PresentationContextRq(3, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        var info = rq.UserInformation;
        info.MaximumLength = 65536;
        info.ImplementationClassUid = "1.2.3.4";
        info.ImplementationVersionName = "TEST_1";
        info.AsynchronousOperationsWindow = new AsynchronousOperationsWindow(5, 3);
        info.RoleSelections.Add(new ScpScuRoleSelection(DicomUids.CTImageStorage, ScuRole: false, ScpRole: true));
        info.ExtendedNegotiations.Add(new SopClassExtendedNegotiation(DicomUids.StudyRootQueryRetrieveInformationModelFind, new byte[] { 1, 1, 0 }));
        info.CommonExtendedNegotiations.Add(new SopClassCommonExtendedNegotiation(DicomUids.EnhancedCTImageStorage, "1.2.840.10008.4.2", [DicomUids.CTImageStorage]));
        info.UserIdentityRq = UserIdentityRq.FromJwt("header.payload.signature", positiveResponseRequested: true);
        info.OtherItems.Add((0x5F, new byte[] { 9, 9 }));

        var parsed = AAssociateRq.Parse(Body(rq.Write));

        Assert.Equal("SCU", parsed.CallingAeTitle);
        Assert.Equal("SCP", parsed.CalledAeTitle);
        Assert.Equal(rq.PresentationContexts, parsed.PresentationContexts, (a, b) => a.Id == b.Id && a.AbstractSyntax == b.AbstractSyntax && a.TransferSyntaxes.SequenceEqual(b.TransferSyntaxes));
        var p = parsed.UserInformation;
        Assert.Equal(65536u, p.MaximumLength);
        Assert.Equal("1.2.3.4", p.ImplementationClassUid);
        Assert.Equal("TEST_1", p.ImplementationVersionName);
        Assert.Equal(new AsynchronousOperationsWindow(5, 3), p.AsynchronousOperationsWindow);
        Assert.Equal(info.RoleSelections, p.RoleSelections);
        Assert.Equal([1, 1, 0], p.ExtendedNegotiations.Single().ServiceClassApplicationInformation.ToArray());
        Assert.Equal([DicomUids.CTImageStorage], p.CommonExtendedNegotiations.Single().RelatedGeneralSopClassUids);
        Assert.Equal(UserIdentityType.Jwt, p.UserIdentityRq!.Type);
        Assert.Equal("header.payload.signature", p.UserIdentityRq.PrimaryText);
        Assert.True(p.UserIdentityRq.PositiveResponseRequested);
        Assert.Equal((byte)0x5F, p.OtherItems.Single().Type);
    }

    [Fact]
    public void Username_and_passcode_identity_round_trips()
    {
        var rq = new AAssociateRq();
        rq.PresentationContexts.Add(new PresentationContextRq(1, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        rq.UserInformation.UserIdentityRq = UserIdentityRq.FromUsername("技師", "secret");
        var identity = AAssociateRq.Parse(Body(rq.Write)).UserInformation.UserIdentityRq!;
        Assert.Equal(UserIdentityType.UsernameAndPasscode, identity.Type);
        Assert.Equal("技師", identity.PrimaryText);
        Assert.Equal("secret", identity.SecondaryText);
    }

    [Fact]
    public void AAssociateAc_round_trips_results_and_answered_items()
    {
        var ac = new AAssociateAc { CallingAeTitle = "SCU", CalledAeTitle = "SCP" };
        ac.PresentationContexts.Add(new PresentationContextAc(1, PresentationContextResult.Acceptance, TransferSyntax.ExplicitVRLittleEndian.Uid));
        ac.PresentationContexts.Add(new PresentationContextAc(3, PresentationContextResult.AbstractSyntaxNotSupported, TransferSyntax.ImplicitVRLittleEndian.Uid));
        ac.UserInformation.UserIdentityAc = new UserIdentityAc(new byte[] { 7 });
        var parsed = AAssociateAc.Parse(Body(ac.Write));
        Assert.Equal(ac.PresentationContexts, parsed.PresentationContexts);
        Assert.Equal([7], parsed.UserInformation.UserIdentityAc!.ServerResponse.ToArray());
    }

    [Fact]
    public void An_item_longer_than_its_PDU_is_refused_with_its_offset()
    {
        var rq = new AAssociateRq();
        rq.PresentationContexts.Add(new PresentationContextRq(1, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        var body = Body(rq.Write);
        body[68 + 2] = 0xFF; // the application context item's length
        var ex = Assert.Throws<DicomPduException>(() => AAssociateRq.Parse(body));
        Assert.Equal(74, ex.Offset);
        Assert.Contains("declares", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_presentation_contexts_is_refused()
    {
        var rq = new AAssociateRq();
        Assert.Throws<DicomPduException>(() => AAssociateRq.Parse(Body(rq.Write)));
    }

    [Fact]
    public void Rejection_and_abort_parse_back()
    {
        var rj = new AAssociateRj(AAssociateRjResult.RejectedTransient, AAssociateRjSource.ServiceProviderPresentation, AAssociateRj.LocalLimitExceeded);
        Assert.Equal(rj, AAssociateRj.Parse(Body(rj.Write)));
        var abort = new AAbort(AAbortSource.ServiceProvider, AAbortReason.UnexpectedPdu);
        Assert.Equal(abort, AAbort.Parse(Body(abort.Write)));
    }

    internal static byte[] Whole(Action<PduWriter> write)
    {
        var writer = new PduWriter();
        write(writer);
        var bytes = writer.Written.ToArray();
        writer.Return();
        return bytes;
    }

    private static byte[] Body(Action<PduWriter> write) => Whole(write)[6..];
}
