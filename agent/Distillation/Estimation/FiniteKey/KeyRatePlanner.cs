namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>
/// Chooses μ1, μ2, p_μ1, p_μ2 and the key-basis probability q that maximise the expected secret key per pulse of a
/// <see cref="KeyRateModel"/>, as Lim et al. 2014 (Sec. IV) do for their figures. μ3 stays as given.
/// </summary>
/// <remarks>
/// Nelder–Mead on an unconstrained re-parametrisation that keeps every candidate valid: q = σ(x0), μ1 = μ_max σ(x1),
/// μ2 = μ3 + (μ1 − 2μ3) σ(x2) (so μ2 &gt; μ3 and μ1 &gt; μ2 + μ3), (p_μ1, p_μ2, p_μ3) = softmax(x3, x4, 0); for one
/// decoy μ2 = μ1 σ(x2), p_μ1 = σ(x3). σ is the logistic function. Alice and Bob share q. Each search restarts from its
/// best point until it stops improving; searches run from the caller's start and from three fixed reference points,
/// and the best result wins, so the outcome is deterministic. Still a local optimiser: warm-start a sweep from the
/// previous distance's plan. A few thousand model evaluations (milliseconds) per call. Stateless and thread-safe.
/// </remarks>
public static class KeyRatePlanner
{
    /// <summary>The largest signal intensity considered.</summary>
    public const double MaxSignal = 1.5;

    private const int EvaluationsPerRun = 1500;
    private const int MaxRestarts = 4;
    private const int ReferenceStarts = 3;

    /// <summary>A conventional starting point for <paramref name="method"/>, with μ3 = <paramref name="vacuum"/>.</summary>
    public static Intensities DefaultStart(DecoyMethod method, double vacuum = 0.0) => method == DecoyMethod.OneDecoy
        ? new Intensities(0.5, 0.15, 0.0, 0.7, 0.3, 0.0)
        : new Intensities(0.5, 0.1, vacuum, 0.7, 0.2, 0.1);

    /// <summary>Optimises from the default start with μ3 = <paramref name="vacuum"/> and q = 0.8.</summary>
    public static KeyRatePlan Optimise(KeyRateModel model, double keyBlockDetections, double vacuum = 0.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Optimise(model, keyBlockDetections, DefaultStart(model.Method, vacuum), 0.8);
    }

    /// <summary>Optimises from the given start (μ3 of <paramref name="start"/> is kept fixed).</summary>
    /// <exception cref="ArgumentException">The start is not a valid parameter set for the model's method.</exception>
    public static KeyRatePlan Optimise(KeyRateModel model, double keyBlockDetections, in Intensities start, double startKeyBasisProbability)
    {
        ArgumentNullException.ThrowIfNull(model);
        string? invalid = start.Validate(model.Method);
        if (invalid is not null)
        {
            throw new ArgumentException(invalid, nameof(start));
        }

        if (!(startKeyBasisProbability > 0.0 && startKeyBasisProbability < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(startKeyBasisProbability), startKeyBasisProbability, "q must lie in (0, 1).");
        }

        var objective = new RateObjective(model, keyBlockDetections, start.Vacuum);
        Span<double> best = stackalloc double[objective.Dimension];
        Span<double> x = stackalloc double[objective.Dimension];
        objective.Encode(start, startKeyBasisProbability, best);
        double bestValue = objective.Evaluate(best);
        for (int pass = 0; pass <= ReferenceStarts; pass++)
        {
            // The caller's point first, then fixed reference points (large blocks favour a frequent signal and key
            // basis, small blocks a larger test basis): Nelder–Mead is local, and from a start where no neighbour
            // yields key it can settle on a point that does not either.
            if (pass == 0)
            {
                objective.Encode(start, startKeyBasisProbability, x);
            }
            else
            {
                (Intensities reference, double referenceQ) = ReferenceStart(model.Method, start.Vacuum, pass - 1);
                if (reference == start && referenceQ == startKeyBasisProbability)
                {
                    continue;
                }

                objective.Encode(reference, referenceQ, x);
            }

            double value = Run(ref objective, x);
            if (value < bestValue)
            {
                bestValue = value;
                x.CopyTo(best);
            }
        }

        objective.Decode(best, out Intensities intensities, out double q);
        KeyRatePoint point = model.Evaluate(intensities, keyBlockDetections, q, q);
        return new KeyRatePlan(intensities, q, point, objective.Evaluations);
    }

