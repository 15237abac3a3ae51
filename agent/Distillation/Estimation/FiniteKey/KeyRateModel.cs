namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// Expected secret key per pulse and per second of a link described by a <see cref="ChannelModel"/>: builds the
/// expected per-intensity counts of one block and applies the same bounds as <see cref="DecoyStateEstimator"/>.
/// </summary>
/// <remarks>
/// For a block of n_key key-basis detections, N = n_key / (q_A q_B Σ_k p_k R_k) pulses are sent; the key basis then
/// holds N q_A q_B p_k R_k detections and N q_A q_B p_k e_k errors of intensity k, the test basis the same with
/// (1 − q_A)(1 − q_B). Error correction leaks λ_EC = f_EC · n_key · h(e_key) (Lim 2014, Sec. IV). Expected counts are
/// used as real numbers, without rounding. Immutable after construction; thread-safe.
/// </remarks>
public sealed class KeyRateModel
{
    private readonly DecoyMethod _method;
    private readonly double _epsilonSecrecy;
    private readonly double _epsilonCorrectness;
    private readonly double _maxQber;
    private readonly double _eta;

    /// <summary>Creates a model; the options are copied, so later changes to them have no effect.</summary>
    /// <exception cref="ArgumentException">The channel or the options are invalid (the message lists why).</exception>
    public KeyRateModel(ChannelModel channel, FiniteKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(channel.Validate());
        problems.AddRange(options.Validate());
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(channel));
        }

        Channel = channel;
        _method = options.Method;
        _epsilonSecrecy = options.EpsilonSecrecy;
        _epsilonCorrectness = options.EpsilonCorrectness;
        _maxQber = options.MaxQber;
        _eta = channel.SystemTransmittance;
    }

    /// <summary>The link.</summary>
    public ChannelModel Channel { get; }

    /// <summary>The decoy method applied.</summary>
    public DecoyMethod Method => _method;

    /// <summary>f_EC: error-correction leakage relative to the Shannon limit n·h(e) (1.16 in Lim 2014).</summary>
    public double ErrorCorrectionEfficiency { get; init; } = 1.16;

    /// <summary>
    /// κ: when set, ε_sec = κ·ℓ ("secrecy leakage per generated bit", Lim 2014 Sec. IV, κ = 10^-15 for its figures),
    /// solved by fixed-point iteration; when null, the options' ε_sec is used.
    /// </summary>
    public double? SecrecyPerKeyBit { get; init; }

    /// <summary>The expected block with the channel's own basis probabilities.</summary>
    public KeyRatePoint Evaluate(in Intensities intensities, double keyBlockDetections) =>
        Evaluate(intensities, keyBlockDetections, Channel.AliceKeyBasisProbability, Channel.BobKeyBasisProbability);

    /// <summary>The expected block with the given basis probabilities (the planner varies them).</summary>
    public KeyRatePoint Evaluate(
        in Intensities intensities, double keyBlockDetections, double aliceKeyBasisProbability, double bobKeyBasisProbability)
    {
        string? invalid = intensities.Validate(_method);
        if (invalid is not null)
        {
            return Rejected(invalid, double.NegativeInfinity);
        }

        if (!(keyBlockDetections >= 1.0 && double.IsFinite(keyBlockDetections)))
        {
            return Rejected("The key block must hold at least one detection.", double.NegativeInfinity);
        }

        double keyMatch = aliceKeyBasisProbability * bobKeyBasisProbability;
        double testMatch = (1.0 - aliceKeyBasisProbability) * (1.0 - bobKeyBasisProbability);
        if (!(keyMatch > 0.0 && testMatch > 0.0 && aliceKeyBasisProbability < 1.0 && bobKeyBasisProbability < 1.0))
        {
            return Rejected("Both bases must be chosen with a probability in (0, 1).", double.NegativeInfinity);
        }

        ChannelModel c = Channel;
        double pKey = c.EffectiveDarkCountProbability(bobKeyBasisProbability);
        double pTest = c.EffectiveDarkCountProbability(1.0 - bobKeyBasisProbability);
        double r1 = ChannelModel.DetectionProbability(_eta, pKey, c.AfterpulseProbability, intensities.Signal);
        double r2 = ChannelModel.DetectionProbability(_eta, pKey, c.AfterpulseProbability, intensities.Decoy);
        double r3 = ChannelModel.DetectionProbability(_eta, pKey, c.AfterpulseProbability, intensities.Vacuum);
        double e1 = ChannelModel.ErrorProbability(_eta, pKey, c.MisalignmentError, c.AfterpulseProbability, intensities.Signal);
        double e2 = ChannelModel.ErrorProbability(_eta, pKey, c.MisalignmentError, c.AfterpulseProbability, intensities.Decoy);
        double e3 = ChannelModel.ErrorProbability(_eta, pKey, c.MisalignmentError, c.AfterpulseProbability, intensities.Vacuum);
        double p1 = intensities.SignalProbability;
        double p2 = intensities.DecoyProbability;
        double p3 = intensities.VacuumProbability; // 0 for one decoy, so the vacuum terms vanish
        double detection = (p1 * r1) + (p2 * r2) + (p3 * r3);
        double error = (p1 * e1) + (p2 * e2) + (p3 * e3);

        double pulses = keyBlockDetections / (keyMatch * detection);
        double keyScale = pulses * keyMatch;
        double testScale = pulses * testMatch;
        var key = new BasisStatistics(keyScale * p1 * r1, keyScale * p2 * r2, keyScale * p3 * r3, keyScale * p1 * e1, keyScale * p2 * e2, keyScale * p3 * e3);

        // The test basis has its own dark-count share when the receiver is passive; identical to the key basis otherwise.
        double t1 = ChannelModel.DetectionProbability(_eta, pTest, c.AfterpulseProbability, intensities.Signal);
        double t2 = ChannelModel.DetectionProbability(_eta, pTest, c.AfterpulseProbability, intensities.Decoy);
        double t3 = ChannelModel.DetectionProbability(_eta, pTest, c.AfterpulseProbability, intensities.Vacuum);
        double f1 = ChannelModel.ErrorProbability(_eta, pTest, c.MisalignmentError, c.AfterpulseProbability, intensities.Signal);
        double f2 = ChannelModel.ErrorProbability(_eta, pTest, c.MisalignmentError, c.AfterpulseProbability, intensities.Decoy);
        double f3 = ChannelModel.ErrorProbability(_eta, pTest, c.MisalignmentError, c.AfterpulseProbability, intensities.Vacuum);
        var test = new BasisStatistics(testScale * p1 * t1, testScale * p2 * t2, testScale * p3 * t3, testScale * p1 * f1, testScale * p2 * f2, testScale * p3 * f3);
        double qber = error / detection;
        double leaked = ErrorCorrectionEfficiency * keyBlockDetections * BinaryEntropy.H(Math.Min(qber, 0.5));

        double epsilon = _epsilonSecrecy;
        DecoyBounds.Compute(_method, intensities, key, test, leaked, epsilon, _epsilonCorrectness, out DecoyBoundValues values);
        if (SecrecyPerKeyBit is double kappa)
        {
            // ε_sec = κ·max(ℓ, 1): ℓ depends on ε_sec only through logarithms, so a few substitutions converge. The
            // floor of one bit gives blocks without key the ε_sec a one-bit key would need, so the boundary of the
            // accepted region is where the optimiser sees it.
            for (int i = 0; i < 8; i++)
            {
                double length = values.Status == DecoyBoundStatus.Ok ? values.RawLength : 1.0;
                double next = Math.Min(kappa * Math.Max(length, 1.0), 0.5);
                if (Math.Abs(next - epsilon) <= 1e-3 * epsilon)
                {
                    break;
                }

                epsilon = next;
                DecoyBounds.Compute(_method, intensities, key, test, leaked, epsilon, _epsilonCorrectness, out values);
            }
        }

        string? reason = qber > _maxQber
            ? "The expected QBER exceeds the limit."
            : values.Status switch
            {
                DecoyBoundStatus.Ok => values.RawLength >= 1.0 ? null : "The secret length is not positive.",
                DecoyBoundStatus.KeySinglePhotonNotPositive => "The key-basis single-photon lower bound is not positive.",
                DecoyBoundStatus.TestSinglePhotonNotPositive => "The test-basis single-photon lower bound is not positive.",
                DecoyBoundStatus.NoSinglePhotonErrors => "The single-photon error bound of the test basis is zero.",
                DecoyBoundStatus.PhaseErrorTooHigh => "The phase error bound is not below 0.5.",
                _ => "A bound is not a finite number.",
            };

        bool accepted = reason is null;
        bool bounded = values.Status == DecoyBoundStatus.Ok;
        double raw = bounded ? values.RawLength : 0.0;
        double perPulse = accepted ? raw / pulses : 0.0;
        double score = accepted ? perPulse
            : bounded ? Math.Min(raw, 0.0) / keyBlockDetections
            : FailureScore(values, leaked, keyBlockDetections, test.Detections);
        return new KeyRatePoint(
            accepted,
            reason,
            perPulse,
            perPulse * c.RepetitionRateHz,
            raw,
            pulses,
            keyBlockDetections,
            test.Detections,
            qber,
            qber,
            leaked,
            values.KeyVacuumLower,
            values.KeySinglePhotonLower,
            values.PhaseErrorUpper,
            epsilon)
        {
            Score = double.IsNaN(score) ? double.NegativeInfinity : score,
        };
    }

    /// <summary>
    /// The optimiser's score where the bounds fail: below any point whose bounds hold (those score at least
    /// −(λ_EC + overhead)/n_key), and rising as the failing bound recovers. Single-photon bounds enter as fractions of
    /// their basis, so shrinking a basis does not look like progress.
    /// </summary>
    private static double FailureScore(in DecoyBoundValues values, double leaked, double keyDetections, double testDetections)
    {
        double floor = -1.0 - ((leaked + values.SecurityOverheadBits) / keyDetections);
        double singlePhotons = Math.Min(values.KeySinglePhotonLower / keyDetections, 0.0)
            + Math.Min(values.TestSinglePhotonLower / testDetections, 0.0);
        double phase = values.Status == DecoyBoundStatus.PhaseErrorTooHigh ? 0.5 - values.PhaseErrorUpper : 0.0;
        double score = floor + singlePhotons + phase;
        return double.IsFinite(score) ? score : -1e300;
    }

    private static KeyRatePoint Rejected(string reason, double score) =>
        new(false, reason, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) { Score = score };
}
