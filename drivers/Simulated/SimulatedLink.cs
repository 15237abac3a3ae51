using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Environment;
using NodeAgent.Hal.Timing;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// A simulated decoy-state BB84 link with weak coherent pulses: Alice's transmitter record, Bob's four-detector
/// passive-basis receiver with its time tagger, both timebases and temperature sensors, all driven by one seed.
/// </summary>
/// <remarks>
/// <para>
/// Deterministic: for given options the event stream, and what Alice sent in every slot, are fixed whatever the pacing
/// of reads. Two instances built from the same options (e.g. one per node process) agree on every slot's pulse.
/// </para>
/// <para>
/// The analytical members (<see cref="Transmittance"/>, <see cref="ExpectedGain"/>, <see cref="ExpectedErrorRate"/>)
/// give the standard decoy-state model of Lo, Ma &amp; Chen, PRL 94, 230504 (2005) and Ma, Qi, Zhao &amp; Lo,
/// PRA 72, 012326 (2005), Sec. II, for the channel without the eavesdropper; <see cref="AnalyticalModel"/> gives the
/// same model per intensity class and basis, as the simulator samples it.
/// </para>
/// <para>
/// An eavesdropper (<see cref="SimulatedLinkOptions.Attack"/>) acts inside the simulated channel. What she did is
/// reported by <see cref="GetEavesdropperStatistics"/> and <see cref="EavesdroppedClicks"/>, which are not part of any
/// hal seam: the agent, holding only the seams, sees her only through the clicks.
/// </para>
/// <para>
/// Thread safety: one thread reads <see cref="Tagger"/>; the transmitter record, timebases, sensors, model and counters
/// may be used from any thread.
/// </para>
/// </remarks>
public sealed class SimulatedLink
{
    private readonly LinkModel _model;
    private readonly PulseSchedule _schedule;
    private readonly SimulatedTimeTagger _tagger;
    private readonly Lock _attackCountLock = new();
    private long _attackCountedTo;
    private long _pulsesAttacked;

    /// <param name="options">Settings; validated, then copied (later changes to the object have no effect).</param>
    /// <param name="timeProvider">Clock for real-time pacing and the temperature drift.</param>
    /// <exception cref="ArgumentException">The options do not validate; the message lists every problem.</exception>
    public SimulatedLink(SimulatedLinkOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid(timeProvider, nameof(options));

        _model = new LinkModel(options);
        AnalyticalModel = new AnalyticalLinkModel(_model, options);
        var schedule = new PulseSchedule(options);
        _schedule = schedule;
        var clock = new TaggerClock(options.ClockMismatchPpm, options.BobClockOffsetPs, options.TagResolutionPs);
        var slotClock = new SlotClock(timeProvider, _model.SlotPeriodPicoseconds, options.Pacing == SimulationPacing.RealTime ? options.Epoch : null);
        SlotClock? pacingClock = options.Pacing == SimulationPacing.RealTime ? slotClock : null;

        _tagger = new SimulatedTimeTagger(options, _model, new AttackModel(options, _model), schedule, clock, pacingClock);
        Transmitter = new SimulatedTransmitterRecord(schedule, _tagger, pacingClock, _model.SlotPeriodPicoseconds)
        {
            Intensities = new IntensityLevels(
                options.SignalIntensity, options.DecoyIntensity, options.VacuumIntensity,
                options.SignalProbability, options.DecoyProbability, options.VacuumProbability),
        };
        BobTimebase = new SimulatedTimebase(clock, options.TimebaseUncertaintyPs);
        AliceTimebase = new SharedTimebase();
        // Bob's sensor lags Alice's by a quarter period so the two traces are told apart on a dashboard.
        AliceTemperature = new SimulatedTemperatureSensor("alice-enclosure", slotClock, options.TemperatureCelsius, 0);
        BobTemperature = new SimulatedTemperatureSensor("bob-detector", slotClock, options.TemperatureCelsius, -Math.PI / 2);
    }

    /// <summary>Alice's record of what she sent, random access by slot.</summary>
    public ITransmitterRecord Transmitter { get; }

