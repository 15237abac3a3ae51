using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

/// <summary>
/// The system of Lim et al., PRA 89, 022307 (2014), Sec. IV (dedicated fibre): η_Bob = 10 %, p_dc = 6·10^-7,
/// p_ap = 4·10^-2, α = 0.2 dB/km, e_mis = 5·10^-3, μ3 = 2·10^-4, f_EC = 1.16, ε_cor = 10^-15, ε_sec = κℓ with
/// κ = 10^-15. These are also <see cref="ChannelModel"/>'s defaults.
/// </summary>
internal static class LimParameters
{
    public const double Vacuum = 2e-4;
    public const double Kappa = 1e-15;

    public static ChannelModel Fibre(double lengthKm) => new()
    {
        LengthKm = lengthKm,
        FibreLossDbPerKm = 0.2,
        DetectorEfficiency = 0.1,
        DarkCountProbability = 6e-7,
        AfterpulseProbability = 0.04,
        MisalignmentError = 5e-3,
    };

    public static KeyRateModel Model(double lengthKm, DecoyMethod method = DecoyMethod.TwoDecoy) =>
        new(Fibre(lengthKm), new FiniteKeyOptions { Method = method, EpsilonCorrectness = 1e-15 })
        {
            ErrorCorrectionEfficiency = 1.16,
            SecrecyPerKeyBit = Kappa,
        };

    /// <summary>The optimised rate per pulse at one length.</summary>
    public static KeyRatePlan Optimise(double lengthKm, double keyBlock) =>
        KeyRatePlanner.Optimise(Model(lengthKm), keyBlock, Vacuum);

    /// <summary>The longest fibre (to <paramref name="resolutionKm"/>) over which the optimised block still yields key.</summary>
    public static double MaxDistance(Func<double, bool> yieldsKey, double lowKm, double highKm, double resolutionKm)
    {
        Assert.True(yieldsKey(lowKm), $"no key at {lowKm} km");
        Assert.False(yieldsKey(highKm), $"key at {highKm} km");
        while (highKm - lowKm > resolutionKm)
        {
            double middle = (lowKm + highKm) / 2.0;
            if (yieldsKey(middle))
            {
                lowKm = middle;
            }
            else
            {
                highKm = middle;
            }
        }

        return lowKm;
    }
}
