using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// Alice's side of Cascade: answers Bob's parity queries about her key and counts every parity disclosed.
/// </summary>
/// <remarks>
/// At construction it snapshots, for each pass, the prefix parities P[i] = parity of the first i bits in the pass's
/// order (i = 0..n), so any range parity is P[start] ⊕ P[start + length] in O(1). The prefixes determine the key, so
/// they are zeroed on <see cref="Dispose"/>. <see cref="Answer"/> may be called from several threads at once.
/// </remarks>
public sealed class CascadeParityResponder : IDisposable
{
    private readonly CascadeSchedule _schedule;
    private readonly ulong[][] _prefixParities;
    private long _disclosedParities;
    private bool _disposed;

    /// <summary>Prepares answers for <paramref name="aliceKey"/>, whose length must equal the schedule's.</summary>
    public CascadeParityResponder(BitVector aliceKey, CascadeSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(aliceKey);
        ArgumentNullException.ThrowIfNull(schedule);
        if (aliceKey.Length != schedule.Length)
        {
            throw new ArgumentException(
                $"The key has {aliceKey.Length} bits but the schedule was built for {schedule.Length}.", nameof(aliceKey));
        }

        _schedule = schedule;
        int n = schedule.Length;
        _prefixParities = new ulong[schedule.PassCount][];
        for (int pass = 0; pass < schedule.PassCount; pass++)
        {
            ReadOnlySpan<int> permutation = schedule.Permutation(pass);
            var prefix = new ulong[BitVector.WordCount(n + 1)];
            int running = 0;
            for (int i = 0; i < n; i++)
            {
                running ^= aliceKey.Get(permutation[i]);
                prefix[(i + 1) >> 6] |= (ulong)running << ((i + 1) & 63);
            }

            _prefixParities[pass] = prefix;
        }
    }

    /// <summary>Total number of parities answered so far: the leakage Alice accounts for.</summary>
    public long DisclosedParities => Interlocked.Read(ref _disclosedParities);

    /// <summary>
    /// Writes the parity of query i to bit i of <paramref name="parities"/> (packed LSB-first; needs
    /// <c>BitVector.WordCount(queries.Length)</c> words; the rest of the last word is zeroed).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A query is out of range. Queries arrive from the network, so the whole batch is checked before any parity is
    /// disclosed, and a bad batch discloses nothing.
    /// </exception>
    public void Answer(ReadOnlySpan<ParityQuery> queries, Span<ulong> parities)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int words = BitVector.WordCount(queries.Length);
        if (parities.Length < words)
        {
            throw new ArgumentException(
                $"{queries.Length} parities need {words} words but the destination holds {parities.Length}.", nameof(parities));
        }

        for (int i = 0; i < queries.Length; i++)
        {
            Validate(queries[i], i);
        }

        parities[..words].Clear();
        for (int i = 0; i < queries.Length; i++)
        {
            ParityQuery query = queries[i];
            ulong[] prefix = _prefixParities[query.Pass];
            int end = query.Start + query.Length;
            ulong parity = ((prefix[query.Start >> 6] >> (query.Start & 63)) ^ (prefix[end >> 6] >> (end & 63))) & 1;
            parities[i >> 6] |= parity << (i & 63);
        }

        Interlocked.Add(ref _disclosedParities, queries.Length);
    }

    /// <summary>Zeroes the key-derived prefix parities.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (ulong[] prefix in _prefixParities)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(prefix.AsSpan()));
        }
    }

    private void Validate(ParityQuery query, int index)
    {
        if ((uint)query.Pass >= (uint)_schedule.PassCount)
        {
            throw new InvalidDataException(
                $"Parity query {index} names pass {query.Pass}; the schedule has passes 0 to {_schedule.PassCount - 1}.");
        }

        if (query.Start < 0)
        {
            throw new InvalidDataException($"Parity query {index} starts at negative index {query.Start}.");
        }

        if (query.Length < 1)
        {
            throw new InvalidDataException($"Parity query {index} has length {query.Length}; the minimum is 1.");
        }

        if ((long)query.Start + query.Length > _schedule.Length)
        {
            throw new InvalidDataException(
                $"Parity query {index} covers [{query.Start}, {(long)query.Start + query.Length}), beyond the key length {_schedule.Length}.");
        }
    }
}
