using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// Alice's side of Cascade: answers Bob's parity queries about her key and counts every parity disclosed.
/// </summary>
/// <remarks>
/// At construction it writes her key in the order of each pass with fixed-size blocks
/// (<see cref="CascadeSchedule.WriteInPassOrder"/>), so a query is the parity of a range of packed words; a halves pass
/// answers whole blocks from the key and is written out only when Bob first bisects in it (rarely). The copies are
/// the key, so they are zeroed on <see cref="Dispose"/>. <see cref="Answer"/> may be called from several threads at
/// once.
/// </remarks>
public sealed class CascadeParityResponder : IDisposable
{
    private readonly CascadeSchedule _schedule;
    private readonly BitVector _key;
    private readonly ulong[]?[] _ordered;
    private readonly Lock _writing = new();
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
        _key = aliceKey;
        _ordered = new ulong[]?[schedule.PassCount];
        for (int pass = 0; pass < schedule.PassCount; pass++)
        {
            if (schedule.Kind(pass) != CascadePassKind.Halves)
            {
                _ordered[pass] = Write(pass);
            }
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
            ulong parity = (ulong)Parity(query);
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
        lock (_writing)
        {
            foreach (ulong[]? ordered in _ordered)
            {
                if (ordered is not null)
                {
                    CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(ordered.AsSpan()));
                    ArrayPool<ulong>.Shared.Return(ordered);
                }
            }
        }
    }

    private int Parity(ParityQuery query)
    {
        int pass = query.Pass;
        if (_ordered[pass] is null)
        {
            int block = _schedule.BlockOfIndex(pass, query.Start);
            if (query.Start == _schedule.BlockStart(pass, block) && query.Length == _schedule.BlockLength(pass, block))
            {
                return _schedule.HalfParity(pass, block, _key.Words);
            }

            lock (_writing)
            {
                _ordered[pass] ??= Write(pass);
            }
        }

        return BitVector.RangeParity(_ordered[pass], query.Start, query.Length);
    }

    private ulong[] Write(int pass)
    {
        ulong[] ordered = ArrayPool<ulong>.Shared.Rent(Math.Max(BitVector.WordCount(_schedule.Length), 1));
        _schedule.WriteInPassOrder(pass, _key.Words, ordered);
        return ordered;
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