    /// <summary>Bob's time tagger: channel 0 = Z/0, 1 = Z/1, 2 = X/0, 3 = X/1.</summary>
    public ITimeTagger Tagger => _tagger;

    /// <summary>Maps Bob's tagger ticks to shared picoseconds (knows the simulated mismatch and offset exactly).</summary>
    public ITimebase BobTimebase { get; }

    /// <summary>Alice's timebase: her clock is the shared scale, so ticks are shared picoseconds.</summary>
    public ITimebase AliceTimebase { get; }

    /// <summary>Sensor "alice-enclosure".</summary>
    public ITemperatureSensor AliceTemperature { get; }

    /// <summary>Sensor "bob-detector".</summary>
    public ITemperatureSensor BobTemperature { get; }

    /// <summary>
    /// The closed-form detection probability and error rate per intensity class and basis (no eavesdropper, no dead
    /// time), for comparing a key-rate planner or a measurement with the simulator.
    /// </summary>
    public AnalyticalLinkModel AnalyticalModel { get; }

    /// <summary>Slot period P in picoseconds, round(1e12 / repetition rate).</summary>
    public long SlotPeriodPicoseconds => _model.SlotPeriodPicoseconds;

    /// <summary>
    /// eta = 10^(−(alpha·L + insertion loss)/10) · detector efficiency: the probability that one photon Alice sends
    /// makes a click.
    /// </summary>
    public double Transmittance => _model.Transmittance;

    /// <summary>p_d = dark-count rate · slot period: probability of a dark count in one detector in one slot.</summary>
    public double DarkCountProbabilityPerSlot => _model.DarkCountProbabilityPerSlot;

    /// <summary>
    /// Q_k = 1 − (1 − Y0)·e^(−eta·mu_k): probability per slot of a detection given intensity class k, with
    /// Y0 = 1 − (1 − p_d)^4 the probability of at least one dark count among the four detectors.
    /// </summary>
    public double ExpectedGain(IntensityClass intensity) => _model.ClickProbability(intensity);

    /// <summary>
    /// E_k = (e0·Y0 + e_d·(1 − e^(−eta·mu_k))) / Q_k, e0 = 1/2: the error rate of detections where Bob's basis matches
    /// Alice's, without the eavesdropper.
    /// </summary>
    public double ExpectedErrorRate(IntensityClass intensity) => _model.ErrorRate(intensity);

    /// <summary>
    /// Slots simulated so far: every slot below this is decided (updated at the end of each tagger read). The clicks
    /// of the last slot or two may still wait in the reorder buffer until a later read.
    /// </summary>
    public long SlotsSimulated => _tagger.SlotsSimulated;

    /// <summary>Clicks dropped because their detector was still dead from its previous click.</summary>
    public long ClicksLostToDeadTime => _tagger.ClicksLostToDeadTime;

    /// <summary>
    /// Reported clicks the eavesdropper's action produced (a state she resent, photons she forwarded, a click she
    /// forced); <see cref="EavesdropperStatistics.AttackedClicks"/>.
    /// </summary>
    public long EavesdroppedClicks => _tagger.EavesdroppedClicks;

    /// <summary>
    /// What the eavesdropper did so far (for tests: the agent only holds the hal seams and never sees this). The click
    /// counters are those published at the end of the last tagger read; <see cref="EavesdropperStatistics.PulsesAttacked"/>
    /// is counted here, one hash per slot simulated since the previous call (none without an attack or with every slot
    /// attacked). Thread-safe; for counters from one and the same read, call it from the tagger's thread.
    /// </summary>
    public EavesdropperStatistics GetEavesdropperStatistics()
    {
        long slots = _tagger.SlotsSimulated;
        long attacked;
        lock (_attackCountLock)
        {
            if (slots > _attackCountedTo)
            {
                _pulsesAttacked += _schedule.CountAttacked(_attackCountedTo, slots);
                _attackCountedTo = slots;
            }

            attacked = _pulsesAttacked;
        }

        return new EavesdropperStatistics(
            _tagger.Attack.Attack, attacked, _tagger.EavesdroppedClicks, _tagger.PhotonsKept, _tagger.ForcedClicks);
    }
}
