using System.Security.Cryptography;
using Dokuei.Server.Storage;

namespace Dokuei.Server.Tests.Storage;

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dokuei-blobs-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(256 * 1024 - 1)]
    [InlineData(256 * 1024)]
    [InlineData(256 * 1024 + 1)]
    [InlineData((3 * 256 * 1024) + 7)]
    public async Task Staging_keeps_every_byte_and_hashes_it_whatever_the_reads_deliver(int length)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);
        var store = new FileBlobStore(_root);

        // A network stream hands over what has arrived: reads of odd, small sizes.
        var staged = await store.StageAsync(new TrickleStream(content), CancellationToken.None);

        Assert.Equal(length, staged.Length);
        Assert.Equal(content, await File.ReadAllBytesAsync(staged.TemporaryPath));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), staged.Sha256);
    }

    /// <summary>A read-only stream that returns at most 1,000 bytes per read, varying.</summary>
    private sealed class TrickleStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1 + (_position % 1000)), content.Length - _position);
            content.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
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
