using NodeAgent.PeerLink;
using NodeAgent.PeerLink.Messages;

namespace NodeAgent.Node.Pipeline;

/// <summary>Running totals of one link end, updated by its pipeline and read by reporters from any thread.</summary>
public sealed class LinkEndStatistics
{
    private long _detections;
    private long _lostDetections;
    private long _siftedBits;
    private long _secretBits;
    private long _blocksAccepted;
    private long _blocksDiscarded;
    private long _disclosedBits;
    private long _reconciledBits;
    private long _blockPulses;
    private double _backgroundPerPulse = double.NaN;
    private readonly long[] _channelDetections = new long[MaxChannels];
    private int _channelCount;
    private double _lastQber = double.NaN;
    private double _lastEfficiency = double.NaN;
    private string _lastDiscardReason = "";
    private string _slotAlignment = "";
    private FiniteKeyReport? _lastEstimate;
    private int _alarm;

    /// <summary>Peer channel counters of this end.</summary>
    public PeerLinkStatistics PeerLink { get; } = new();

    /// <summary>Detections seen (Bob: read from the tagger; Alice: reported by Bob for sifting).</summary>
    public long Detections => Interlocked.Read(ref _detections);

    /// <summary>Detections the tagger reported lost to overflow.</summary>
    public long LostDetections => Interlocked.Read(ref _lostDetections);

    /// <summary>Bits kept by basis sifting.</summary>
    public long SiftedBits => Interlocked.Read(ref _siftedBits);

    /// <summary>Secret key bits committed to the store.</summary>
    public long SecretBits => Interlocked.Read(ref _secretBits);

    /// <summary>Blocks that produced keys.</summary>
    public long BlocksAccepted => Interlocked.Read(ref _blocksAccepted);

    /// <summary>Blocks discarded whole (high QBER, failed verification, no secret length, peer failure).</summary>
    public long BlocksDiscarded => Interlocked.Read(ref _blocksDiscarded);

    /// <summary>QBER of the last block's test-basis bits, all disclosed (NaN before the first).</summary>
    public double LastQber => Volatile.Read(ref _lastQber);

    /// <summary>Reconciliation efficiency f = leak / (n h(e)) of the last reconciled block.</summary>
    public double LastEfficiency => Volatile.Read(ref _lastEfficiency);

    /// <summary>The finite-key estimate of the last reconciled block (null before the first).</summary>
    public FiniteKeyReport? LastEstimate => Volatile.Read(ref _lastEstimate);

    /// <summary>The alarm raised by the last block (cleared by the next block that yields key).</summary>
    public LinkAlarm Alarm => (LinkAlarm)Volatile.Read(ref _alarm);

    /// <summary>Why the last discarded block was discarded.</summary>
    public string LastDiscardReason => Volatile.Read(ref _lastDiscardReason);

    /// <summary>The last slot-alignment attempt at Bob ("locked: …" or "cannot lock: …"); empty when not aligning.</summary>
    public string SlotAlignment => Volatile.Read(ref _slotAlignment);

    /// <summary>Records the outcome of a slot-alignment attempt.</summary>
    public void SlotAligned(string summary) => Volatile.Write(ref _slotAlignment, summary);

    /// <summary>Bits disclosed by reconciliation and verification over all reconciled blocks.</summary>
    public long DisclosedBits => Interlocked.Read(ref _disclosedBits);

    /// <summary>Detector channels counted separately (higher channel numbers are counted in the total only).</summary>
    public const int MaxChannels = 16;

    /// <summary>One more than the highest detector channel seen (Bob only; 0 before the first detection).</summary>
    public int ChannelCount => Volatile.Read(ref _channelCount);

    /// <summary>Detections the tagger reported on <paramref name="channel"/> (Bob only).</summary>
    public long ChannelDetections(int channel) =>
        (uint)channel < MaxChannels ? Interlocked.Read(ref _channelDetections[channel]) : 0;

    /// <summary>Pulses sent over the periods whose detections made the blocks opened so far (Alice only).</summary>
    public long BlockPulses => Interlocked.Read(ref _blockPulses);

    /// <summary>
    /// Detections per vacuum-intensity pulse over the last block's period (Alice only): dark counts and stray light
    /// inside the acceptance window, all detectors together, plus what the weakest intensity itself sends (NaN before
    /// the first block). A rise with an unchanged link means noisy or failing detectors.
    /// </summary>
    public double BackgroundPerPulse => Volatile.Read(ref _backgroundPerPulse);

    /// <summary>Key bits that went through reconciliation.</summary>
    public long ReconciledBits => Interlocked.Read(ref _reconciledBits);

    internal void AddDetections(long count, long lost)
    {
        Interlocked.Add(ref _detections, count);
        Interlocked.Add(ref _lostDetections, lost);
    }

    internal void AddChannelDetections(ReadOnlySpan<Hal.Acquisition.DetectionEvent> events)
    {
        // Tallied locally first: one interlocked add per channel per read, not per event.
        Span<long> counts = stackalloc long[MaxChannels];
        int highest = -1;
        foreach (Hal.Acquisition.DetectionEvent e in events)
        {
            if ((uint)e.Channel < MaxChannels)
            {
                counts[e.Channel]++;
                highest = Math.Max(highest, e.Channel);
            }
        }

        for (int c = 0; c <= highest; c++)
        {
            if (counts[c] != 0)
            {
                Interlocked.Add(ref _channelDetections[c], counts[c]);
            }
        }

        if (highest + 1 > Volatile.Read(ref _channelCount))
        {
            Volatile.Write(ref _channelCount, highest + 1);
        }
    }

    internal void Background(double perPulse) => Volatile.Write(ref _backgroundPerPulse, perPulse);

    internal void AddBlockPulses(long pulses) => Interlocked.Add(ref _blockPulses, pulses);

    internal void AddSifted(long bits) => Interlocked.Add(ref _siftedBits, bits);

    internal void QberEstimated(double qber) => Volatile.Write(ref _lastQber, qber);

    internal void Reconciled(long keyBits, long disclosedBits, double efficiency)
    {
        Interlocked.Add(ref _reconciledBits, keyBits);
        Interlocked.Add(ref _disclosedBits, disclosedBits);
        Volatile.Write(ref _lastEfficiency, efficiency);
    }

    internal void Estimated(FiniteKeyReport report) => Volatile.Write(ref _lastEstimate, report.Clone());

    internal void BlockAccepted(long secretBits)
    {
        Volatile.Write(ref _alarm, (int)LinkAlarm.None);
        Interlocked.Increment(ref _blocksAccepted);
        Interlocked.Add(ref _secretBits, secretBits);
    }

    internal void BlockDiscarded(string reason, LinkAlarm alarm = LinkAlarm.None)
    {
        if (alarm != LinkAlarm.None)
        {
            Volatile.Write(ref _alarm, (int)alarm);
        }

        Interlocked.Increment(ref _blocksDiscarded);
        Volatile.Write(ref _lastDiscardReason, reason);
    }
}
