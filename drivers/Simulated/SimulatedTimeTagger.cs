using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Bob's four-detector passive-basis receiver and its time tagger. Channel = 2·basis + bit: 0 = Z/0, 1 = Z/1,
/// 2 = X/0, 3 = X/1.
/// </summary>
/// <remarks>
/// <para>
/// Sampling (see the README for the physics): a slot clicks with probability p_k = 1 − (1 − Y0)·e^(−eta·mu_k), k its
/// intensity class. Rather than visiting every slot, candidates are drawn at rate p_max = max_k p_k by geometric
/// skips and each candidate is kept with probability p_k / p_max: thinning (Lewis &amp; Shedler, "Simulation of
/// nonhomogeneous Poisson processes by thinning", Nav. Res. Logist. Q. 26(3), 1979, in its Bernoulli form), which is
/// exact. So the cost is per click, not per slot.
/// </para>
/// <para>
/// Clicks are generated slot by slot into a <see cref="ReorderBuffer"/> and released in time order once no later slot
/// can produce an earlier click (jitter is clipped at ±8 sigma so that bound exists). The dead-time filter runs at
/// release, in time order. Every draw comes from one xoshiro256** stream in a fixed order, and generation never depends
/// on how reads are chunked or paced, so a seed fixes the event stream.
/// </para>
/// <para>
/// An attack that changes the gains (photon-number splitting, blinding) gives attacked slots their own click
/// probabilities (<see cref="AttackModel"/>); the envelope p_max then covers both tables, and whether a candidate is
/// attacked is a hash of (seed, slot), so it costs no draw. Without such an attack the draws are exactly those of the
/// honest link (or of intercept-resend), so existing seeds replay unchanged. Sampling is in
/// <c>SimulatedTimeTagger.Sampling.cs</c>.
/// </para>
/// <para>Not thread-safe (one reader thread, as <see cref="ITimeTagger"/> requires); the counters may be read from
/// any thread and are updated at the end of each read.</para>
/// </remarks>
internal sealed partial class SimulatedTimeTagger : ITimeTagger
{
    /// <summary>Gaussian jitter is clipped here; a 8-sigma excursion has probability 1.2e-15 per click.</summary>
    private const double JitterClipSigmas = 8;

    /// <summary>A candidate slot that is never reached (no clicks possible, or past the representable range).</summary>
    private const long NeverSlot = long.MaxValue;

    // RNG stream number for the per-click draws; disjoint from PulseSchedule's streams 1..3.
    private const ulong ClickStream = 16;

    private readonly PulseSchedule _schedule;
    private readonly TaggerClock _clock;
    private readonly SlotClock? _slotClock;
    private readonly long _maxSlotsPerRead;
    private readonly long _slotPeriodPs;
    private readonly long _halfPeriodPs;
    private readonly long _maxSlot;
    private readonly long _earlyMarginPs;
    private readonly double _maxClickProbability;
    private readonly double _logNoCandidate; // ln(1 − p_max)
    private readonly double[] _click;
    private readonly double[] _photonClick;
    private readonly double _misalignmentError;
    private readonly double _bobZBasisProbability;
    private readonly EavesdropperAttack _attack;
    private readonly bool _attackChangesGains;
    private readonly AttackModel _attackModel;
    private readonly double[] _attackEve;    // per class: Eve's action makes Bob click (forwarded photons, forced click)
    private readonly double[] _attackSingle; // PNS, per class: the part of _attackEve from single-photon pulses
    private readonly double[] _attackClick;  // per class: any click in an attacked slot
    private readonly bool _syncBlanks;
    private readonly double _darkOnly; // Y0: a click in a slot with no pulse
    private readonly double _jitterSigmaPs;
    private readonly double _jitterClipPs;
    private readonly long _deadTimePs;
    private readonly long[] _lastClickPs = new long[LinkModel.DetectorCount];
    private readonly ReorderBuffer _pending = new();

    private Xoshiro256StarStar _random;
    private long _nextCandidate;
    private long _horizon;
    private long _lostToDeadTime;
    private long _eavesdropped;
    private long _photonsKept;
    private long _forced;

    private long _publishedSlots;
    private long _publishedLost;
    private long _publishedEavesdropped;
    private long _publishedPhotonsKept;
    private long _publishedForced;

