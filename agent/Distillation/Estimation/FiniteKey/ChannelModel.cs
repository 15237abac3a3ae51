using System.Globalization;

namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// The analytical fibre-and-detector model of a decoy-state BB84 link: expected detection and error probabilities per
/// pulse of each intensity, as in the simulation section (Sec. IV) of Lim et al., PRA 89, 022307 (2014).
/// </summary>
/// <remarks>
/// η_sys = η_det · 10^(−(loss_channel + loss_receiver)/10), loss_channel = α·L unless <see cref="ChannelLossDb"/> is
/// set. For intensity μ (two threshold detectors, double clicks assigned a random bit):
/// <code>
///   D_μ = 1 − (1 − 2 p_dc) e^(−η_sys μ)                 detection without afterpulses
///   R_μ = D_μ (1 + p_ap)                                detection probability per pulse
///   e_μ = p_dc + e_mis (1 − e^(−η_sys μ)) + p_ap D_μ/2   error probability per pulse
/// </code>
/// Lim prints the misalignment term with the channel transmittance η_ch; it is taken with η_sys here, which is what a
/// photon must pass to be detected at all (with η_ch the error would exceed the signal-induced detection probability
/// at short range). Both bases see the same channel. Detector dead time is not modelled. Immutable, thread-safe.
/// </remarks>
public sealed record ChannelModel
{
    /// <summary>α, the fibre attenuation in dB/km (0.2 for standard telecom fibre at 1550 nm).</summary>
    public double FibreLossDbPerKm { get; init; } = 0.2;

    /// <summary>L, the fibre length in km.</summary>
    public double LengthKm { get; init; }

    /// <summary>The total channel loss in dB; when set it replaces α·L.</summary>
    public double? ChannelLossDb { get; init; }

    /// <summary>Optical loss inside Bob's receiver, in dB, on top of the detector efficiency.</summary>
    public double ReceiverLossDb { get; init; }

    /// <summary>η_det, the detection efficiency of each detector (η_Bob = 0.1 in Lim 2014).</summary>
    public double DetectorEfficiency { get; init; } = 0.1;

    /// <summary>p_dc, the dark-count probability per detector per pulse (6·10^-7 in Lim 2014).</summary>
    public double DarkCountProbability { get; init; } = 6e-7;

    /// <summary>e_mis, the probability that a detected photon lands in the wrong detector (5·10^-3 in Lim 2014).</summary>
    public double MisalignmentError { get; init; } = 5e-3;

    /// <summary>p_ap, the afterpulse probability per detection (4·10^-2 in Lim 2014).</summary>
    public double AfterpulseProbability { get; init; } = 0.04;

    /// <summary>Pulses per second, to turn rates per pulse into rates per second.</summary>
    public double RepetitionRateHz { get; init; } = 1e9;

    /// <summary>The probability that Alice prepares in the key basis.</summary>
    public double AliceKeyBasisProbability { get; init; } = 0.5;

    /// <summary>The probability that Bob measures in the key basis.</summary>
    public double BobKeyBasisProbability { get; init; } = 0.5;

    /// <summary>
    /// True for a passive receiver (a beam splitter picks Bob's basis and all four detectors watch every pulse, as in the
    /// simulated link): dark counts then reach each basis at the full two-detector rate instead of being thinned by
    /// Bob's basis choice. False for Lim's active basis choice.
    /// </summary>
    public bool PassiveBasisChoice { get; init; }

    /// <summary>
    /// The dark-count probability per detector that, put into the active-choice expressions, gives a basis chosen with
    /// probability <paramref name="bobBasisProbability"/> its detections: p_dc itself for an active receiver, p_dc/q_B for
    /// a passive one (its two detectors dark-count whatever the beam splitter did).
    /// </summary>
    public double EffectiveDarkCountProbability(double bobBasisProbability) =>
        PassiveBasisChoice ? Math.Min(DarkCountProbability / bobBasisProbability, 0.5) : DarkCountProbability;

    /// <summary>The channel loss in dB: <see cref="ChannelLossDb"/> if set, else α·L.</summary>
    public double ChannelLoss => ChannelLossDb ?? (FibreLossDbPerKm * LengthKm);

    /// <summary>η_sys: the probability that one photon sent by Alice is detected.</summary>
    public double SystemTransmittance => DetectorEfficiency * Math.Pow(10.0, -(ChannelLoss + ReceiverLossDb) / 10.0);

