using System.Buffers;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Bob's side of blind LDPC reconciliation of one frame: decodes against Alice's syndrome, and after a failure asks
/// for the next punctured bits and decodes again, until success or nothing is left to reveal (then the frame has
/// failed and must be discarded, never passed on).
/// </summary>
/// <remarks>
/// Channel LLRs: payload bits ± the plan's magnitude by Bob's bit (<see cref="LdpcDecoder.ChannelMagnitude"/> of the
/// QBER estimate for box-plus, <see cref="LdpcOptions.ChannelMagnitude"/> or <see cref="LdpcOptions.MinSumMagnitude"/> for min-sum); punctured 0; shortened,
/// padding and revealed bits ±127 (known). Buffers derived from the key are zeroed on <see cref="Dispose"/>.
/// Not thread-safe; the decoder may be shared by sessions run one after another.
/// </remarks>
public sealed class LdpcBobSession : IDisposable
{
    private readonly LdpcPlan _plan;
    private readonly LdpcDecoder _decoder;
    private readonly ulong[] _syndrome;
    private sbyte[] _channel;
    private ulong[] _decoded;
    private int _revealed;
    private readonly sbyte[] _knownScratch;

    /// <summary>Starts a session on Bob's <paramref name="key"/> (<see cref="LdpcPlan.PayloadBits"/> bits).</summary>
    public LdpcBobSession(LdpcPlan plan, ReadOnlySpan<ulong> key, LdpcDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(decoder);
        LdpcAliceSession.CheckBits(key, plan.PayloadBits, nameof(key));
        if (!ReferenceEquals(decoder.Code, plan.Code))
        {
            throw new ArgumentException($"The decoder is for {decoder.Code.Name}, the plan uses {plan.Code.Name}.", nameof(decoder));
        }

        _plan = plan;
        _decoder = decoder;
        int n = plan.Code.Length;
        _syndrome = new ulong[plan.Code.CheckCount / 64];
        _knownScratch = new sbyte[plan.RevealStep];
        _channel = ArrayPool<sbyte>.Shared.Rent(n);
        _decoded = ArrayPool<ulong>.Shared.Rent(n / 64);
        Span<sbyte> channel = _channel.AsSpan(0, n);
        channel.Fill(LdpcDecoder.MaxMagnitude); // shortened and padding bits: known zeros
        sbyte magnitude = plan.Options.CheckRule == CheckNodeRule.CorrectedBoxPlus
            ? LdpcDecoder.ChannelMagnitude(plan.Qber)
            : (sbyte)(plan.Options.ChannelMagnitude > 0 ? plan.Options.ChannelMagnitude : LdpcOptions.MinSumMagnitude(plan.Qber));
        ReadOnlySpan<int> payload = plan.Layout.PayloadPositions;
        for (int i = 0; i < payload.Length; i++)
        {
            channel[payload[i]] = ((key[i >> 6] >> (i & 63)) & 1) != 0 ? (sbyte)-magnitude : magnitude;
        }

        foreach (int position in plan.Layout.AdaptationPositions[plan.InitialShortened..])
        {
            channel[position] = 0;
        }
    }

    /// <summary>Decoding rounds run.</summary>
    public int Rounds { get; private set; }

    /// <summary>True once a round converged.</summary>
    public bool Succeeded { get; private set; }

    /// <summary>Iterations of the last round.</summary>
    public int LastIterations { get; private set; }

    /// <summary>Iterations over all rounds.</summary>
    public long TotalIterations { get; private set; }

    /// <summary>True if a failed round may be followed by another (punctured bits remain).</summary>
    public bool CanRequestMore => !Succeeded && Rounds > 0 && _revealed < _plan.InitialPunctured;

    /// <summary>Leakage so far: m − p + revealed (see <see cref="LdpcPlan"/>).</summary>
    public long DisclosedBits => _plan.Code.CheckCount - _plan.InitialPunctured + _revealed;

    /// <summary>Round 1: decodes against Alice's <paramref name="syndrome"/>; true on success.</summary>
    /// <exception cref="ArgumentException">The syndrome does not have <see cref="QcLdpcCode.CheckCount"/> bits.</exception>
    public bool TryDecode(ReadOnlySpan<ulong> syndrome)
    {
        if (Rounds != 0)
        {
            throw new InvalidOperationException("The syndrome was already received.");
        }

        if (syndrome.Length != _syndrome.Length)
        {
            throw new ArgumentException($"Expected a syndrome of {_plan.Code.CheckCount} bits ({_syndrome.Length} words), got {syndrome.Length} words.", nameof(syndrome));
        }

        syndrome.CopyTo(_syndrome);
        return RunRound([]);
    }

