using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Reconciliation.Ldpc;

namespace NodeAgent.Distillation.Tests.Ldpc;

/// <summary>Blind sessions, the leakage count, the in-process simulation and bad input.</summary>
public class LdpcReconciliationTests
{
    [Theory]
    [InlineData(0.02, 1)]
    [InlineData(0.03, 2)]
    [InlineData(0.05, 3)]
    public void Simulation_reconciles_a_full_frame(double qber, int seed)
    {
        int bits = LdpcPlan.MaxPayloadBits(LdpcOptions.Default);
        (ulong[] alice, ulong[] bob) = Keys(bits, qber, seed);
        LdpcSimulationResult result = LdpcSimulation.Reconcile(alice, bob, bits, qber);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(1, result.Frames);
        Assert.InRange(result.Efficiency, 1.0, LdpcOptions.Default.FinalEfficiency + 0.3);
    }

    [Fact]
    public void Simulation_cuts_long_keys_into_frames_and_pads_the_last()
    {
        int frame = LdpcPlan.MaxPayloadBits(LdpcOptions.Default);
        int bits = frame + 20_000;
        (ulong[] alice, ulong[] bob) = Keys(bits, 0.02, 4);
        LdpcSimulationResult result = LdpcSimulation.Reconcile(alice, bob, bits, 0.02);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(2, result.Frames);
        Assert.Equal(bits, result.PayloadBits);
    }

    [Fact]
    public void Identical_keys_at_qber_zero_decode_in_one_round()
    {
        int bits = 10_000;
        (ulong[] alice, ulong[] _) = Keys(bits, 0, 5);
        LdpcSimulationResult result = LdpcSimulation.Reconcile(alice, alice, bits, 0);
        Assert.True(result.Success);
        Assert.Equal(1, result.Rounds);
    }

    [Fact]
    public void Leakage_equals_an_independent_count_of_the_messages()
    {
        // Count what went public round by round: the syndrome's m bits, then each revealed bit; the p punctured bits
        // Alice drew at random are subtracted once (they absorb p syndrome bits).
        const double Qber = 0.045;
        int bits = LdpcPlan.MaxPayloadBits(LdpcOptions.Default);
        LdpcPlan plan = LdpcPlan.Create(Qber, bits, LdpcOptions.Default);
        (ulong[] alice, ulong[] bob) = Keys(bits, Qber, 6);
        var fill = new ulong[(plan.InitialPunctured + 63) / 64];
        var random = new DeterministicRandom(8);
        for (int w = 0; w < fill.Length; w++)
        {
            fill[w] = random.NextUInt64();
        }

        using var decoder = new LdpcDecoder(plan.Code);
        using var aliceSession = new LdpcAliceSession(plan, alice, fill);
        using var bobSession = new LdpcBobSession(plan, bob, decoder);
        long sent = aliceSession.Syndrome.Length * 64L;
        bool ok = bobSession.TryDecode(aliceSession.Syndrome);
        var revealed = new ulong[(plan.RevealStep + 63) / 64];
        while (!ok && bobSession.CanRequestMore)
        {
            int count = aliceSession.RevealNext(revealed);
            sent += count;
            ok = bobSession.TryDecodeWithRevealed(revealed, count);
        }

        Assert.Equal(plan.Code.CheckCount, aliceSession.Syndrome.Length * 64);
        Assert.Equal(sent - plan.InitialPunctured, aliceSession.DisclosedBits);
        Assert.Equal(aliceSession.DisclosedBits, bobSession.DisclosedBits);
        Assert.Equal(plan.DisclosedAfter(bobSession.Rounds), bobSession.DisclosedBits);
        Assert.True(ok);
    }

    [Fact]
    public void Revealed_bits_are_the_punctured_fill_in_plan_order()
    {
        int bits = 30_000;
        LdpcPlan plan = LdpcPlan.Create(0.03, bits, LdpcOptions.Default);
        Assert.True(plan.InitialPunctured > plan.RevealStep);
        (ulong[] alice, ulong[] _) = Keys(bits, 0, 7);
        var fill = new ulong[(plan.InitialPunctured + 63) / 64];
        fill.AsSpan().Fill(0xA5A5_5A5A_0F0F_F0F0UL);
        using var session = new LdpcAliceSession(plan, alice, fill);
        var revealed = new ulong[(plan.RevealStep + 63) / 64];
        int count = session.RevealNext(revealed);
        Assert.Equal(plan.RevealStep, count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal((fill[i >> 6] >> (i & 63)) & 1, (revealed[i >> 6] >> (i & 63)) & 1);
        }
    }

