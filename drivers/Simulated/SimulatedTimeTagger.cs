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
/// <para>Not thread-safe (one reader thread, as <see cref="ITimeTagger"/> requires); the counters may be read from
/// any thread and are updated at the end of each read.</para>
/// </remarks>
internal sealed class SimulatedTimeTagger : ITimeTagger
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

    private long _publishedSlots;
    private long _publishedLost;
    private long _publishedEavesdropped;

    public SimulatedTimeTagger(SimulatedLinkOptions options, LinkModel model, PulseSchedule schedule, TaggerClock clock, SlotClock? slotClock)
    {
        _schedule = schedule;
        _clock = clock;
        _slotClock = slotClock;
        _maxSlotsPerRead = options.MaxSlotsPerRead;
        TickPicoseconds = options.TagResolutionPs;

        _slotPeriodPs = model.SlotPeriodPicoseconds;
        _halfPeriodPs = _slotPeriodPs / 2;
        _maxClickProbability = model.MaxClickProbability;
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
                if (click.Eavesdropped)
                {
                    _eavesdropped++;
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
        return new TaggerReadResult(written, 0);
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

    /// <summary>The next candidate after <paramref name="slot"/>: a geometric skip with success probability p_max.</summary>
    private long Advance(long slot)
    {
        // P(skip ≥ g) = (1 − p)^g = P(U ≤ (1 − p)^g), so skip = floor(ln U / ln(1 − p)) for U uniform in (0, 1].
        // The skip stays a double until it is known to fit, so an astronomically rare candidate (p_max ≈ 1e-21 on a
        // very long fibre) saturates instead of overflowing; slot indices themselves stay exact longs.
        double skip = _logNoCandidate == 0 ? double.PositiveInfinity
            : Math.Floor(Math.Log(_random.NextDoubleNonZero()) / _logNoCandidate);
        long room = _maxSlot - slot - 1;
        return skip >= room ? NeverSlot : slot + 1 + (long)skip;
    }

    private void SampleCandidate(long slot)
    {
        SentPulse pulse = _schedule.PulseAt(slot);
        int k = (int)pulse.Intensity;

        // One uniform on [0, p_max) decides thinning and the click's origin: [0, photon_k) photon,
        // [photon_k, p_k) dark count only, [p_k, p_max) no click.
        double v = _random.NextDouble() * _maxClickProbability;
        if (v >= _click[k])
        {
            return;
        }

        long slotStartPs = slot * _slotPeriodPs;
        if (v < _photonClick[k])
        {
            SamplePhotonClick(slot, slotStartPs, pulse);
        }
        else
        {
            // A dark count: any of the four detectors, at a time uniform over the slot's window [sP − P/2, sP + P/2).
            int channel = (int)_random.NextBelow(LinkModel.DetectorCount);
            long timePs = slotStartPs - _halfPeriodPs + (long)_random.NextBelow((ulong)_slotPeriodPs);
            _pending.Add(new PendingClick(timePs, channel, Eavesdropped: false));
        }
    }

    private void SamplePhotonClick(long slot, long slotStartPs, SentPulse pulse)
    {
        Basis stateBasis = pulse.Basis;
        byte stateBit = pulse.Bit;
        bool eavesdropped = _schedule.IsAttacked(slot);
        if (eavesdropped)
        {
            // Intercept-resend (Bennett, Bessette, Brassard, Salvail & Smolin, J. Cryptology 5, 3 (1992)): Eve measures
            // in a random basis, learning Alice's bit when the bases match and a fair coin otherwise, and resends that
            // state. Bob's click probability is left unchanged (Eve's channel is lossless and she tunes her source).
            Basis eveBasis = (Basis)_random.NextBit();
            stateBit = eveBasis == pulse.Basis ? pulse.Bit : _random.NextBit();
            stateBasis = eveBasis;
        }

        // Bob's passive beam splitter picks the basis; in the matching basis the photon goes to the wrong detector with
        // probability e_d, in the other basis it is a fair coin.
        Basis bobBasis = _random.NextDouble() < _bobZBasisProbability ? Basis.Z : Basis.X;
        byte bit = bobBasis == stateBasis
            ? (byte)(stateBit ^ (_random.NextDouble() < _misalignmentError ? 1 : 0))
            : _random.NextBit();

        long jitterPs = 0;
        if (_jitterSigmaPs > 0)
        {
            jitterPs = (long)Math.Round(Math.Clamp(_jitterSigmaPs * _random.NextGaussian(), -_jitterClipPs, _jitterClipPs));
        }

        int channel = (2 * (int)bobBasis) + bit;
        _pending.Add(new PendingClick(slotStartPs + jitterPs, channel, eavesdropped));
    }
}
