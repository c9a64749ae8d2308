using Dokuei.Dicom.Tests.TestSupport;

namespace Dokuei.Dicom.Tests.IO;

/// <summary>
/// Found by the long fuzz run in bench/: a few hundred bytes declaring a value of 1-2 GiB made the builder allocate the whole
/// declared length up front (and 0x7FFFFFFF / 0x80000000 gave OutOfMemoryException / OverflowException).
/// </summary>
public class Bug_declared_length_alone_allocated_the_whole_value
{
    [Theory]
    [InlineData(0x40000000u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0x80000000u)]
    [InlineData(0xFFFFFFF0u)]
    public void A_huge_declared_length_in_a_short_stream_fails_cleanly_without_allocating_it(uint length)
    {
        var e = DicomBytes.ExplicitLittle;
        var body = DicomBytes.Concat(e.Element(0x00080060, "CS", "OT"), e.Header(0x00091010, "OB", length), new byte[600]);
        var bytes = DicomBytes.Part10(TransferSyntax.ExplicitVRLittleEndian, body);
        // This thread's count: the read is synchronous, and the tests running in parallel do not add to it.
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<DicomParseException>(() => DicomFiles.Read(bytes));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16L << 20, $"allocated {allocated} bytes for a {bytes.Length}-byte input");
        Assert.Equal("/(0009,1010)", ex.AttributePath);
    }
}
