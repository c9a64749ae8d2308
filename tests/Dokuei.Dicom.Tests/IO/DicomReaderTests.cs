using System.Buffers;
using System.Buffers.Binary;
using Dokuei.Dicom.IO;
using Dokuei.Dicom.Tests.TestSupport;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>The tokenizer on its own: resuming, stopping, chunking, byte order.</summary>
public class DicomReaderTests
{
    public static TheoryData<string> Encodings() =>
        [TransferSyntax.ImplicitVRLittleEndian.Uid, TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ExplicitVRBigEndian.Uid];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Feeding_one_byte_at_a_time_gives_the_same_tokens_as_feeding_it_whole(string uid)
    {
        var syntax = TransferSyntax.Lookup(uid);
        var data = DicomFiles.WriteDataset(SyntheticDatasets.AllVRs(SyntheticPixels.Encapsulated), syntax);
        var options = new DicomReaderOptions { MaxBufferedValueLength = 24 };

        var whole = Tokenize(data, syntax, options, step: data.Length);
        var byteByByte = Tokenize(data, syntax, options, step: 1);

        Assert.Contains(whole, t => t.StartsWith("ValueStart", StringComparison.Ordinal));
        Assert.Contains(whole, t => t.StartsWith("FragmentsStart", StringComparison.Ordinal));
        Assert.Equal(whole, byteByByte);
    }

    [Fact]
    public void Resumed_state_is_positioned_after_the_consumed_bytes()
    {
        var data = DicomFiles.WriteDataset(SyntheticDatasets.Small(), TransferSyntax.ExplicitVRLittleEndian);
        var reader = new DicomReader(new ReadOnlySequence<byte>(data), true, new DicomReaderState(true, false, position: 1000));
        Assert.True(reader.Read());

        Assert.Equal(1000 + reader.BytesConsumed, reader.CurrentState.Position);
    }

