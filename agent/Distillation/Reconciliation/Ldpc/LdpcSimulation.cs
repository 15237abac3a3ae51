using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Runs Alice and Bob of blind LDPC reconciliation in one process, for tests and efficiency sweeps: the key is cut
/// into frames of <see cref="LdpcPlan.MaxPayloadBits"/> bits (the last one shorter, padded with shortened bits),
/// each reconciled by an <see cref="LdpcAliceSession"/> and an <see cref="LdpcBobSession"/> exchanging the
/// messages they would send over the network.
/// </summary>
/// <remarks>The punctured fill comes from a seeded generator so that runs repeat; the agent uses <see cref="LdpcAliceSession.Create"/>.</remarks>
public static class LdpcSimulation
{
    private const int MaxCachedPlans = 64;

    // A plan draws a 65 536-position permutation; sweeps reconcile thousands of frames with the same few plans.
    private static readonly ConcurrentDictionary<(double Qber, int Payload, LdpcOptions Options), LdpcPlan> s_plans = new();

    /// <summary>
    /// Reconciles the first <paramref name="bits"/> bits of <paramref name="aliceKey"/> and <paramref name="bobKey"/>
    /// (packed LSB-first) for the QBER estimate <paramref name="qber"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Keys shorter than <paramref name="bits"/>, QBER outside [0, 0.11], bad options.</exception>
    public static LdpcSimulationResult Reconcile(
        ReadOnlySpan<ulong> aliceKey, ReadOnlySpan<ulong> bobKey, int bits, double qber, LdpcOptions? options = null, ulong fillSeed = 1)
    {
        options ??= LdpcOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bits);
        LdpcAliceSession.CheckBits(aliceKey, bits, nameof(aliceKey));
        LdpcAliceSession.CheckBits(bobKey, bits, nameof(bobKey));
        int frameBits = LdpcPlan.MaxPayloadBits(options);
        LdpcPlan fullPlan = CachedPlan(qber, Math.Min(bits, frameBits), options);
        int frameWords = BitVector.WordCount(frameBits);
        ulong[] scratch = ArrayPool<ulong>.Shared.Rent((3 * frameWords) + 1);
        var random = new DeterministicRandom(fillSeed);
        long disclosed = 0;
        int rounds = 0;
        int frames = 0;
        int failed = 0;
        int undetected = 0;
        int decodings = 0;
        long iterations = 0;
        LdpcDecoder? decoder = null;
        try
        {
            for (int start = 0; start < bits; start += frameBits)
            {
                int payload = Math.Min(frameBits, bits - start);
                LdpcPlan plan = payload == fullPlan.PayloadBits ? fullPlan : CachedPlan(qber, payload, options);
                if (decoder is null || !ReferenceEquals(decoder.Code, plan.Code))
                {
                    decoder?.Dispose();
                    decoder = new LdpcDecoder(plan.Code, options.CheckRule, options.NormalizationShift);
                }

                Span<ulong> alice = scratch.AsSpan(0, frameWords);
                Span<ulong> bob = scratch.AsSpan(frameWords, frameWords);
                Span<ulong> work = scratch.AsSpan(2 * frameWords, frameWords);
                CopyBits(aliceKey, start, payload, alice);
                CopyBits(bobKey, start, payload, bob);
                FrameOutcome outcome = RunFrame(plan, alice, bob, work, decoder, ref random);
                frames++;
                disclosed += outcome.Disclosed;
                rounds = Math.Max(rounds, outcome.Rounds);
                decodings += outcome.Rounds;
                iterations += outcome.Iterations;
                failed += outcome.Converged ? 0 : 1;
                undetected += outcome.Converged && !outcome.Correct ? 1 : 0;
            }
        }
        finally
        {
            decoder?.Dispose();
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(scratch.AsSpan()));
            ArrayPool<ulong>.Shared.Return(scratch);
        }

        return new LdpcSimulationResult(
            failed == 0 && undetected == 0, disclosed, rounds, bits, qber, frames, failed, undetected, decodings, iterations);
    }

    private static LdpcPlan CachedPlan(double qber, int payload, LdpcOptions options)
    {
        if (s_plans.TryGetValue((qber, payload, options), out LdpcPlan? plan))
        {
            return plan;
        }

        plan = LdpcPlan.Create(qber, payload, options);
        if (s_plans.Count >= MaxCachedPlans)
        {
            s_plans.Clear();
        }

        s_plans[(qber, payload, options)] = plan;
        return plan;
    }

    private static FrameOutcome RunFrame(
        LdpcPlan plan, ReadOnlySpan<ulong> alice, Span<ulong> bob, Span<ulong> work, LdpcDecoder decoder, ref DeterministicRandom random)
    {
        Span<ulong> fill = work[..BitVector.WordCount(plan.InitialPunctured)];
        for (int w = 0; w < fill.Length; w++)
        {
            fill[w] = random.NextUInt64();
        }

        using var aliceSession = new LdpcAliceSession(plan, alice, fill);
        using var bobSession = new LdpcBobSession(plan, bob, decoder);
        bool converged = bobSession.TryDecode(aliceSession.Syndrome);
        while (!converged && bobSession.CanRequestMore)
        {
            int count = aliceSession.RevealNext(work);
            converged = bobSession.TryDecodeWithRevealed(work, count);
        }

        bool correct = false;
        if (converged)
        {
            bobSession.CopyCorrectedKey(bob);
            int words = BitVector.WordCount(plan.PayloadBits);
            correct = alice[..words].SequenceEqual(bob[..words]);
        }

        if (aliceSession.DisclosedBits != bobSession.DisclosedBits)
        {
            throw new InvalidOperationException("Alice's and Bob's leakage counts disagree.");
        }

        return new FrameOutcome(converged, correct, aliceSession.DisclosedBits, bobSession.Rounds, bobSession.TotalIterations);
    }

    /// <summary>destination = bits [start, start + count) of source, packed from bit 0, tail zeroed.</summary>
    private static void CopyBits(ReadOnlySpan<ulong> source, int start, int count, Span<ulong> destination)
    {
        int words = BitVector.WordCount(count);
        for (int w = 0; w < words; w++)
        {
            int take = Math.Min(64, count - (w * 64));
            destination[w] = BitVector.ReadBits(source, start + (w * 64), take);
        }
    }

    private readonly record struct FrameOutcome(bool Converged, bool Correct, long Disclosed, int Rounds, long Iterations);
}
