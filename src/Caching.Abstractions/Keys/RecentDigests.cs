using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Threading;

namespace Caching;

/// <summary>
/// The SHA-256 of key encodings seen recently, so that a request repeated within this process (every cache hit is one)
/// is keyed by a fingerprint and a byte comparison instead of a hash of its whole text. SHA-256 is most of what a key
/// costs, and it grows with the conversation; a fingerprint and a comparison cost a fraction of it (BENCHMARKS.md,
/// section 1).
/// </summary>
/// <remarks>
/// A digest is only ever returned for an encoding equal byte for byte to the one it was computed from; the fingerprint
/// merely finds the candidate, so a fingerprint collision costs a hash, never a wrong key. The table is direct-mapped and
/// bounded in bytes; reads take no lock and allocate nothing. A slot's entry that has been read since it was stored gets
/// a second chance before a new encoding replaces it, so one-off requests do not push out the ones that repeat.
/// </remarks>
internal sealed class RecentDigests
{
    public const int DigestLength = 32;

    private readonly Entry?[] _slots;
    private readonly int _maxEncodingBytes;
    private readonly long _maxTotalBytes;
    private readonly Func<ReadOnlySpan<byte>, ulong> _fingerprint;
    private long _totalBytes;

    public RecentDigests(int slots, int maxEncodingBytes, long maxTotalBytes, Func<ReadOnlySpan<byte>, ulong>? fingerprint = null)
    {
        if (slots <= 0 || !BitOperations.IsPow2(slots))
        {
            throw new ArgumentOutOfRangeException(nameof(slots), "The number of slots must be a power of two.");
        }

        _slots = new Entry?[slots];
        _maxEncodingBytes = maxEncodingBytes;
        _maxTotalBytes = maxTotalBytes;
        _fingerprint = fingerprint ?? Fingerprint;
    }

    /// <summary>1,024 slots, encodings up to 32 KB, at most 8 MB held in all.</summary>
    public static RecentDigests Shared { get; } = new(1024, 32 * 1024, 8L * 1024 * 1024);

    /// <summary>The bytes the table holds (encodings and digests).</summary>
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    /// <summary>Writes the SHA-256 of <paramref name="encoding"/> into <paramref name="digest"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> encoding, Span<byte> digest)
    {
        if (encoding.Length > _maxEncodingBytes)
        {
            SHA256.HashData(encoding, digest);
            return;
        }

        ulong fingerprint = _fingerprint(encoding);
        ref Entry? slot = ref _slots[(int)fingerprint & (_slots.Length - 1)];
        Entry? entry = Volatile.Read(ref slot);
        if (entry is not null && entry.Fingerprint == fingerprint && encoding.SequenceEqual(entry.Encoding))
        {
            if (!entry.Read)
            {
                entry.Read = true;
            }

            entry.Digest.CopyTo(digest);
            return;
        }

        SHA256.HashData(encoding, digest);
        Remember(ref slot, entry, fingerprint, encoding, digest);
    }

    private void Remember(ref Entry? slot, Entry? current, ulong fingerprint, ReadOnlySpan<byte> encoding, ReadOnlySpan<byte> digest)
    {
        if (current is { Read: true })
        {
            current.Read = false;
            return;
        }

        long size = encoding.Length + DigestLength;
        long released = current is null ? 0 : current.Encoding.Length + DigestLength;
        if (TotalBytes - released + size > _maxTotalBytes)
        {
            return;
        }

        var fresh = new Entry(fingerprint, encoding.ToArray(), digest.ToArray());
        Entry? replaced = Interlocked.CompareExchange(ref slot, fresh, current);
        if (ReferenceEquals(replaced, current))
        {
            Interlocked.Add(ref _totalBytes, size - released);
        }
    }

    /// <summary>
    /// A 64-bit fingerprint of every byte: four interleaved CRC-32C lanes (one instruction per 8 bytes on x64 and Arm),
    /// enough to spread encodings over the slots; equality is decided by comparing the bytes.
    /// </summary>
    private static ulong Fingerprint(ReadOnlySpan<byte> data)
    {
        uint a = 0, b = 0x9E3779B9, c = 0x85EBCA6B, d = 0xC2B2AE35;
        int i = 0;
        for (; i + 32 <= data.Length; i += 32)
        {
            a = BitOperations.Crc32C(a, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
            b = BitOperations.Crc32C(b, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 8)..]));
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 16)..]));
            d = BitOperations.Crc32C(d, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 24)..]));
        }

        for (; i < data.Length; i++)
        {
            a = BitOperations.Crc32C(a, data[i]);
        }

        return ((ulong)(a ^ BitOperations.RotateLeft(c, 13)) << 32 | (b ^ BitOperations.RotateLeft(d, 7))) ^ (ulong)data.Length;
    }

    private sealed class Entry(ulong fingerprint, byte[] encoding, byte[] digest)
    {
        public ulong Fingerprint { get; } = fingerprint;

        public byte[] Encoding { get; } = encoding;

        public byte[] Digest { get; } = digest;

        /// <summary>Set by a read, cleared by a new encoding that wanted the slot: a benign race either way.</summary>
        public bool Read { get; set; }
    }
}
