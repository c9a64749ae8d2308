namespace Dokuei.Dicom.Tests.Data;

public class DicomUidGeneratorTests
{
    [Theory]
    // The example of PS3.5 section B.2.
    [InlineData("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "2.25.329800735698586629295641978511506172918")]
    [InlineData("00000000-0000-0000-0000-000000000001", "2.25.1")]
    [InlineData("00000000-0000-0000-0000-000000000000", "2.25.0")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", "2.25.340282366920938463463374607431768211455")]
    public void FromGuid_reads_the_uuid_as_one_unsigned_128_bit_decimal(string uuid, string expected) =>
        Assert.Equal(expected, DicomUidGenerator.FromGuid(Guid.Parse(uuid)));

    [Fact]
    public void Generated_uuid_uids_are_unique_valid_and_short_enough()
    {
        var generator = new DicomUidGenerator();
        var uids = Enumerable.Range(0, 2000).Select(_ => generator.Generate()).ToList();
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(uids, uid =>
        {
            Assert.StartsWith("2.25.", uid, StringComparison.Ordinal);
            Assert.True(DicomUidValidator.IsValid(uid, out var reason), reason);
            Assert.True(uid.Length <= 64);
        });
    }

    [Theory]
    [InlineData("1.2.826.0.1.3680043.10.999")]
    [InlineData("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.1")]
    public void Generated_uids_under_a_root_stay_under_it_within_64_characters(string root)
    {
        var generator = new DicomUidGenerator(root);
        var uids = Enumerable.Range(0, 500).Select(_ => generator.Generate()).ToList();
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(uids, uid =>
        {
            Assert.StartsWith(root + ".", uid, StringComparison.Ordinal);
            Assert.True(uid.Length <= 64, uid);
            Assert.True(DicomUidValidator.IsValid(uid, out var reason), reason);
        });
    }

    [Theory]
    [InlineData("1.2.03")]
    [InlineData("1.2.3.")]
    [InlineData("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20")]
    public void Rejects_an_invalid_or_too_long_root(string root) => Assert.Throws<ArgumentException>(() => new DicomUidGenerator(root));

    [Fact]
    public void Derived_uids_depend_only_on_the_original_and_the_key()
    {
        var key = "a synthetic test key, 32 bytes!!"u8.ToArray();
        var otherKey = "another synthetic key of 32 byte"u8.ToArray();
        var generator = new DicomUidGenerator();
        var first = generator.Derive("1.2.3.4", key);

        Assert.Equal(first, new DicomUidGenerator().Derive("1.2.3.4", key));
        Assert.NotEqual(first, generator.Derive("1.2.3.5", key));
        Assert.NotEqual(first, generator.Derive("1.2.3.4", otherKey));
        Assert.True(DicomUidValidator.IsValid(first));
        Assert.StartsWith("2.25.", first, StringComparison.Ordinal);

        var rooted = new DicomUidGenerator("1.2.826.0.1.3680043.10.999").Derive("1.2.3.4", key);
        Assert.StartsWith("1.2.826.0.1.3680043.10.999.", rooted, StringComparison.Ordinal);
        Assert.True(DicomUidValidator.IsValid(rooted));
    }

    [Fact]
    public void Derive_refuses_a_short_key() =>
        Assert.Throws<ArgumentException>(() => new DicomUidGenerator().Derive("1.2.3", [1, 2, 3]));
}