    [Fact]
    public void StopAtTag_stops_before_the_pixel_data()
    {
        var dataset = SyntheticDatasets.Small();
        var data = DicomFiles.WriteDataset(dataset, TransferSyntax.ExplicitVRLittleEndian);
        var pixelOffset = data.Length - 12 - 32;
        var reader = new DicomReader(new ReadOnlySequence<byte>(data), true, new DicomReaderState(true, false, options: new DicomReaderOptions { StopAtTag = DicomTag.PixelData }));

        var last = DicomTokenType.None;
        while (reader.Read())
        {
            last = reader.TokenType;
            if (last == DicomTokenType.Stopped)
            {
                break;
            }

            Assert.NotEqual(DicomTag.PixelData, reader.Tag);
        }

        Assert.Equal(DicomTokenType.Stopped, last);
        Assert.Equal(DicomTag.PixelData, reader.Tag);
        Assert.Equal(pixelOffset, reader.TokenOffset);
        Assert.Equal(pixelOffset, reader.BytesConsumed);

        var file = DicomFiles.Read(DicomFiles.Write(new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian)), new DicomReaderOptions { StopAtTag = DicomTag.PixelData });
        Assert.True(file.IsPartial);
        Assert.False(file.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal("Roe^Jane", file.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Values_above_MaxBufferedValueLength_come_in_chunks()
    {
        var data = DicomFiles.WriteDataset(SyntheticDatasets.Small(pixelBytes: 1000), TransferSyntax.ExplicitVRLittleEndian);
        var reader = new DicomReader(new ReadOnlySequence<byte>(data), true, new DicomReaderState(true, false, options: new DicomReaderOptions { MaxBufferedValueLength = 100 }));
        var types = new List<DicomTokenType>();
        var value = new List<byte>();
        while (reader.Read())
        {
            if (reader.Tag == DicomTag.PixelData)
            {
                types.Add(reader.TokenType);
                if (reader.TokenType == DicomTokenType.ValueStart)
                {
                    Assert.Equal(1000, reader.Length);
                }

                value.AddRange(reader.ValueSequence.ToArray());
            }
        }

        Assert.Equal([DicomTokenType.ValueStart, DicomTokenType.ValueChunk, DicomTokenType.ValueEnd], types);
        Assert.Equal(SyntheticDatasets.Numbers(2, 500), value.ToArray());
    }

    [Fact]
    public async Task Chunked_value_read_in_pieces_is_delivered_whole()
    {
        var dataset = SyntheticDatasets.Small(pixelBytes: 1000);
        var bytes = DicomFiles.Write(new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian));

        var file = await DicomFileReader.ReadAsync(new TrickleStream(bytes, 7), new DicomReaderOptions { MaxBufferedValueLength = 64 });

        DatasetAssert.Equal(dataset, file.Dataset, compareVR: true);
    }

    [Fact]
    public void Bug_fragment_larger_than_MaxBufferedValueLength_stays_a_fragment()
    {
        // ValueEnd tokens lost IsFragment, so a chunked fragment was added to the dataset as an element (InvalidOperationException).
        var dataset = SyntheticDatasets.AllVRs(SyntheticPixels.Encapsulated);
        var bytes = DicomFiles.Write(SyntheticDatasets.File(dataset, TransferSyntax.JpegBaseline8Bit));

        var file = DicomFiles.Read(bytes, new DicomReaderOptions { MaxBufferedValueLength = 4 });

        DatasetAssert.Equal(dataset, file.Dataset, compareVR: true);
        Assert.Equal(bytes, DicomFiles.Write(file));
    }

    [Fact]
    public void Bug_odd_length_big_endian_value_left_in_the_file_reads_back()
    {
        // Reading an odd-length value with a 2-byte swap unit from the file recursed until the stack overflowed.
        var be = DicomBytes.ExplicitBig;
        var data = DicomBytes.Concat(be.UInt16(0x00280010, 4), be.Element(0x7FE00010, "OW", [1, 2, 3, 4, 5]));
        using var temp = DicomFiles.WriteTemp(DicomBytes.Part10(TransferSyntax.ExplicitVRBigEndian, data));

        var file = DicomFile.Open(temp.Path, new DicomReaderOptions { LeaveInFileThreshold = 4 });

        var pixels = Assert.IsType<DicomValueElement>(file.Dataset[DicomTag.PixelData]);
        Assert.False(pixels.Buffer.IsInMemory);
        Assert.Equal(new byte[] { 2, 1, 4, 3, 5 }, pixels.Buffer.Memory.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Large_value_is_left_in_the_file_and_reads_back(bool bigEndian)
    {
        var syntax = bigEndian ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian;
        var dataset = SyntheticDatasets.Small(pixelBytes: 200_000);
        var bytes = DicomFiles.Write(new DicomFile(dataset, syntax));
        using var temp = DicomFiles.WriteTemp(bytes);

        var file = DicomFile.Open(temp.Path);

        var pixels = Assert.IsType<DicomValueElement>(file.Dataset[DicomTag.PixelData]);
        Assert.False(pixels.Buffer.IsInMemory);
        Assert.Equal(SyntheticDatasets.Numbers(2, 100_000), pixels.Buffer.Memory.ToArray());
        var part = new byte[10];
        Assert.Equal(10, pixels.Buffer.Read(1001, part));
        Assert.Equal(SyntheticDatasets.Numbers(2, 100_000).AsSpan(1001, 10).ToArray(), part);
        Assert.Equal(bytes, DicomFiles.Write(file));
    }

    [Fact]
    public void Big_endian_values_are_swapped_to_little_endian()
    {
        var be = DicomBytes.ExplicitBig;
        var data = DicomBytes.Concat(
            be.UInt16(0x00280010, 0x1234),
            be.Element(0x00280106, "SS", [0xFF, 0xFE]),
            be.Element(0x00186020, "SL", [0x00, 0x01, 0x02, 0x03]),
            be.Element(0x00081163, "FD", BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(BitConverter.DoubleToInt64Bits(2.5)))),
            be.Element(0x00280009, "AT", [0x00, 0x18, 0x10, 0x63]),
            be.Element(0x7FE00010, "OW", [0x01, 0x02, 0x03, 0x04]));

        var file = DicomFiles.Read(DicomBytes.Part10(TransferSyntax.ExplicitVRBigEndian, data));

        Assert.True(file.Dataset.TryGetUInt16(DicomTag.Rows, out var rows) && rows == 0x1234);
        Assert.True(file.Dataset.TryGetInt32(DicomTag.SmallestImagePixelValue, out var ss) && ss == -2);
        Assert.True(file.Dataset.TryGetInt32(DicomTag.ReferencePixelX0, out var sl) && sl == 0x00010203);
        Assert.True(file.Dataset.TryGetDouble(DicomTag.TimeRange, out var fd) && fd == 2.5);
        Assert.Equal("00181063", file.Dataset.GetString(DicomTag.FrameIncrementPointer));
        Assert.Equal(new byte[] { 0x02, 0x01, 0x04, 0x03 }, ((DicomValueElement)file.Dataset[DicomTag.PixelData]!).Span.ToArray());
    }

    /// <summary>Reads the data through the reader, <paramref name="step"/> new bytes at a time, and lists the tokens (chunks merged).</summary>
    private static List<string> Tokenize(byte[] data, TransferSyntax syntax, DicomReaderOptions options, int step)
    {
        var tokens = new List<string>();
        var state = new DicomReaderState(syntax.IsExplicitVR, syntax.IsBigEndian, 0, options);
        var start = 0;
        var end = 0;
        var chunk = new List<byte>();
        while (true)
        {
            end = Math.Min(data.Length, end + step);
            var final = end == data.Length;
            var reader = new DicomReader(new ReadOnlySequence<byte>(data.AsMemory(start, end - start)), final, state);
            while (reader.Read())
            {
                if (reader.TokenType == DicomTokenType.ValueChunk)
                {
                    chunk.AddRange(reader.ValueSequence.ToArray());
                    continue;
                }

                if (reader.TokenType == DicomTokenType.ValueEnd)
                {
                    tokens.Add($"chunks {Convert.ToHexString(chunk.ToArray())}");
                    chunk.Clear();
                }

                // VR and length mean something for element tokens only.
                var vr = reader.TokenType is DicomTokenType.Value or DicomTokenType.ValueStart or DicomTokenType.SequenceStart or DicomTokenType.FragmentsStart ? reader.VR.ToString() : "";
                tokens.Add($"{reader.TokenType} {reader.Tag} {vr} {reader.Length} @{reader.TokenOffset} d{reader.Depth} {reader.AttributePath} {Convert.ToHexString(reader.ValueSequence.ToArray())}");
            }

            start += (int)reader.BytesConsumed;
            state = reader.CurrentState;
            Assert.Equal(start, state.Position);
            if (final)
            {
                Assert.Equal(data.Length, start);
                return tokens;
            }
        }
    }

    /// <summary>A stream that returns at most a few bytes per read, like a slow socket.</summary>
    private sealed class TrickleStream(byte[] data, int most) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, most), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
