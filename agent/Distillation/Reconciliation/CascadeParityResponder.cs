using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// Alice's side of Cascade: answers Bob's parity queries about her key and counts every parity disclosed.
/// </summary>
/// <remarks>
/// At construction it writes her key once in each pass's order (<see cref="CascadeSchedule.WriteInPassOrder"/>), so a
/// query is the parity of a range of packed words. The copies are the key, so they are zeroed on
/// <see cref="Dispose"/>. <see cref="Answer"/> may be called from several threads at once.
/// </remarks>
public sealed class CascadeParityResponder : IDisposable
{
    private readonly CascadeSchedule _schedule;
    private readonly ulong[][] _ordered;
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
        int words = BitVector.WordCount(schedule.Length);
        _ordered = new ulong[schedule.PassCount][];
        for (int pass = 0; pass < schedule.PassCount; pass++)
        {
            _ordered[pass] = ArrayPool<ulong>.Shared.Rent(Math.Max(words, 1));
            schedule.WriteInPassOrder(pass, aliceKey.Words, _ordered[pass]);
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
            ulong parity = (ulong)BitVector.RangeParity(_ordered[query.Pass], query.Start, query.Length);
            parities[i >> 6] |= parity << (i & 63);
        }

        Interlocked.Add(ref _disclosedParities, queries.Length);
    }

    /// <summary>Zeroes the copies of the key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (ulong[] ordered in _ordered)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(ordered.AsSpan()));
            ArrayPool<ulong>.Shared.Return(ordered);
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
