using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Distillation.Tests;

public class CascadeReconcilerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// (n, qber, trials, minimum successes). Tiny keys are run only for termination and bookkeeping, since with a
    /// handful of bits and errors the success rate is a matter of luck; 10 007 bits is where the brief's 19 of 20 applies.
    /// </summary>
    public static TheoryData<int, double, int, int> Cases()
    {
        var data = new TheoryData<int, double, int, int>();
        data.Add(0, 0.01, 1, 1);
        foreach (int n in new[] { 1, 2, 63, 64, 65 })
        {
            foreach (double qber in new[] { 0.01, 0.05, 0.08 })
            {
                data.Add(n, qber, 20, 0);
            }
        }

        foreach (double qber in new[] { 0.005, 0.01, 0.03, 0.05, 0.08 })
        {
            // At 0.5 % a 1000-bit key has ~5 errors in 7 blocks of 146 bits, so a pair often shares a block and the few,
            // large later blocks (292, 584, 1000) rarely split it: about 1 in 6 runs fails by design (see the
            // invariant check below), which is why the schedule targets long keys.
            data.Add(1000, qber, 20, qber < 0.01 ? 12 : 18);
            data.Add(10_007, qber, 20, 19);
            data.Add(100_000, qber, 3, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bob_ends_with_Alice_key_and_both_sides_count_the_same_leakage(
        int n, double qber, int trials, int minimumSuccesses)
    {
        int successes = 0;
        double disclosedSum = 0;
        double entropySum = 0;
        double roundTripSum = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            int seed = (n * 1009) + ((int)Math.Round(qber * 1000) * 101) + trial; // fixed, so a failure replays
            string context = $"seed {seed} (n {n}, qber {qber}, trial {trial})";
            (BitVector alice, BitVector bob, int errors) = KeyPairs.Create(n, qber, seed);
            using (alice)
            using (bob)
            {
                CascadeSchedule schedule = CascadeSchedule.Create(n, qber, (ulong)seed, new CascadeOptions());
                using var responder = new CascadeParityResponder(alice, schedule);
                var oracle = new InMemoryParityOracle(responder);
                CascadeResult result = await new CascadeReconciler(schedule).ReconcileAsync(bob, oracle, Token);

                Assert.True(result.Completed, context);
                AssertEveryBlockEven(schedule, alice, bob, context);
                Assert.True(result.DisclosedParities == responder.DisclosedParities, context);
                Assert.True(result.RoundTrips == oracle.Calls, context);
                if (bob.ContentEquals(alice))
                {
                    successes++;
                    Assert.True(result.CorrectedBits == errors, $"{context}: corrected {result.CorrectedBits} of {errors}");
                }

                disclosedSum += result.DisclosedParities;
                entropySum += n * BinaryEntropy.H((double)errors / Math.Max(n, 1));
                roundTripSum += result.RoundTrips;
            }
        }

        Assert.True(successes >= minimumSuccesses, $"n {n}, qber {qber}: {successes} of {trials} reconciled");
        if (n >= 10_000)
        {
            // Reconciliation efficiency f = leak / (n·h(e)), e the realised error rate. f cannot fall below 1
            // (Slepian–Wolf); the default bisects three passes concurrently, trading some parities for round trips,
            // and stays below original Cascade's 1.1–1.3 (Martinez-Mateo et al., QIC 15, 453 (2015)) with room for
            // sampling noise. The thrifty mode is held to the published figures below.
            double f = disclosedSum / entropySum;
            Assert.True(f is > 1.0 and < 1.25, $"n {n}, qber {qber}: efficiency {f:F3}");
        }

        string efficiency = entropySum > 0 ? (disclosedSum / entropySum).ToString("F3") : "n/a";
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"n {n}, qber {qber}: {successes}/{trials} reconciled, f = {efficiency}, {roundTripSum / trials:F1} round trips");
    }

    /// <summary>
    /// Bisecting one pass at a time after pass 0 (ConcurrentPasses = 2) spends the fewest parities: below the 1.050,
    /// 1.058 and 1.065 that Martinez-Mateo et al.'s opt. (8) reaches at QBER 1, 2 and 5 % (the best published
    /// Cascade), and below what the default spends on the same keys, at the price of more round trips.
    /// </summary>
    [Theory]
    [InlineData(0.01, 1.050)]
    [InlineData(0.02, 1.058)]
    [InlineData(0.05, 1.065)]
    public async Task The_thrifty_mode_beats_the_published_efficiency_and_the_default(double qber, double published)
    {
        const int N = 200_000;
        double thriftyLeak = 0, defaultLeak = 0, entropy = 0;
        int thriftyRounds = 0, defaultRounds = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            (BitVector alice, BitVector bob, int errors) = KeyPairs.Create(N, qber, 500 + trial);
            using (alice)
            using (bob)
            using (BitVector bobCopy = bob.Slice(0, N))
            {
                entropy += N * BinaryEntropy.H((double)errors / N);
                foreach ((CascadeOptions options, BitVector key, bool thrifty) in new[]
                {
                    (new CascadeOptions { ConcurrentPasses = 2 }, bob, true),
                    (new CascadeOptions(), bobCopy, false),
                })
                {
                    CascadeSchedule schedule = CascadeSchedule.Create(N, qber, (ulong)trial, options);
                    using var responder = new CascadeParityResponder(alice, schedule);
                    CascadeResult result = await new CascadeReconciler(schedule).ReconcileAsync(
                        key, new InMemoryParityOracle(responder), Token);
                    Assert.True(key.ContentEquals(alice));
                    if (thrifty)
                    {
                        thriftyLeak += result.DisclosedParities;
                        thriftyRounds += result.RoundTrips;
                    }
                    else
                    {
                        defaultLeak += result.DisclosedParities;
                        defaultRounds += result.RoundTrips;
                    }
                }
            }
        }

        Assert.True(thriftyLeak / entropy < published, $"thrifty f = {thriftyLeak / entropy:F4}");
        Assert.True(thriftyLeak < defaultLeak, $"thrifty {thriftyLeak} vs default {defaultLeak} parities");
        Assert.True(defaultRounds < thriftyRounds, $"rounds: default {defaultRounds}, thrifty {thriftyRounds}");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"qber {qber}: thrifty f = {thriftyLeak / entropy:F4} in {thriftyRounds / 3} round trips, default f = {defaultLeak / entropy:F4} in {defaultRounds / 3}");
    }

    /// <summary>
    /// Cascade's stopping condition: once it completes, every block of every pass has the same parity at both ends,
    /// so any error left is invisible to the schedule (an even number in every block), not a bookkeeping slip.
    /// </summary>
    private static void AssertEveryBlockEven(CascadeSchedule schedule, BitVector alice, BitVector bob, string context)
    {
        for (int pass = 0; pass < schedule.PassCount && schedule.Length > 0; pass++)
        {
            for (int block = 0; block < schedule.BlockCount(pass); block++)
            {
                int start = schedule.BlockStart(pass, block);
                int difference = 0;
                for (int i = start; i < start + schedule.BlockLength(pass, block); i++)
                {
                    int position = schedule.PositionAt(pass, i);
                    difference ^= alice.Get(position) ^ bob.Get(position);
                }

                Assert.True(difference == 0, $"{context}: pass {pass} block at {start} left odd");
            }
        }
    }

    [Fact]
    public async Task A_key_without_errors_is_untouched_and_only_top_level_parities_are_asked()
    {
        (BitVector alice, BitVector bob, _) = KeyPairs.Create(10_000, 0.0, 4);
        using (alice)
        using (bob)
        {
            CascadeSchedule schedule = CascadeSchedule.Create(10_000, 0.02, 4, new CascadeOptions());
            using var responder = new CascadeParityResponder(alice, schedule);
            CascadeResult result = await new CascadeReconciler(schedule).ReconcileAsync(
                bob, new InMemoryParityOracle(responder), Token);

            // One round trip: every block of every pass, less the last block of each pass after the first (the parity
            // of the whole key, known from pass 0, gives it).
            int topLevel = Enumerable.Range(0, schedule.PassCount).Sum(schedule.BlockCount) - (schedule.PassCount - 1);
            Assert.Equal(new CascadeResult(0, topLevel, 1, true), result);
            Assert.True(bob.ContentEquals(alice));
        }
    }

    [Fact]
    public async Task All_bits_flipped_with_even_blocks_terminates_and_leaves_the_keys_different()
    {
        // A 0.1 estimate gives blocks of 8, 256 and 4096 (clamped to 1024) bits in three passes, all even, so every
        // block has an even number of errors and no parity can reveal them.
        (BitVector alice, BitVector bob, _) = KeyPairs.Create(1024, 1.0, 8);
        using (alice)
        using (bob)
        {
            CascadeSchedule schedule = CascadeSchedule.Create(1024, 0.1, 8, new CascadeOptions { Passes = 3 });
            using var responder = new CascadeParityResponder(alice, schedule);
            CascadeResult result = await new CascadeReconciler(schedule).ReconcileAsync(
                bob, new InMemoryParityOracle(responder), Token);

            Assert.True(result.Completed);
            Assert.Equal(0, result.CorrectedBits);
            Assert.Equal(responder.DisclosedParities, result.DisclosedParities);
            Assert.Equal(1024, bob.CountDifferences(alice));
        }
    }

    [Fact]
    public async Task All_bits_flipped_with_odd_blocks_terminates()
    {
        // With an odd length (the last blocks are odd) and random halves, parities do see errors, and every correction
        // removes a real one, so the run must still end; whether anything is left depends on the permutations.
        (BitVector alice, BitVector bob, _) = KeyPairs.Create(10_007, 1.0, 8);
        using (alice)
        using (bob)
        {
            CascadeSchedule schedule = CascadeSchedule.Create(10_007, 0.05, 8, new CascadeOptions());
            using var responder = new CascadeParityResponder(alice, schedule);
            CascadeResult result = await new CascadeReconciler(schedule).ReconcileAsync(
                bob, new InMemoryParityOracle(responder), Token);

            Assert.True(result.Completed);
            Assert.Equal(responder.DisclosedParities, result.DisclosedParities);
            Assert.Equal(10_007 - result.CorrectedBits, bob.CountDifferences(alice));
            AssertEveryBlockEven(schedule, alice, bob, "all flipped");
        }
    }

    [Fact]
    public async Task The_round_limit_stops_an_incomplete_run()
    {
        (BitVector alice, BitVector bob, _) = KeyPairs.Create(10_000, 0.05, 9);
        using (alice)
        using (bob)
        {
            CascadeSchedule schedule = CascadeSchedule.Create(10_000, 0.05, 9, new CascadeOptions { MaxRounds = 3 });
            using var responder = new CascadeParityResponder(alice, schedule);
            CascadeResult result = await new CascadeReconciler(schedule).ReconcileAsync(
                bob, new InMemoryParityOracle(responder), Token);

            Assert.False(result.Completed);
            Assert.Equal(3, result.RoundTrips);
            Assert.Equal(responder.DisclosedParities, result.DisclosedParities);
        }
    }

    [Fact]
    public async Task A_lying_oracle_cannot_make_it_loop_forever()
    {
        (BitVector alice, BitVector bob, _) = KeyPairs.Create(5000, 0.03, 10);
        using (alice)
        using (bob)
        {
            CascadeSchedule schedule = CascadeSchedule.Create(5000, 0.03, 10, new CascadeOptions { MaxRounds = 400 });
            CascadeResult result = await new CascadeReconciler(schedule).ReconcileAsync(bob, new RandomParityOracle(10), Token);
            Assert.InRange(result.RoundTrips, 1, 400);
        }
    }

    [Fact]
    public async Task Rejects_a_key_of_the_wrong_length_and_honours_cancellation()
    {
        CascadeSchedule schedule = CascadeSchedule.Create(100, 0.05, 1, new CascadeOptions());
        var reconciler = new CascadeReconciler(schedule);
        using var shortKey = BitVector.FromWords([0UL], 64);
        await Assert.ThrowsAsync<ArgumentException>(
            async () => await reconciler.ReconcileAsync(shortKey, new RandomParityOracle(1), Token));

        using var key = BitVector.FromWords([0UL, 0UL], 100);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await reconciler.ReconcileAsync(key, new RandomParityOracle(1), cancelled.Token));
    }
}