    public SimulatedTimeTagger(
        SimulatedLinkOptions options, LinkModel model, AttackModel attack, PulseSchedule schedule, TaggerClock clock, SlotClock? slotClock)
    {
        _schedule = schedule;
        _clock = clock;
        _slotClock = slotClock;
        _maxSlotsPerRead = options.MaxSlotsPerRead;
        TickPicoseconds = options.TagResolutionPs;

        _slotPeriodPs = model.SlotPeriodPicoseconds;
        _halfPeriodPs = _slotPeriodPs / 2;
        _attackModel = attack;
        _attack = attack.Attack;
        _attackChangesGains = attack.ChangesGains && options.EffectiveAttackFraction > 0;
        _attackEve = [attack.EveClickProbability(0), attack.EveClickProbability(1), attack.EveClickProbability(2)];
        _attackSingle = [
            attack.SinglePhotonClickProbability(0), attack.SinglePhotonClickProbability(1), attack.SinglePhotonClickProbability(2)];
        _attackClick = [attack.ClickProbability(0), attack.ClickProbability(1), attack.ClickProbability(2)];
        _maxClickProbability = _attackChangesGains
            ? Math.Max(model.MaxClickProbability, attack.MaxClickProbability)
            : model.MaxClickProbability;
        _logNoCandidate = PrecisionMath.Log1P(-_maxClickProbability);
        _click = [
            model.ClickProbability(IntensityClass.Signal),
            model.ClickProbability(IntensityClass.Decoy),
            model.ClickProbability(IntensityClass.Vacuum)];
        _photonClick = [
            model.PhotonClickProbability(IntensityClass.Signal),
            model.PhotonClickProbability(IntensityClass.Decoy),
            model.PhotonClickProbability(IntensityClass.Vacuum)];
        _misalignmentError = model.MisalignmentError;
        _bobZBasisProbability = options.BobZBasisProbability;
        _syncBlanks = options.SyncBlanks;
        _darkOnly = model.Y0;
        _jitterSigmaPs = options.TimingJitterPs;
        _jitterClipPs = Math.Ceiling(JitterClipSigmas * _jitterSigmaPs);
        _deadTimePs = (long)Math.Round(options.DeadTimeNs * 1000);

        // No click of slot s or later is earlier than s·P − margin: dark clicks start at s·P − P/2, photon clicks at
        // s·P − clip.
        _earlyMarginPs = Math.Max(_halfPeriodPs, (long)_jitterClipPs) + 1;

        // Keep every shared time, and its tick (about (t + offset)·k), well inside a long: about 53 days of link time
        // at the default settings; past it the simulation simply produces nothing more.
        double ticksPerPs = (1.0 + (options.ClockMismatchPpm * 1e-6)) / options.TagResolutionPs;
        double maxSharedPs = (long.MaxValue / 2.0 / Math.Max(1.0, ticksPerPs))
            - Math.Abs((double)options.BobClockOffsetPs) - _earlyMarginPs - _slotPeriodPs;
        _maxSlot = (long)(maxSharedPs / _slotPeriodPs);

        Array.Fill(_lastClickPs, long.MinValue / 4);
        _random = new Xoshiro256StarStar(SplitMix64.StreamKey(options.Seed, ClickStream));
        // With a shared epoch the process joins the link mid-stream: start at the current slot, not at slot 0.
        _nextCandidate = Advance((slotClock?.StartSlot ?? 0) - 1);
    }

    public int ChannelCount => LinkModel.DetectorCount;

    public double TickPicoseconds { get; }

    /// <summary>Slots whose clicks are decided: every slot below this has been simulated.</summary>
    public long SlotsSimulated => Interlocked.Read(ref _publishedSlots);

    public long ClicksLostToDeadTime => Interlocked.Read(ref _publishedLost);

    public long EavesdroppedClicks => Interlocked.Read(ref _publishedEavesdropped);

    public long PhotonsKept => Interlocked.Read(ref _publishedPhotonsKept);

    public long ForcedClicks => Interlocked.Read(ref _publishedForced);

    public AttackModel Attack => _attackModel;

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        AdvanceHorizon();
        int written = 0;
        while (written < destination.Length)
        {
            if (_pending.Count > 0 && _pending.First.TimePs < ReleaseBoundPs())
            {
                PendingClick click = _pending.First;
                _pending.RemoveFirst();

                // Non-paralysable dead time: a click inside the window is lost and does not extend it.
                ref long last = ref _lastClickPs[click.Channel];
                if (click.TimePs - last < _deadTimePs)
                {
                    _lostToDeadTime++;
                    continue;
                }

                last = click.TimePs;
                if (click.Origin != ClickOrigin.None)
                {
                    CountEavesdropper(click.Origin);
                }

                destination[written++] = new DetectionEvent(_clock.ToTick(click.TimePs), click.Channel);
                continue;
            }

            if (_nextCandidate >= _horizon)
            {
                break;
            }

            SampleCandidate(_nextCandidate);
            _nextCandidate = Advance(_nextCandidate);
        }

        Interlocked.Exchange(ref _publishedSlots, CurrentSlotsSimulated());
        Interlocked.Exchange(ref _publishedLost, _lostToDeadTime);
        Interlocked.Exchange(ref _publishedEavesdropped, _eavesdropped);
        Interlocked.Exchange(ref _publishedPhotonsKept, _photonsKept);
        Interlocked.Exchange(ref _publishedForced, _forced);
        return new TaggerReadResult(written, 0);
    }

    private void CountEavesdropper(ClickOrigin origin)
    {
        _eavesdropped += (origin & ClickOrigin.Eavesdropper) != 0 ? 1 : 0;
        _photonsKept += (origin & ClickOrigin.PhotonKept) != 0 ? 1 : 0;
        _forced += (origin & ClickOrigin.Forced) != 0 ? 1 : 0;
    }

    private long CurrentSlotsSimulated() => Math.Min(_nextCandidate, _horizon);

    private void AdvanceHorizon()
    {
        long target = _slotClock is null
            ? (_maxSlotsPerRead > long.MaxValue - CurrentSlotsSimulated() ? long.MaxValue : CurrentSlotsSimulated() + _maxSlotsPerRead)
            : Math.Max(_horizon, _slotClock.SlotsElapsed());
        _horizon = Math.Min(target, _maxSlot);
    }

    /// <summary>Clicks earlier than this can no longer be preceded by a click still to be generated.</summary>
    private long ReleaseBoundPs() => (Math.Min(_nextCandidate, _maxSlot) * _slotPeriodPs) - _earlyMarginPs;
}
