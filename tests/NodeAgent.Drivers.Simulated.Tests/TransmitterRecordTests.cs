using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>Alice's record: a pure function of (seed, slot), random access, nothing before 0 or after the last slot sent.</summary>
public sealed class TransmitterRecordTests
{
    [Fact]
    public void Random_access_in_any_order_matches_a_sequential_lookup()
    {
        SimulatedLink link = SimulationRun.Create(SimulationRun.FastOptions(3));
        SimulationRun.ReadSlots(link, 100_000);
        const int Count = 100_000;
        long[] slots = Enumerable.Range(0, Count).Select(i => (long)i).ToArray();
        var sequential = new SentPulse[Count];
        Assert.True(link.Transmitter.TryLookup(slots, sequential));

        long[] shuffled = (long[])slots.Clone();
        new Random(1234).Shuffle(shuffled);
        var scattered = new SentPulse[Count];
        Assert.True(link.Transmitter.TryLookup(shuffled, scattered));
        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(sequential[shuffled[i]], scattered[i]);
        }

        // One at a time, repeated and backwards.
        var one = new SentPulse[1];
        foreach (long slot in new long[] { 99_999, 5, 5, 0, 77_777 })
        {
            Assert.True(link.Transmitter.TryLookup([slot], one));
            Assert.Equal(sequential[slot], one[0]);
        }

        Assert.Equal(link.SlotPeriodPicoseconds, link.Transmitter.SlotPeriodPicoseconds);
    }

    [Fact]
    public void Negative_and_unsent_slots_are_refused()
    {
        SimulatedLink link = SimulationRun.Create(SimulationRun.FastOptions(3));
        var pulses = new SentPulse[3];
        Assert.False(link.Transmitter.TryLookup([0], pulses)); // nothing sent before the first read

        SimulationRun.ReadSlots(link, 1000);
        long sent = link.SlotsSimulated;
        Assert.True(link.Transmitter.TryLookup([0, sent - 1], pulses));
        Assert.False(link.Transmitter.TryLookup([sent], pulses));
        Assert.False(link.Transmitter.TryLookup([-1], pulses));
        Assert.False(link.Transmitter.TryLookup([long.MinValue], pulses));
        Assert.False(link.Transmitter.TryLookup([long.MaxValue], pulses));
        Assert.False(link.Transmitter.TryLookup([3, 4, sent + 10], pulses)); // one bad slot spoils the batch
        Assert.True(link.Transmitter.TryLookup([], pulses));
        Assert.Throws<ArgumentException>(() => link.Transmitter.TryLookup([1, 2, 3], new SentPulse[2]));
    }

    [Fact]
    public void Same_seed_agrees_on_every_slot_and_another_seed_does_not()
    {
        SimulatedLink first = SimulationRun.Create(SimulationRun.FastOptions(8));
        SimulatedLink second = SimulationRun.Create(SimulationRun.FastOptions(8));
        SimulatedLink other = SimulationRun.Create(SimulationRun.FastOptions(9));
        foreach (SimulatedLink link in new[] { first, second, other })
        {
            SimulationRun.ReadSlots(link, 10_000);
        }

        long[] slots = Enumerable.Range(0, 10_000).Select(i => (long)i).ToArray();
        var a = new SentPulse[slots.Length];
        var b = new SentPulse[slots.Length];
        var c = new SentPulse[slots.Length];
        Assert.True(first.Transmitter.TryLookup(slots, a));
        Assert.True(second.Transmitter.TryLookup(slots, b));
        Assert.True(other.Transmitter.TryLookup(slots, c));
        Assert.Equal(a, b);
        // Two independent pulses agree with probability 0.5·0.5·(0.7² + 0.2² + 0.1²) = 0.135.
        double agreement = a.Zip(c).Count(p => p.First == p.Second) / (double)slots.Length;
        Assert.InRange(agreement, 0.135 - SimulationRun.BinomialTolerance(0.135, slots.Length), 0.135 + SimulationRun.BinomialTolerance(0.135, slots.Length));
    }

    [Theory]
    [InlineData(0.5, 0.7, 0.2)]
    [InlineData(0.9, 0.5, 0.3)]
    public void Pulse_choices_follow_the_configured_probabilities(double zBasis, double signal, double decoy)
    {
        SimulatedLinkOptions options = SimulationRun.FastOptions(12);
        options.AliceZBasisProbability = zBasis;
        options.SignalProbability = signal;
        options.DecoyProbability = decoy;
        options.VacuumProbability = 1 - signal - decoy;
        SimulatedLink link = SimulationRun.Create(options);
        const int Count = 1_000_000;
        SimulationRun.ReadSlots(link, Count);
        long[] slots = Enumerable.Range(0, Count).Select(i => (long)i).ToArray();
        var pulses = new SentPulse[Count];
        Assert.True(link.Transmitter.TryLookup(slots, pulses));

        AssertShare(pulses.Count(p => p.Basis == Basis.Z), zBasis);
        AssertShare(pulses.Count(p => p.Bit == 1), 0.5);
        AssertShare(pulses.Count(p => p.Basis == Basis.X && p.Bit == 1), (1 - zBasis) * 0.5); // bit independent of basis
        AssertShare(pulses.Count(p => p.Intensity == IntensityClass.Signal), signal);
        AssertShare(pulses.Count(p => p.Intensity == IntensityClass.Decoy), decoy);
        AssertShare(pulses.Count(p => p.Intensity == IntensityClass.Vacuum), 1 - signal - decoy);
        Assert.All(pulses, p => Assert.True(p.Bit <= 1));

        static void AssertShare(int observed, double p)
        {
            double tolerance = SimulationRun.BinomialTolerance(p, Count) * Count;
            Assert.InRange(observed, (p * Count) - tolerance, (p * Count) + tolerance);
        }
    }
}