    /// <summary>The probability that both choose the key basis, q_A·q_B.</summary>
    public double KeyBasisMatchProbability => AliceKeyBasisProbability * BobKeyBasisProbability;

    /// <summary>The probability that both choose the test basis, (1 − q_A)(1 − q_B).</summary>
    public double TestBasisMatchProbability => (1.0 - AliceKeyBasisProbability) * (1.0 - BobKeyBasisProbability);

    /// <summary>R_μ: the probability that a pulse of mean photon number μ gives a detection (with afterpulses).</summary>
    public double DetectionProbability(double mu) =>
        DetectionProbability(SystemTransmittance, DarkCountProbability, AfterpulseProbability, mu);

    /// <summary>e_μ: the probability that a pulse of mean photon number μ gives a detection with the wrong bit.</summary>
    public double ErrorProbability(double mu) =>
        ErrorProbability(SystemTransmittance, DarkCountProbability, MisalignmentError, AfterpulseProbability, mu);

    /// <summary>Every setting that is out of range, each message naming it; empty when the model is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var messages = new List<string>();
        NonNegative(messages, nameof(FibreLossDbPerKm), FibreLossDbPerKm);
        NonNegative(messages, nameof(LengthKm), LengthKm);
        if (ChannelLossDb is double loss)
        {
            NonNegative(messages, nameof(ChannelLossDb), loss);
        }

        NonNegative(messages, nameof(ReceiverLossDb), ReceiverLossDb);
        if (!(DetectorEfficiency > 0.0 && DetectorEfficiency <= 1.0))
        {
            messages.Add(Invariant($"{nameof(DetectorEfficiency)} must lie in (0, 1]; got {DetectorEfficiency}."));
        }

        Probability(messages, nameof(DarkCountProbability), DarkCountProbability, 0.5);
        Probability(messages, nameof(MisalignmentError), MisalignmentError, 0.5);
        Probability(messages, nameof(AfterpulseProbability), AfterpulseProbability, 1.0);
        if (!(RepetitionRateHz > 0.0 && double.IsFinite(RepetitionRateHz)))
        {
            messages.Add(Invariant($"{nameof(RepetitionRateHz)} must be positive and finite; got {RepetitionRateHz}."));
        }

        OpenProbability(messages, nameof(AliceKeyBasisProbability), AliceKeyBasisProbability);
        OpenProbability(messages, nameof(BobKeyBasisProbability), BobKeyBasisProbability);
        return messages;
    }

    /// <summary>R_μ for explicit parameters (the planner's allocation-free path).</summary>
    internal static double DetectionProbability(double eta, double darkCount, double afterpulse, double mu) =>
        Clicks(eta, darkCount, mu) * (1.0 + afterpulse);

    /// <summary>e_μ for explicit parameters.</summary>
    internal static double ErrorProbability(double eta, double darkCount, double misalignment, double afterpulse, double mu) =>
        darkCount + (misalignment * -ExpM1(-eta * mu)) + (afterpulse * Clicks(eta, darkCount, mu) / 2.0);

    // D_μ = 1 − (1 − 2 p_dc) e^(−η μ), written so that tiny η μ keeps its precision.
    private static double Clicks(double eta, double darkCount, double mu) =>
        (2.0 * darkCount * Math.Exp(-eta * mu)) - ExpM1(-eta * mu);

    // e^x − 1 without the cancellation of Math.Exp(x) − 1 at the tiny η μ of long links (double.ExpM1 is that naive form).
    private static double ExpM1(double x) =>
        Math.Abs(x) < 1e-5 ? x * (1.0 + (x / 2.0 * (1.0 + (x / 3.0)))) : Math.Exp(x) - 1.0;

    private static void NonNegative(List<string> messages, string name, double value)
    {
        if (!(value >= 0.0 && double.IsFinite(value)))
        {
            messages.Add(Invariant($"{name} must be finite and ≥ 0; got {value}."));
        }
    }

    private static void Probability(List<string> messages, string name, double value, double max)
    {
        if (!(value >= 0.0 && value <= max))
        {
            messages.Add(Invariant($"{name} must lie in [0, {max}]; got {value}."));
        }
    }

    private static void OpenProbability(List<string> messages, string name, double value)
    {
        if (!(value > 0.0 && value < 1.0))
        {
            messages.Add(Invariant($"{name} must lie in (0, 1); got {value}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
