using System.Runtime.CompilerServices;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Alice's random choices and the eavesdropper's target slots as pure functions of (seed, slot): each is one SplitMix64
/// output of its own stream evaluated at the slot index (a counter-based generator, in the manner of Salmon et al.,
/// "Parallel random numbers: as easy as 1, 2, 3", SC 2011). Any slot can be looked up in any order with no memory,
/// which is what lets <see cref="ITransmitterRecord.TryLookup"/> be random access and lets both ends of a link,
/// possibly in different processes, agree on what was sent.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class PulseSchedule
{
    // Stream numbers: fixed forever, since changing one changes every simulated run.
    private const ulong BasisAndBitStream = 1;
    private const ulong IntensityStream = 2;
    private const ulong EavesdropperStream = 3;

    private readonly ulong _basisKey;
    private readonly ulong _intensityKey;
    private readonly ulong _eveKey;
    private readonly double _zBasisProbability;
    private readonly double _signalThreshold;
    private readonly double _decoyThreshold;
    private readonly double _eveFraction;

    public PulseSchedule(SimulatedLinkOptions options)
    {
        _basisKey = SplitMix64.StreamKey(options.Seed, BasisAndBitStream);
        _intensityKey = SplitMix64.StreamKey(options.Seed, IntensityStream);
        _eveKey = SplitMix64.StreamKey(options.Seed, EavesdropperStream);
        _zBasisProbability = options.AliceZBasisProbability;
        _signalThreshold = options.SignalProbability;
        _decoyThreshold = options.SignalProbability + options.DecoyProbability;
        _eveFraction = options.EffectiveAttack == EavesdropperAttack.None ? 0 : options.EffectiveAttackFraction;
    }

    /// <summary>What Alice sent in <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SentPulse PulseAt(long slot)
    {
        // Top 53 bits decide the basis, the lowest bit the bit value: disjoint bits of one SplitMix64 output.
        ulong choice = SplitMix64.At(_basisKey, slot);
        Basis basis = SplitMix64.ToUnit(choice) < _zBasisProbability ? Basis.Z : Basis.X;
        byte bit = (byte)(choice & 1);

        double u = SplitMix64.ToUnit(SplitMix64.At(_intensityKey, slot));
        IntensityClass intensity = u < _signalThreshold ? IntensityClass.Signal
            : u < _decoyThreshold ? IntensityClass.Decoy
            : IntensityClass.Vacuum;
        return new SentPulse(basis, bit, intensity);
    }

    /// <summary>Whether the eavesdropper attacks <paramref name="slot"/> (whatever the attack).</summary>
    /// <remarks>The stream and the test are those the intercept-resend eavesdropper always used, so old runs replay.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsAttacked(long slot) =>
        _eveFraction > 0 && SplitMix64.ToUnit(SplitMix64.At(_eveKey, slot)) < _eveFraction;

    /// <summary>How many slots of [<paramref name="from"/>, <paramref name="to"/>) are attacked: one hash per slot.</summary>
    public long CountAttacked(long from, long to)
    {
        if (to <= from || _eveFraction <= 0)
        {
            return 0;
        }

        if (_eveFraction >= 1)
        {
            return to - from; // ToUnit is below 1 for every slot
        }

        long count = 0;
        for (long slot = from; slot < to; slot++)
        {
            count += IsAttacked(slot) ? 1 : 0;
        }

        return count;
    }
}