    [Fact]
    public void A_frame_beyond_the_codes_reach_is_reported_failed_never_passed_on()
    {
        // QBER 25 % against a plan for 2 %: every round fails, the session runs out of bits to reveal.
        int bits = LdpcPlan.MaxPayloadBits(LdpcOptions.Default);
        (ulong[] alice, ulong[] bob) = Keys(bits, 0.25, 9);
        LdpcOptions options = LdpcOptions.Default with { MaxIterations = 5, RetryIterations = 2, MaxRounds = 3 };
        LdpcSimulationResult result = LdpcSimulation.Reconcile(alice, bob, bits, 0.02, options);
        Assert.False(result.Success);
        Assert.Equal(1, result.FailedFrames);
        Assert.Equal(3, result.Rounds);

        LdpcPlan plan = LdpcPlan.Create(0.02, bits, options);
        using var decoder = new LdpcDecoder(plan.Code);
        using var bobSession = new LdpcBobSession(plan, bob, decoder);
        using var aliceSession = new LdpcAliceSession(plan, alice, new ulong[(plan.InitialPunctured + 63) / 64]);
        Assert.False(bobSession.TryDecode(aliceSession.Syndrome));
        Assert.Throws<InvalidOperationException>(() => bobSession.CopyCorrectedKey(new ulong[bob.Length]));
    }

    [Fact]
    public void Plan_picks_lower_rates_for_higher_qber_and_stays_within_its_bounds()
    {
        int bits = LdpcPlan.MaxPayloadBits(LdpcOptions.Default);
        double previousRate = 1;
        foreach (double qber in new[] { 0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.11 })
        {
            LdpcPlan plan = LdpcPlan.Create(qber, bits, LdpcOptions.Default);
            Assert.True(plan.Code.Rate <= previousRate);
            previousRate = plan.Code.Rate;
            Assert.InRange(plan.InitialPunctured, 0, plan.Layout.AdaptationBits);
            Assert.InRange(plan.MaxRounds, 1, LdpcOptions.Default.MaxRounds);
            Assert.Equal(plan.Code.CheckCount, plan.DisclosedAfter(plan.MaxRounds));
            if (qber is > 0.015 and < 0.09)
            {
                double h = bits * BinaryEntropy.H(qber);
                // Round 1 starts at StartEfficiency unless even puncturing all d adaptation bits leaks more.
                Assert.True(plan.DisclosedAfter(1) >= (LdpcOptions.Default.StartEfficiency * h) - 1);
                Assert.True(plan.DisclosedAfter(1) / h <= LdpcOptions.Default.StartEfficiency + 0.01 || plan.InitialPunctured == plan.Layout.AdaptationBits);
            }
        }
    }

    [Fact]
    public void Layout_is_a_partition_of_the_frame()
    {
        var layout = new LdpcFrameLayout(4096, 300, 3000, 5);
        int[] all = [.. layout.AdaptationPositions.ToArray(), .. layout.PaddingPositions.ToArray(), .. layout.PayloadPositions.ToArray()];
        Assert.Equal(Enumerable.Range(0, 4096), all.Order());
        Assert.Equal(796, layout.PaddingBits);
        Assert.True(layout.PayloadPositions.ToArray().SequenceEqual(layout.PayloadPositions.ToArray().Order()));
    }

    [Fact]
    public void Bad_input_is_rejected_with_argument_exceptions()
    {
        int bits = 1000;
        var key = new ulong[16];
        Assert.Throws<ArgumentOutOfRangeException>(() => LdpcPlan.Create(-0.01, bits, LdpcOptions.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => LdpcPlan.Create(0.2, bits, LdpcOptions.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => LdpcPlan.Create(double.NaN, bits, LdpcOptions.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => LdpcPlan.Create(0.03, 70_000, LdpcOptions.Default));
        Assert.Throws<ArgumentException>(() => LdpcPlan.Create(0.03, bits, LdpcOptions.Default with { MaxIterations = 0 }));
        Assert.Throws<ArgumentException>(() => LdpcSimulation.Reconcile(key, key, 2000, 0.03));
        Assert.Throws<ArgumentOutOfRangeException>(() => LdpcSimulation.Reconcile(key, key, 0, 0.03));

        LdpcPlan plan = LdpcPlan.Create(0.03, bits, LdpcOptions.Default);
        using var decoder = new LdpcDecoder(plan.Code);
        using var bob = new LdpcBobSession(plan, key, decoder);
        Assert.Throws<ArgumentException>(() => bob.TryDecode(new ulong[3]));
        Assert.Throws<InvalidOperationException>(() => bob.TryDecodeWithRevealed(new ulong[1], 1));
        using var otherDecoder = new LdpcDecoder(LdpcCodeFamily.Codes[(plan.CodeIndex + 1) % LdpcCodeFamily.Codes.Count]);
        Assert.Throws<ArgumentException>(() => new LdpcBobSession(plan, key, otherDecoder));
        Assert.Throws<ArgumentException>(() => new LdpcAliceSession(plan, new ulong[2], new ulong[1000]));
    }

    internal static (ulong[] Alice, ulong[] Bob) Keys(int bits, double qber, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var alice = new ulong[(bits + 63) / 64];
        var bob = new ulong[alice.Length];
        for (int i = 0; i < bits; i++)
        {
            ulong bit = random.NextUInt64() & 1;
            ulong flip = random.NextDouble() < qber ? 1UL : 0;
            alice[i >> 6] |= bit << (i & 63);
            bob[i >> 6] |= (bit ^ flip) << (i & 63);
        }

        return (alice, bob);
    }
}
