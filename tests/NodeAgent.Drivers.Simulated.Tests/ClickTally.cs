using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// What the agent sees of a run, per Alice basis and intensity class (index 3·basis + class): detections, detections in
/// Alice's basis (sifted) and errors among them. Only the clicked slots are looked up in Alice's record, as the agent
/// does; per-slot rates divide by the expected number of slots N·p_A(b)·p_k, so a run costs per click, not per slot.
/// </summary>
/// <remarks>
/// Each slot independently is (b, k) and clicks, so a count is binomial over all N slots with success π·D, π = p_A(b)·p_k,
/// and the estimate count/(N·π) of D has standard deviation sqrt(D·(1 − π·D)/(N·π)) (<see cref="GainSigma"/>).
/// </remarks>
internal sealed class ClickTally
{
    private ClickTally(AnalyticalLinkModel model, long slotCount)
    {
        Model = model;
        SlotCount = slotCount;
    }

    public AnalyticalLinkModel Model { get; }

    public long SlotCount { get; }

    /// <summary>Every event read, including the few past the tallied slots (what the link's counters cover).</summary>
    public long EventsRead { get; private set; }

    public long[] Detections { get; } = new long[6];

    public long[] Sifted { get; } = new long[6];

    public long[] Errors { get; } = new long[6];

    /// <summary>Simulates slots [0, <paramref name="slotCount"/>) and tallies every event that falls in them.</summary>
    public static ClickTally Run(SimulatedLink link, long slotCount)
    {
        // Read a few slots past the end so clicks of the last slots have left the reorder buffer.
        List<DetectionEvent> events = SimulationRun.ReadSlots(link, slotCount + 100);
        (long[] slots, SentPulse[] pulses) = SimulationRun.LookUp(link, events);
        var tally = new ClickTally(link.AnalyticalModel, slotCount) { EventsRead = events.Count };
        for (int i = 0; i < events.Count; i++)
        {
            if (slots[i] >= slotCount)
            {
                continue;
            }

            int j = (3 * (int)pulses[i].Basis) + (int)pulses[i].Intensity;
            tally.Detections[j]++;
            (Basis basis, byte bit) = SimulationRun.Outcome(events[i].Channel);
            if (basis == pulses[i].Basis)
            {
                tally.Sifted[j]++;
                tally.Errors[j] += bit != pulses[i].Bit ? 1 : 0;
            }
        }

        return tally;
    }

    /// <summary>Detections per slot of class k: an estimate of D_k.</summary>
    public double Gain(IntensityClass k) => (double)(Detections[(int)k] + Detections[3 + (int)k]) / ExpectedSlots(k);

    /// <summary>Sifted detections per slot Alice prepared in (b, k): an estimate of D_b,k.</summary>
    public double SiftedGain(Basis b, IntensityClass k) => Sifted[Index(b, k)] / ExpectedSlots(b, k);

    /// <summary>Error rate of the sifted detections of (b, k).</summary>
    public double ErrorRate(Basis b, IntensityClass k) => (double)Errors[Index(b, k)] / Sifted[Index(b, k)];

    /// <summary>Error rate of the sifted detections of class k, both bases.</summary>
    public double ErrorRate(IntensityClass k) => (double)(Errors[(int)k] + Errors[3 + (int)k]) / SiftedCount(k);

    public long SiftedCount(IntensityClass k) => Sifted[(int)k] + Sifted[3 + (int)k];

    /// <summary>Standard deviation of <see cref="Gain"/> when the true value is <paramref name="d"/>.</summary>
    public double GainSigma(IntensityClass k, double d) => Sigma(d, Model.IntensityProbability(k));

    /// <summary>Standard deviation of <see cref="SiftedGain"/> when the true value is <paramref name="d"/>.</summary>
    public double GainSigma(Basis b, IntensityClass k, double d) =>
        Sigma(d, Model.AliceBasisProbability(b) * Model.IntensityProbability(k));

    public static int Index(Basis b, IntensityClass k) => (3 * (int)b) + (int)k;

    private double ExpectedSlots(IntensityClass k) => SlotCount * Model.IntensityProbability(k);

    private double ExpectedSlots(Basis b, IntensityClass k) =>
        SlotCount * Model.AliceBasisProbability(b) * Model.IntensityProbability(k);

    private double Sigma(double d, double share) => Math.Sqrt(d * (1 - (share * d)) / (SlotCount * share));
}
