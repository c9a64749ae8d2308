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

    [Fact]
    public async Task A_committed_blob_is_readable_under_its_key_and_pending_until_settled()
    {
        var store = new FileBlobStore(_root);
        var content = "instance"u8.ToArray();
        var staged = await store.StageAsync(new MemoryStream(content), CancellationToken.None);

        var commit = await store.CommitAsync([(staged, "1/ab/blob.dcm")], CancellationToken.None);

        Assert.False(File.Exists(staged.TemporaryPath));
        Assert.Equal(content, await ReadAsync(store, "1/ab/blob.dcm"));
        Assert.Equal("1/ab/blob.dcm", Assert.Single(store.Pending()).Key);
        await store.SettleAsync(commit);
        Assert.Empty(store.Pending());
        Assert.Equal(content, await ReadAsync(store, "1/ab/blob.dcm"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, ".tmp")));
    }

    [Fact]
    public async Task The_same_key_committed_twice_in_one_batch_keeps_one_blob()
    {
        var store = new FileBlobStore(_root);
        var first = await store.StageAsync(new MemoryStream("same"u8.ToArray()), CancellationToken.None);
        var second = await store.StageAsync(new MemoryStream("same"u8.ToArray()), CancellationToken.None);

        await store.SettleAsync(await store.CommitAsync([(first, "1/cd/same.dcm"), (second, "1/cd/same.dcm")], CancellationToken.None));

        Assert.Equal([Path.Combine(_root, "1", "cd", "same.dcm")], Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Recovery_keeps_an_indexed_pending_blob_under_its_key_and_removes_an_unindexed_one()
    {
        var store = new FileBlobStore(_root);
        var kept = await store.StageAsync(new MemoryStream("kept"u8.ToArray()), CancellationToken.None);
        var dropped = await store.StageAsync(new MemoryStream("dropped"u8.ToArray()), CancellationToken.None);
        // Keys with characters a file name must carry escaped (attachments have no extension; facilities are numbers).
        await store.CommitAsync([(kept, "attachments/7/ef/kept"), (dropped, "7/01/dropped.dcm")], CancellationToken.None);
        File.Delete(Path.Combine(_root, "attachments", "7", "ef", "kept")); // the link never reached the disk

        var pending = store.Pending().OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(["7/01/dropped.dcm", "attachments/7/ef/kept"], pending.Select(p => p.Key));
        store.Recover(pending[0], indexed: false);
        store.Recover(pending[1], indexed: true);

        Assert.Empty(store.Pending());
        Assert.Equal("kept"u8.ToArray(), await ReadAsync(store, "attachments/7/ef/kept"));
        Assert.False(File.Exists(Path.Combine(_root, "7", "01", "dropped.dcm")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, ".tmp")));
    }

    private static async Task<byte[]> ReadAsync(FileBlobStore store, string key)
    {
        await using var stream = store.OpenRead(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
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