    /// <summary>
    /// Round r &gt; 1: takes the values of the next <paramref name="count"/> punctured bits (Alice's
    /// <see cref="LdpcAliceSession.RevealNext"/>) as known, and decodes again; true on success.
    /// </summary>
    /// <exception cref="ArgumentException">The count is not what the plan's schedule expects, or too few bits are given.</exception>
    public bool TryDecodeWithRevealed(ReadOnlySpan<ulong> revealed, int count)
    {
        if (!CanRequestMore)
        {
            throw new InvalidOperationException("No further round is possible: decoding succeeded, or nothing is left to reveal, or round 1 has not run.");
        }

        int expected = Math.Min(_plan.RevealStep, _plan.InitialPunctured - _revealed);
        if (count != expected)
        {
            throw new ArgumentException($"Expected {expected} revealed bits, got {count}.", nameof(count));
        }

        LdpcAliceSession.CheckBits(revealed, count, nameof(revealed));
        ReadOnlySpan<int> positions = _plan.Layout.AdaptationPositions.Slice(_plan.InitialShortened + _revealed, count);
        for (int i = 0; i < count; i++)
        {
            _channel[positions[i]] = ((revealed[i >> 6] >> (i & 63)) & 1) != 0 ? (sbyte)-LdpcDecoder.MaxMagnitude : LdpcDecoder.MaxMagnitude;
        }

        _revealed += count;
        return RunRound(positions);
    }

    /// <summary>Copies the corrected key (<see cref="LdpcPlan.PayloadBits"/> bits) after a successful round.</summary>
    public void CopyCorrectedKey(Span<ulong> destination)
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException("The frame has not been decoded; a failed frame must be discarded.");
        }

        LdpcAliceSession.CheckBits(destination, _plan.PayloadBits, nameof(destination));
        destination[..BitVector.WordCount(_plan.PayloadBits)].Clear();
        ReadOnlySpan<int> payload = _plan.Layout.PayloadPositions;
        for (int i = 0; i < payload.Length; i++)
        {
            destination[i >> 6] |= ((_decoded[payload[i] >> 6] >> (payload[i] & 63)) & 1) << (i & 63);
        }
    }

    /// <summary>Zeroes the key-dependent buffers and returns them to the pool.</summary>
    public void Dispose()
    {
        sbyte[] channel = _channel;
        ulong[] decoded = _decoded;
        _channel = [];
        _decoded = [];
        if (channel.Length > 0)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(channel.AsSpan()));
            ArrayPool<sbyte>.Shared.Return(channel);
        }

        if (decoded.Length > 0)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(decoded.AsSpan()));
            ArrayPool<ulong>.Shared.Return(decoded);
        }
    }

    /// <summary>Round 1 and the last round decode from the channel; the others resume the decoder with the newly known bits.</summary>
    private bool RunRound(ReadOnlySpan<int> newlyKnown)
    {
        ObjectDisposedException.ThrowIf(_channel.Length == 0, this);
        int n = _plan.Code.Length;
        int iterations = Rounds == _plan.MaxRounds - 1 ? _plan.Options.MaxIterations : _plan.Options.RetryIterations;
        LdpcDecodeResult result;
        if (Rounds == 0 || Rounds == _plan.MaxRounds - 1)
        {
            // Round 1, and the last round afresh: a resumed decoder that failed many rounds can sit in a trapping
            // set that a fresh start with every adaptation bit known escapes.
            result = _decoder.Decode(_channel.AsSpan(0, n), _syndrome, iterations, _decoded.AsSpan(0, n / 64));
        }
        else
        {
            Span<sbyte> known = _knownScratch.AsSpan(0, newlyKnown.Length);
            for (int i = 0; i < newlyKnown.Length; i++)
            {
                known[i] = _channel[newlyKnown[i]];
            }

            result = _decoder.Resume(newlyKnown, known, _syndrome, iterations, _decoded.AsSpan(0, n / 64));
        }

        Rounds++;
        LastIterations = result.Iterations;
        TotalIterations += result.Iterations;
        Succeeded = result.Converged;
        return Succeeded;
    }
}
