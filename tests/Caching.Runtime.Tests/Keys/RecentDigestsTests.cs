using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace Caching.Tests.Keys;

/// <summary>
/// The memo of recent key digests may save a hash, never change one: every digest it hands out is the SHA-256 of exactly
/// the bytes asked about, whatever the fingerprints, the budget or the concurrency.
/// </summary>
public class RecentDigestsTests
{
    [Fact]
    public void A_repeated_encoding_gets_its_sha256_from_the_memo()
    {
        var memo = new RecentDigests(16, 1024, 1 << 20);
        byte[] encoding = Encoding.UTF8.GetBytes("request one");

        byte[] first = Digest(memo, encoding);
        long held = memo.TotalBytes;
        byte[] second = Digest(memo, encoding);

        Assert.Equal(SHA256.HashData(encoding), first);
        Assert.Equal(first, second);
        Assert.Equal(encoding.Length + RecentDigests.DigestLength, held);
    }

    [Fact]
    public void Encodings_whose_fingerprints_collide_each_get_their_own_digest()
    {
        var memo = new RecentDigests(1, 1024, 1 << 20, fingerprint: _ => 42);
        byte[][] encodings = [.. Enumerable.Range(0, 20).Select(i => Encoding.UTF8.GetBytes($"same length {i % 10}"))];

        foreach (byte[] encoding in encodings.Concat(encodings).Concat(encodings.Reverse()))
        {
            Assert.Equal(SHA256.HashData(encoding), Digest(memo, encoding));
        }
    }

    [Fact]
    public void Nothing_larger_than_the_budget_is_held_and_digests_stay_right()
    {
        var memo = new RecentDigests(64, 100, 300);

        foreach (int length in new[] { 50, 150, 90, 90, 90, 90, 90 })
        {
            byte[] encoding = RandomNumberGenerator.GetBytes(length);
            Assert.Equal(SHA256.HashData(encoding), Digest(memo, encoding));
            Assert.True(memo.TotalBytes <= 300, $"{memo.TotalBytes} B held");
        }
    }

    [Fact]
    public void An_entry_that_was_read_survives_one_newcomer_for_its_slot()
    {
        var memo = new RecentDigests(1, 1024, 1 << 20);
        byte[] hot = Encoding.UTF8.GetBytes("hot request");
        byte[] cold = Encoding.UTF8.GetBytes("one-off request");
        Digest(memo, hot);
        Digest(memo, hot);
        long held = memo.TotalBytes;

        Digest(memo, cold);

        Assert.Equal(held, memo.TotalBytes);
        Digest(memo, cold);
        Assert.Equal(cold.Length + RecentDigests.DigestLength, memo.TotalBytes);
    }

    [Fact]
    public void Concurrent_callers_over_a_few_slots_always_get_the_right_digest()
    {
        var memo = new RecentDigests(4, 1024, 1 << 20);
        byte[][] encodings = [.. Enumerable.Range(0, 64).Select(i => Encoding.UTF8.GetBytes($"request {i} " + new string('x', i)))];
        byte[][] expected = [.. encodings.Select(SHA256.HashData)];

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int n = (i * 7) % encodings.Length;
            Assert.Equal(expected[n], Digest(memo, encodings[n]));
        });
    }

    [Fact]
    public void The_key_writer_gives_the_same_key_with_the_memo_warm_or_cold()
    {
        static string Key() => KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.WriteName("messages"u8);
            w.WriteString("a conversation long enough to matter " + new string('y', 3000));
        });

        byte[] bytes = KeyBytes.Bytes((ref CacheKeyWriter w) =>
        {
            w.WriteName("messages"u8);
            w.WriteString("a conversation long enough to matter " + new string('y', 3000));
        });

        string cold = Key();
        string warm = Key();

        Assert.Equal(cold, warm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), warm);
    }

    private static byte[] Digest(RecentDigests memo, byte[] encoding)
    {
        byte[] digest = new byte[RecentDigests.DigestLength];
        memo.Compute(encoding, digest);
        return digest;
    }
}
