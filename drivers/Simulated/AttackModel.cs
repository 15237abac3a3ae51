using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// Click probabilities of an attacked slot, per intensity class, for the attacks that change Bob's gains (photon-number
/// splitting and detector blinding). Intercept-resend keeps the honest gains and needs no table.
/// </summary>
/// <remarks>
/// <para>
/// Eve sits at Alice's output and cannot tell the intensity classes apart: she sees only the photon number (PNS) or
/// whether her own detector clicked (blinding), and the n-photon state of a phase-randomised coherent pulse is the same
/// whichever intensity it came from. So she tunes her attack once, on the signal intensity that carries most pulses, to
/// keep Bob's signal gain Q_mu as it would be without her, and the same rule then acts on decoy and vacuum pulses. That
/// is exactly what the decoy-state method exploits (Hwang, PRL 91, 057901 (2003); Lo, Ma &amp; Chen, PRL 94, 230504
/// (2005)).
/// </para>
/// <para>
/// Per class k the table holds: <c>Eve(k)</c>, the probability that Eve's action makes Bob click (a photon she forwarded
/// or a click she forced), and <c>Click(k) = Eve(k) + Y0·(1 − Eve(k))</c>, adding a dark count when nothing of Eve's
/// clicked. For PNS, <c>Single(k) ≤ Eve(k)</c> is the part from forwarded single-photon pulses, of which Eve kept
/// nothing. Immutable and thread-safe.
/// </para>
/// </remarks>
internal sealed class AttackModel
{
    /// <summary>Poisson terms beyond mu + this many standard deviations (plus a margin) are below 1e-20 and dropped.</summary>
    private const double PoissonTailSigmas = 12;

    private static readonly IntensityClass[] s_classes = [IntensityClass.Signal, IntensityClass.Decoy, IntensityClass.Vacuum];

    private readonly double[] _eve = new double[3];
    private readonly double[] _single = new double[3];
    private readonly double[] _click = new double[3];

    public AttackModel(SimulatedLinkOptions options, LinkModel model)
    {
        Attack = options.EffectiveAttack;
        double signal = model.Intensity(IntensityClass.Signal);
        // The honest photon-click probability of the signal, 1 − e^(−eta·mu): what Eve must reproduce.
        double target = model.PhotonClickProbability(IntensityClass.Signal);

        if (Attack == EavesdropperAttack.PhotonNumberSplitting)
        {
            // Lossless channel substitution (Brassard, Lütkenhaus, Mor & Sanders, PRL 85, 1330 (2000); Lütkenhaus,
            // PRA 61, 052304 (2000)). Eve counts the photons of each pulse without disturbing them (a QND measurement):
            //   n = 0: nothing to do;
            //   n = 1: she cannot split it, so she blocks it or forwards it untouched, forwarding with probability f1;
            //   n ≥ 2: she keeps one photon in a quantum memory, measures it once the bases are announced (learning the
            //          bit with no error), and forwards n − 1 photons, with probability fm.
            // Forwarding is over a lossless fibre, so only Bob's receiver (insertion loss, detector efficiency eta_R)
            // acts: an m-photon state clicks with 1 − (1 − eta_R)^m. Bob's photon-click probability for intensity mu is
            //   P(mu) = f1·S(mu) + fm·M(mu),  S(mu) = mu·e^(−mu)·eta_R,  M(mu) = Σ_{n≥2} e^(−mu)·mu^n/n!·(1 − (1 − eta_R)^(n−1)).
            // Eve picks (f1, fm) so that P(mu_signal) = 1 − e^(−eta·mu_signal):
            //   * M ≤ target ≤ S + M: fm = 1, f1 = (target − M)/S (she blocks a fraction 1 − f1 of single photons);
            //   * M > target (long fibre): f1 = 0 and fm = target/M: she blocks every single photon and even some
            //     multi-photon pulses; every photon click at Bob is then one whose bit she holds (Y1 = 0);
            //   * S + M < target (short fibre): f1 = fm = 1, and Bob's gain falls short: the loss is too small to hide
            //     the photon she keeps.
            // She adds no errors: Bob's photons are Alice's, with the usual misalignment. The single-photon yield seen by
            // the decoy method drops from eta to f1·eta_R, and the decoy gain falls below what a Poisson channel with the
            // signal's gain would give, because a weak pulse is far more often a single photon than a signal pulse is.
            double eta = model.ReceiverEfficiency;
            double s = SinglePhotonClick(signal, eta);
            double m = MultiPhotonClick(signal, eta);
            (SingleForwardProbability, MultiForwardProbability) =
                m >= target ? (0.0, target / m)
                : m + s >= target ? ((target - m) / s, 1.0)
                : (1.0, 1.0);
            foreach (IntensityClass k in s_classes)
            {
                double mu = model.Intensity(k);
                int i = (int)k;
                _single[i] = SingleForwardProbability * SinglePhotonClick(mu, eta);
                _eve[i] = _single[i] + (MultiForwardProbability * MultiPhotonClick(mu, eta));
            }
        }
        else if (Attack == EavesdropperAttack.DetectorBlinding)
        {
            // Faked states through blinded detectors (Makarov & Hjelme, J. Mod. Opt. 52, 691 (2005); Lydersen et al.,
            // Nature Photonics 4, 686 (2010)). Eve measures each pulse in a random basis with detectors of efficiency
            // eta_E: she clicks with P_E(mu) = 1 − e^(−eta_E·mu) (vacuum-intensity pulses almost never). Bob's detectors
            // are held in linear mode by bright light; a bright pulse in Eve's state is split by Bob's passive beam
            // splitter, and only the detector of Eve's basis and bit gets light above threshold (the other basis's pair
            // gets half of it each, below threshold), so it clicks whatever "basis" a photon would have taken. To keep
            // Bob's signal gain Eve forwards a detection with probability c = min(1, target / P_E(mu_signal)), so the
            // forced-click probability is F(mu) = c·P_E(mu): it follows her detector, not the fibre. Blinded detectors
            // give no dark counts; she emulates them (a click at a random detector and time with probability Y0 when she
            // forced nothing), since a vacuum gain far below Y0 would give her away. So the vacuum gain stays at about
            // Y0, the signal gain at Q_mu, and the decoy gain is c·P_E(nu), which for an efficient Eve lies above the
            // Poisson channel's 1 − e^(−eta·nu): F is more strongly curved than the channel it imitates (c < 1).
            ForcedClickScale = Math.Min(1.0, target / -PrecisionMath.ExpM1(-options.EveDetectorEfficiency * signal));
            foreach (IntensityClass k in s_classes)
            {
                _eve[(int)k] = ForcedClickScale * -PrecisionMath.ExpM1(-options.EveDetectorEfficiency * model.Intensity(k));
            }
        }

        foreach (IntensityClass k in s_classes)
        {
            int i = (int)k;
            _click[i] = _eve[i] + (model.Y0 * (1 - _eve[i]));
            MaxClickProbability = Math.Max(MaxClickProbability, _click[i]);
        }
    }

