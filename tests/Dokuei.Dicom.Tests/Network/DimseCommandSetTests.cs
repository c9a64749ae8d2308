using System.Buffers;
using System.Buffers.Binary;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Tests.Network;

public class DimseCommandSetTests
{
    [Fact]
    public void A_C_STORE_request_round_trips_with_a_correct_group_length()
    {
        var rq = new CStoreRq(DicomUids.CTImageStorage, "1.2.3.4.5") { MessageId = 7, MoveOriginatorAeTitle = "MOVER", MoveOriginatorMessageId = 3 };
        var bytes = rq.Command.Encode();
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal((uint)(bytes.Length - 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        var parsed = Assert.IsType<CStoreRq>(DimseMessage.FromCommand(DimseCommandSet.Decode(new ReadOnlySequence<byte>(bytes))));
        Assert.Equal((ushort)7, parsed.MessageId);
        Assert.Equal(DicomUids.CTImageStorage, parsed.AffectedSopClassUid);
        Assert.Equal("1.2.3.4.5", parsed.AffectedSopInstanceUid);
        Assert.Equal("MOVER", parsed.MoveOriginatorAeTitle);
        Assert.Equal((ushort)3, parsed.MoveOriginatorMessageId);
        Assert.True(parsed.HasDataset);
    }

    [Fact]
    public void Retrieve_response_counts_round_trip_and_final_responses_omit_remaining()
    {
        var rq = new CMoveRq(DicomUids.StudyRootQueryRetrieveInformationModelMove, "DEST") { MessageId = 9 };
        var rsp = new CMoveRsp(rq, DimseStatus.SubOperationsWarning) { Completed = 3, Failed = 1, Warning = 0 };
        var parsed = Assert.IsType<CMoveRsp>(DimseMessage.FromCommand(DimseCommandSet.Decode(new ReadOnlySequence<byte>(rsp.Command.Encode()))));
        Assert.Equal((ushort)9, parsed.MessageIdBeingRespondedTo);
        Assert.Null(parsed.Remaining);
        Assert.Equal((ushort)3, parsed.Completed);
        Assert.Equal((ushort)1, parsed.Failed);
        Assert.Equal(DimseStatusKind.Warning, parsed.Status.Kind);
        Assert.False(parsed.HasDataset);
    }

    [Fact]
    public void Elements_outside_group_0000_are_refused()
    {
        var bytes = new byte[] { 0x08, 0x00, 0x16, 0x00, 2, 0, 0, 0, (byte)'1', 0 };
        Assert.Throws<DimseException>(() => DimseCommandSet.Decode(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void A_length_past_the_end_is_refused()
    {
        var bytes = new byte[] { 0x00, 0x00, 0x00, 0x01, 0xFF, 0, 0, 0, 1, 0 };
        Assert.Throws<DimseException>(() => DimseCommandSet.Decode(new ReadOnlySequence<byte>(bytes)));
    }

    [Theory]
    [InlineData(0x0000, DimseStatusKind.Success)]
    [InlineData(0xFF00, DimseStatusKind.Pending)]
    [InlineData(0xFF01, DimseStatusKind.Pending)]
    [InlineData(0xFE00, DimseStatusKind.Cancel)]
    [InlineData(0xB007, DimseStatusKind.Warning)]
    [InlineData(0x0107, DimseStatusKind.Warning)]
    [InlineData(0xA700, DimseStatusKind.Failure)]
    [InlineData(0xC123, DimseStatusKind.Failure)]
    [InlineData(0x0122, DimseStatusKind.Failure)]
    public void Status_codes_have_their_PS3_7_kind(int code, DimseStatusKind kind) => Assert.Equal(kind, new DimseStatus((ushort)code).Kind);
}
