namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Settings of the simulated decoy-state BB84 link (configuration section <see cref="SectionName"/>). The defaults
/// describe a 25 km metro link with InGaAs-class gated detectors at 50 MHz; see the README for the model.
/// </summary>
/// <remarks>Bind, then call <see cref="Validate"/>; <see cref="SimulatedLink"/> refuses options that do not validate.</remarks>
public sealed partial class SimulatedLinkOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "Simulation";

    /// <summary>Seed of every random choice; both ends must use the same seed to agree on what was sent.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Pulse repetition rate in hertz; the slot period is round(1e12 / rate) picoseconds.</summary>
    public double RepetitionRateHz { get; set; } = 50e6;

    /// <summary>Fibre length L in kilometres.</summary>
    public double FibreLengthKm { get; set; } = 25;

    /// <summary>Fibre attenuation alpha in dB/km (0.2 is standard single-mode fibre at 1550 nm).</summary>
    public double FibreAttenuationDbPerKm { get; set; } = 0.2;

    /// <summary>Loss inside Bob's receiver before the detectors, in dB.</summary>
    public double ReceiverInsertionLossDb { get; set; } = 1.0;

    /// <summary>Detection efficiency of each single-photon detector, in (0, 1].</summary>
    public double DetectorEfficiency { get; set; } = 0.2;

    /// <summary>Dark-count rate of each of the four detectors, in hertz.</summary>
    public double DarkCountRateHz { get; set; } = 1000;

    /// <summary>Non-paralysable dead time of each detector after a registered click, in nanoseconds.</summary>
    public double DeadTimeNs { get; set; } = 100;

    /// <summary>One-sigma Gaussian timing jitter of a photon click, in picoseconds.</summary>
    public double TimingJitterPs { get; set; } = 50;

    /// <summary>Probability e_d that a photon reaching the matching-basis detector pair hits the wrong detector.</summary>
    public double MisalignmentError { get; set; } = 0.015;

    /// <summary>Mean photon number mu of signal pulses.</summary>
    public double SignalIntensity { get; set; } = 0.5;

    /// <summary>Mean photon number nu of decoy pulses.</summary>
    public double DecoyIntensity { get; set; } = 0.1;

    /// <summary>Mean photon number of "vacuum" pulses (a real intensity modulator never quite reaches zero).</summary>
    public double VacuumIntensity { get; set; } = 0.0002;

    /// <summary>Probability that a slot carries a signal pulse.</summary>
    public double SignalProbability { get; set; } = 0.7;

    /// <summary>Probability that a slot carries a decoy pulse.</summary>
    public double DecoyProbability { get; set; } = 0.2;

    /// <summary>Probability that a slot carries a vacuum pulse.</summary>
    public double VacuumProbability { get; set; } = 0.1;

    /// <summary>Probability that Alice prepares in the Z basis.</summary>
    public double AliceZBasisProbability { get; set; } = 0.5;

    /// <summary>Probability that Bob's passive beam splitter sends a photon to the Z detectors.</summary>
    public double BobZBasisProbability { get; set; } = 0.5;

    /// <summary>How much faster Bob's tagger clock runs than the shared (Alice's) clock, in parts per million.</summary>
    public double ClockMismatchPpm { get; set; } = 5.0;

    /// <summary>Shared time, in picoseconds, of Bob's tick zero before the link epoch (tick = (t + offset)·k).</summary>
    public long BobClockOffsetPs { get; set; } = 123_456_789;

    /// <summary>Length of one of Bob's tagger ticks, in picoseconds.</summary>
    public double TagResolutionPs { get; set; } = 1.0;

    /// <summary>
    /// Whether Alice leaves the public sync pattern's blank slots empty (<see cref="NodeAgent.Hal.Timing.SyncPattern"/>,
    /// one slot in 32), so that Bob can find the absolute slot index from his detections. Blank slots only ever see dark
    /// counts and carry no key. Off by default (the analytical model does not count blanks); the agent's default run
    /// turns it on and aligns slots from the detections.
    /// </summary>
    public bool SyncBlanks { get; set; }

    /// <summary>One-sigma uncertainty the simulated PTP-disciplined timebase reports, in picoseconds.</summary>
    public double TimebaseUncertaintyPs { get; set; } = 20;

    /// <summary>The eavesdropper's attack; see <see cref="EavesdropperAttack"/> and the README.</summary>
    public EavesdropperAttack Attack { get; set; } = EavesdropperAttack.None;

    /// <summary>Fraction of slots Eve attacks when <see cref="Attack"/> is not None, in [0, 1].</summary>
    public double AttackFraction { get; set; } = 1;

    /// <summary>
    /// Detection efficiency of Eve's own detectors in (0, 1] (<see cref="EavesdropperAttack.DetectorBlinding"/>: she
    /// forces a click at Bob only when she detected Alice's pulse).
    /// </summary>
    public double EveDetectorEfficiency { get; set; } = 0.5;

    /// <summary>
    /// Shorthand for an intercept-resend eavesdropper on this fraction of slots, in [0, 1] (the agent's <c>--eve</c>
    /// switch): with <see cref="Attack"/> None, a positive value means <see cref="EavesdropperAttack.InterceptResend"/>
    /// with <see cref="AttackFraction"/> = this value. Must be 0 when <see cref="Attack"/> is set. It is a separate
    /// setting rather than an alias writing the others so that configuration binding cannot depend on property order.
    /// </summary>
    public double EavesdropperFraction { get; set; }

    /// <summary>Whether slots follow the clock or are produced on demand.</summary>
    public SimulationPacing Pacing { get; set; } = SimulationPacing.RealTime;

    /// <summary>With <see cref="SimulationPacing.AsFastAsPossible"/>, the most slots one read advances the simulation.</summary>
    public long MaxSlotsPerRead { get; set; } = 1L << 24;

    /// <summary>
    /// With <see cref="SimulationPacing.RealTime"/>, the UTC instant of slot 0. Unset, slot 0 is when the link object is
    /// made, which suits both ends in one process; two processes (alice and bob roles) set the same recent instant so
    /// their slot counts agree, as PTP time would make them. At most 50 days old: shared time is counted in
    /// picoseconds in a long from this instant.
    /// </summary>
    public DateTimeOffset? Epoch { get; set; }

    /// <summary>Mean temperature the simulated sensors report, in degrees Celsius.</summary>
    public double TemperatureCelsius { get; set; } = 22.0;

    /// <summary>The attack in effect: <see cref="Attack"/>, or intercept-resend when only the shorthand is set.</summary>
    internal EavesdropperAttack EffectiveAttack => Attack != EavesdropperAttack.None ? Attack
        : EavesdropperFraction > 0 ? EavesdropperAttack.InterceptResend
        : EavesdropperAttack.None;

    /// <summary>Fraction of slots attacked: <see cref="AttackFraction"/>, or the shorthand; 0 without an attack.</summary>
    internal double EffectiveAttackFraction => Attack != EavesdropperAttack.None ? AttackFraction : EavesdropperFraction;

    /// <summary>Slot period in picoseconds implied by <see cref="RepetitionRateHz"/> (valid options only).</summary>
    internal long SlotPeriodPicoseconds => (long)Math.Round(1e12 / RepetitionRateHz);
}