    public EavesdropperAttack Attack { get; }

    /// <summary>True when attacked slots have their own click probabilities (PNS and blinding).</summary>
    public bool ChangesGains => Attack is EavesdropperAttack.PhotonNumberSplitting or EavesdropperAttack.DetectorBlinding;

    /// <summary>PNS: f1, the probability that Eve forwards a single-photon pulse rather than blocking it.</summary>
    public double SingleForwardProbability { get; }

    /// <summary>PNS: fm, the probability that Eve forwards the rest of a multi-photon pulse (1 unless the fibre is long).</summary>
    public double MultiForwardProbability { get; }

    /// <summary>Blinding: c, the probability that Eve passes one of her detections on as a forced click.</summary>
    public double ForcedClickScale { get; }

    /// <summary>Largest <see cref="ClickProbability"/> over the classes (0 without a gain-changing attack).</summary>
    public double MaxClickProbability { get; }

    /// <summary>Probability that Eve's action makes Bob click in an attacked slot of class <paramref name="k"/>.</summary>
    public double EveClickProbability(int k) => _eve[k];

    /// <summary>PNS: the part of <see cref="EveClickProbability"/> from single-photon pulses (Eve holds no photon).</summary>
    public double SinglePhotonClickProbability(int k) => _single[k];

    /// <summary>Probability of any click in an attacked slot of class <paramref name="k"/>.</summary>
    public double ClickProbability(int k) => _click[k];

    /// <summary>S(mu) = mu·e^(−mu)·eta: a one-photon pulse forwarded losslessly clicks in Bob's receiver.</summary>
    private static double SinglePhotonClick(double mu, double receiverEfficiency) => mu * Math.Exp(-mu) * receiverEfficiency;

    /// <summary>
    /// M(mu) = Σ_{n≥2} P_mu(n)·(1 − (1 − eta)^(n−1)): an n-photon pulse less the photon Eve keeps clicks in Bob's
    /// receiver. Summed term by term (all positive, no cancellation, and valid for eta = 1).
    /// </summary>
    private static double MultiPhotonClick(double mu, double receiverEfficiency)
    {
        if (mu == 0)
        {
            return 0;
        }

        double miss = 1 - receiverEfficiency;
        double poisson = Math.Exp(-mu) * mu; // P(1)
        double missPower = 1;                // (1 − eta)^(n−1) at n = 1
        double sum = 0;
        int last = (int)Math.Ceiling(mu + (PoissonTailSigmas * Math.Sqrt(mu)) + 30);
        for (int n = 2; n <= last; n++)
        {
            poisson *= mu / n;
            missPower *= miss;
            sum += poisson * (1 - missPower);
        }

        return sum;
    }
}
