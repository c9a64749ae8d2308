using Dokuei.Server.Data;

namespace Dokuei.Server.Tests.Data;

public sealed class SequentialGuidTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ids_of_one_millisecond_sort_in_the_order_they_were_made_as_guids_strings_and_bytes()
    {
        var generator = new SequentialGuid();
        var ids = Enumerable.Range(0, 10_000).Select(_ => generator.Next(Noon)).ToList();

        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(ids[i - 1].CompareTo(ids[i]) < 0, $"{ids[i - 1]} !< {ids[i]}");
            Assert.True(string.CompareOrdinal(ids[i - 1].ToString(), ids[i].ToString()) < 0);
            Assert.True(ids[i - 1].ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(ids[i].ToByteArray(bigEndian: true)) < 0);
        }

        Assert.All(ids, id => Assert.Equal((7, 0b10), (id.Version, id.Variant >> 2)));
        // Steps are random, not +1: the next id cannot be told from the last.
        Assert.Contains(ids.Zip(ids.Skip(1)), pair => pair.Second.ToByteArray(bigEndian: true)[15] != (byte)(pair.First.ToByteArray(bigEndian: true)[15] + 1));
    }

    [Fact]
    public void An_id_made_later_for_an_earlier_time_still_sorts_after()
    {
        var generator = new SequentialGuid();
        var later = generator.Next(Noon.AddMinutes(5));
        var earlier = generator.Next(Noon);

        Assert.True(later.CompareTo(earlier) < 0);
    }

    [Fact]
    public void A_new_millisecond_starts_from_its_own_timestamp()
    {
        var generator = new SequentialGuid();
        generator.Next(Noon);
        var at = Noon.AddMilliseconds(1);
        var id = generator.Next(at);

        var milliseconds = id.ToByteArray(bigEndian: true)[..6].Aggregate(0L, (value, b) => (value << 8) | b);
        Assert.Equal(at.ToUnixTimeMilliseconds(), milliseconds);
    }

    [Fact]
    public void Ids_made_on_many_threads_at_once_are_all_different()
    {
        var generator = new SequentialGuid();
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                ids.Add(generator.Next(Noon));
            }
        });

        Assert.Equal(40_000, ids.Distinct().Count());
    }

    [Fact]
    public void A_carry_out_of_the_random_bits_moves_the_timestamp_and_keeps_version_and_variant()
    {
        var bytes = Convert.FromHexString("0123456789AB7FFFBFFFFFFFFFFFFFFF");

        Assert.True(SequentialGuid.Increment(bytes, 1));

        Assert.Equal("0123456789AC70008000000000000000", Convert.ToHexString(bytes));
    }

    [Fact]
    public void A_step_carries_through_the_random_bytes_without_touching_the_timestamp()
    {
        var bytes = Convert.FromHexString("0123456789AB7123B2FFFFFFFFFFFFF0");

        Assert.False(SequentialGuid.Increment(bytes, 0x1_0000_0010));

        Assert.Equal("0123456789AB7123B300000100000000", Convert.ToHexString(bytes));
    }
}
