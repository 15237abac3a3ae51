using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated.Tests;

/// <summary>
/// What the agent would measure from a run, per intensity class: slots sent, detections, sifted detections (Bob's basis
/// equals Alice's) and errors among them. Slots come from the tick through Bob's timebase, rounded to the nearest slot.
/// </summary>
internal sealed class LinkTally
{
    public long[] Slots { get; } = new long[3];

    public long[] Detections { get; } = new long[3];

    public long[] Sifted { get; } = new long[3];

    public long[] Errors { get; } = new long[3];

    /// <summary>Detections in the tallied slots.</summary>
    public long TotalDetections { get; private set; }

    /// <summary>Every event read, including the few past the tallied slots (what the tagger's counters cover).</summary>
    public long EventsRead { get; private set; }

    /// <summary>Simulates slots [0, <paramref name="slotCount"/>) and tallies every event that falls in them.</summary>
    public static LinkTally Run(SimulatedLink link, long slotCount)
    {
        // Read a few slots past the end so clicks of the last slots have left the reorder buffer.
        List<DetectionEvent> events = SimulationRun.ReadSlots(link, slotCount + 100);
        (long[] slots, SentPulse[] pulses) = SimulationRun.LookUp(link, events);

        var tally = new LinkTally { EventsRead = events.Count };
        long[] counts = SimulationRun.CountIntensities(link, slotCount);
        counts.CopyTo(tally.Slots, 0);
        for (int i = 0; i < events.Count; i++)
        {
            if (slots[i] >= slotCount)
            {
                continue;
            }

            int k = (int)pulses[i].Intensity;
            tally.Detections[k]++;
            tally.TotalDetections++;
            (Basis basis, byte bit) = SimulationRun.Outcome(events[i].Channel);
            if (basis == pulses[i].Basis)
            {
                tally.Sifted[k]++;
                if (bit != pulses[i].Bit)
                {
                    tally.Errors[k]++;
                }
            }
        }

        return tally;
    }

    public double Gain(IntensityClass k) => (double)Detections[(int)k] / Slots[(int)k];

    public double ErrorRate(IntensityClass k) => (double)Errors[(int)k] / Sifted[(int)k];
}
