using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// The analytical channel model of a weak-coherent-pulse BB84 link, following the standard decoy-state model of
/// Lo, Ma &amp; Chen, "Decoy state quantum key distribution", PRL 94, 230504 (2005), and Ma, Qi, Zhao &amp; Lo,
/// "Practical decoy state for quantum key distribution", PRA 72, 012326 (2005), Sec. II ("Model").
/// </summary>
/// <remarks>
/// <para>Symbols as in Ma et al.:</para>
/// <list type="bullet">
/// <item>eta = t_AB · eta_Bob, t_AB·(receiver loss) = 10^(−(alpha·L + insertion)/10), eta_Bob the detector efficiency.</item>
/// <item>Y0: probability of a click with no photon; here at least one dark count among the four detectors,
/// Y0 = 1 − (1 − p_d)^4 with p_d = dark rate · slot period.</item>
/// <item>Y_i = 1 − (1 − Y0)(1 − eta)^i for an i-photon state; summed over the Poisson distribution of a coherent
/// state of mean mu this gives the gain Q_mu = 1 − (1 − Y0)·e^(−eta·mu) (Ma et al. approximate it by
/// Y0 + 1 − e^(−eta·mu); the exact sum is what the simulator samples).</item>
/// <item>E_mu·Q_mu = e0·Y0 + e_d·(1 − e^(−eta·mu)), e0 = 1/2 (a dark count is a random bit), e_d the misalignment.</item>
/// </list>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
internal sealed class LinkModel
{
    /// <summary>Error rate of a click carrying no information (a dark count): a fair coin.</summary>
    public const double E0 = 0.5;

    /// <summary>Number of single-photon detectors (Z/0, Z/1, X/0, X/1).</summary>
    public const int DetectorCount = 4;

    private readonly double[] _intensities;
    private readonly double[] _photonClick; // 1 − e^(−eta·mu_k): a click from at least one photon
    private readonly double[] _click;       // p_k = Q_k = 1 − (1 − Y0)·e^(−eta·mu_k)

    public LinkModel(SimulatedLinkOptions options)
    {
        SlotPeriodPicoseconds = options.SlotPeriodPicoseconds;
        MisalignmentError = options.MisalignmentError;

        // eta = t_AB · eta_Bob: the fibre's transmittance times the receiver's (insertion loss and detector efficiency).
        // The attacks need the two factors apart: Eve replaces the fibre but cannot touch Bob's receiver.
        FibreTransmittance = Math.Pow(10, -(options.FibreAttenuationDbPerKm * options.FibreLengthKm) / 10);
        ReceiverEfficiency = Math.Pow(10, -options.ReceiverInsertionLossDb / 10) * options.DetectorEfficiency;
        double lossDb = (options.FibreAttenuationDbPerKm * options.FibreLengthKm) + options.ReceiverInsertionLossDb;
        Transmittance = Math.Pow(10, -lossDb / 10) * options.DetectorEfficiency;
        DarkCountProbabilityPerSlot = options.DarkCountRateHz * SlotPeriodPicoseconds * 1e-12;
        // 1 − (1 − p_d)^4 computed as −expm1(4·ln(1 − p_d)) so that tiny p_d keeps its digits.
        Y0 = -PrecisionMath.ExpM1(DetectorCount * PrecisionMath.Log1P(-DarkCountProbabilityPerSlot));

        _intensities = [options.SignalIntensity, options.DecoyIntensity, options.VacuumIntensity];
        _photonClick = new double[_intensities.Length];
        _click = new double[_intensities.Length];
        for (int k = 0; k < _intensities.Length; k++)
        {
            double noPhotonClick = Math.Exp(-Transmittance * _intensities[k]);
            _photonClick[k] = -PrecisionMath.ExpM1(-Transmittance * _intensities[k]);
            _click[k] = _photonClick[k] + (Y0 * noPhotonClick);
            MaxClickProbability = Math.Max(MaxClickProbability, _click[k]);
        }
    }

    public long SlotPeriodPicoseconds { get; }

    /// <summary>eta: probability that one photon sent by Alice causes a click.</summary>
    public double Transmittance { get; }

    /// <summary>t_AB = 10^(−alpha·L/10): the fibre's transmittance.</summary>
    public double FibreTransmittance { get; }

    /// <summary>10^(−insertion/10) · eta_Bob: probability that a photon entering Bob's receiver clicks.</summary>
    public double ReceiverEfficiency { get; }

    /// <summary>p_d: probability of a dark count in one detector in one slot.</summary>
    public double DarkCountProbabilityPerSlot { get; }

    /// <summary>Y0: probability of at least one dark count among the four detectors in one slot.</summary>
    public double Y0 { get; }

    public double MisalignmentError { get; }

    /// <summary>p_max: the largest per-slot click probability over the intensity classes (the thinning envelope).</summary>
    public double MaxClickProbability { get; }

    /// <summary>mu_k: mean photon number of intensity class k.</summary>
    public double Intensity(IntensityClass intensity) => _intensities[Index(intensity)];

    /// <summary>Q_k: probability per slot of at least one click given intensity class k.</summary>
    public double ClickProbability(IntensityClass intensity) => _click[Index(intensity)];

    /// <summary>1 − e^(−eta·mu_k): probability per slot that a photon of intensity class k clicks.</summary>
    public double PhotonClickProbability(IntensityClass intensity) => _photonClick[Index(intensity)];

    /// <summary>E_k = (e0·Y0 + e_d·(1 − e^(−eta·mu_k))) / Q_k.</summary>
    public double ErrorRate(IntensityClass intensity)
    {
        int k = Index(intensity);
        return ((E0 * Y0) + (MisalignmentError * _photonClick[k])) / _click[k];
    }

    internal static int Index(IntensityClass intensity) => intensity switch
    {
        IntensityClass.Signal or IntensityClass.Decoy or IntensityClass.Vacuum => (int)intensity,
        _ => throw new ArgumentOutOfRangeException(nameof(intensity), intensity, "Unknown intensity class."),
    };
}
