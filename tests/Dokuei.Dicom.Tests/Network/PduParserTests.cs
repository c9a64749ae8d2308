using System.Buffers;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Tests.Network;

public class PduParserTests
{
    [Fact]
    public void P_data_fed_one_byte_at_a_time_yields_the_same_fragments()
    {
        var bytes = new List<byte>();
        bytes.AddRange(PData((1, 0x01 | 0x02, [1, 2, 3, 4]), (3, 0x00, [5, 6])));
        bytes.AddRange(PData((3, 0x02, [7, 8, 9, 10])));
        var fragments = new List<(byte Context, byte Control, List<byte> Data)>();
        var state = default(PduParserState);
        var pending = new List<byte>();
        foreach (var b in bytes)
        {
            pending.Add(b);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            while (PduParser.TryRead(ref buffer, ref state, 0, out var token))
            {
                switch (token.Kind)
                {
                    case PduTokenKind.PdvStart:
                        fragments.Add((token.PresentationContextId, token.MessageControlHeader, []));
                        break;
                    case PduTokenKind.PdvData:
                        fragments[^1].Data.AddRange(token.Data.ToArray());
                        break;
                }
            }

            pending = [.. buffer.ToArray()];
        }

        Assert.Equal(3, fragments.Count);
        Assert.Equal([1, 2, 3, 4], fragments[0].Data);
        Assert.Equal((byte)3, fragments[1].Context);
        Assert.Equal([5, 6], fragments[1].Data);
        Assert.Equal((byte)0x02, fragments[2].Control);
        Assert.Equal([7, 8, 9, 10], fragments[2].Data);
        Assert.True(state.AtPduBoundary);
    }

    [Fact]
    public void Unknown_PDU_type_is_unrecognized()
    {
        var ex = Assert.Throws<DicomPduException>(() => ReadAll([0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
        Assert.Equal(AAbortReason.UnrecognizedPdu, ex.Reason);
    }

    [Fact]
    public void A_PDV_longer_than_its_P_data_is_refused()
    {
        var bytes = PData((1, 0x03, [1, 2, 3, 4]));
        bytes[9] = 0x40; // PDV length 64 in a PDU of 10
        Assert.Throws<DicomPduException>(() => ReadAll(bytes));
    }

    [Fact]
    public void An_association_PDU_beyond_the_limit_is_refused_before_it_is_buffered()
    {
        Assert.Throws<DicomPduException>(() => ReadAll([0x01, 0, 0x7F, 0xFF, 0xFF, 0xFF]));
    }

    [Fact]
    public void A_P_data_larger_than_announced_is_refused()
    {
        var bytes = PData((1, 0x03, new byte[100]));
        var buffer = new ReadOnlySequence<byte>(bytes);
        var state = default(PduParserState);
        Assert.Throws<DicomPduException>(() => PduParser.TryRead(ref buffer, ref state, 50, out _));
    }

    [Fact]
    public void Release_PDUs_must_be_four_bytes_long()
    {
        Assert.Throws<DicomPduException>(() => ReadAll([0x05, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0]));
    }

    private static void ReadAll(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var state = default(PduParserState);
        while (PduParser.TryRead(ref buffer, ref state, 0, out _))
        {
        }
    }

    private static byte[] PData(params (byte Context, byte Control, byte[] Data)[] pdvs)
    {
        var writer = new PduWriter();
        writer.Byte(4);
        writer.Byte(0);
        var start = writer.BeginUInt32Length();
        foreach (var (context, control, data) in pdvs)
        {
            writer.UInt32((uint)data.Length + 2);
            writer.Byte(context);
            writer.Byte(control);
            writer.Bytes(data);
        }

        writer.EndUInt32Length(start);
        var bytes = writer.Written.ToArray();
        writer.Return();
        return bytes;
    }
}