    private static (Intensities Intensities, double KeyBasisProbability) ReferenceStart(DecoyMethod method, double vacuum, int index) =>
        (method, index) switch
        {
            (DecoyMethod.OneDecoy, 0) => (DefaultStart(method), 0.8),
            (DecoyMethod.OneDecoy, 1) => (new Intensities(0.5, 0.15, 0.0, 0.3, 0.7, 0.0), 0.5),
            (DecoyMethod.OneDecoy, _) => (new Intensities(0.4, 0.1, 0.0, 0.5, 0.5, 0.0), 0.7),
            (_, 0) => (DefaultStart(method, vacuum), 0.8),
            (_, 1) => (new Intensities(0.5, 0.1, vacuum, 0.1, 0.5, 0.4), 0.5),
            _ => (new Intensities(0.45, 0.2, vacuum, 0.4, 0.4, 0.2), 0.7),
        };

    private static double Run(ref RateObjective objective, Span<double> x)
    {
        double value = NelderMead.Minimise(ref objective, x, 0.6, EvaluationsPerRun, 1e-9);
        for (int restart = 0; restart < MaxRestarts; restart++)
        {
            // Restarting with a fresh simplex undoes a premature collapse, a known weakness of Nelder–Mead.
            double next = NelderMead.Minimise(ref objective, x, 0.2, EvaluationsPerRun, 1e-10);
            bool improved = next < value - (1e-6 * Math.Abs(value));
            value = Math.Min(value, next);
            if (!improved)
            {
                break;
            }
        }

        return value;
    }

    private struct RateObjective : IObjective
    {
        private readonly KeyRateModel _model;
        private readonly double _keyBlockDetections;
        private readonly double _vacuum;

        public RateObjective(KeyRateModel model, double keyBlockDetections, double vacuum)
        {
            _model = model;
            _keyBlockDetections = keyBlockDetections;
            _vacuum = vacuum;
            Evaluations = 0;
        }

        public int Evaluations { get; private set; }

        public readonly int Dimension => _model.Method == DecoyMethod.OneDecoy ? 4 : 5;

        public double Evaluate(ReadOnlySpan<double> x)
        {
            Evaluations++;
            Decode(x, out Intensities intensities, out double q);
            double score = _model.Evaluate(intensities, _keyBlockDetections, q, q).Score;
            return double.IsNaN(score) ? double.PositiveInfinity : -score;
        }

        public readonly void Decode(ReadOnlySpan<double> x, out Intensities intensities, out double q)
        {
            q = Logistic(x[0]);
            double mu1 = MaxSignal * Logistic(x[1]);
            if (_model.Method == DecoyMethod.OneDecoy)
            {
                double p1 = Logistic(x[3]);
                intensities = new Intensities(mu1, mu1 * Logistic(x[2]), 0.0, p1, 1.0 - p1, 0.0);
                return;
            }

            double mu2 = _vacuum + ((mu1 - (2.0 * _vacuum)) * Logistic(x[2]));
            double e3 = Math.Exp(x[3]);
            double e4 = Math.Exp(x[4]);
            double sum = e3 + e4 + 1.0;
            intensities = new Intensities(mu1, mu2, _vacuum, e3 / sum, e4 / sum, 1.0 / sum);
        }

        public readonly void Encode(in Intensities intensities, double q, Span<double> x)
        {
            x[0] = Logit(q);
            x[1] = Logit(Math.Min(intensities.Signal / MaxSignal, 0.999));
            if (_model.Method == DecoyMethod.OneDecoy)
            {
                x[2] = Logit(intensities.Decoy / intensities.Signal);
                x[3] = Logit(intensities.SignalProbability);
                return;
            }

            double mu1 = Math.Min(intensities.Signal, 0.999 * MaxSignal);
            x[2] = Logit((intensities.Decoy - _vacuum) / (mu1 - (2.0 * _vacuum)));
            x[3] = Math.Log(intensities.SignalProbability / intensities.VacuumProbability);
            x[4] = Math.Log(intensities.DecoyProbability / intensities.VacuumProbability);
        }

        private static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));

        private static double Logit(double p)
        {
            p = Math.Clamp(p, 1e-9, 1.0 - 1e-9);
            return Math.Log(p / (1.0 - p));
        }
    }
}
