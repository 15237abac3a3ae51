using NodeAgent.Distillation.Estimation;
using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

public class DecoyStateEstimatorTests
{
    private static readonly Intensities s_three = new(0.5, 0.1, 2e-4, 0.7, 0.2, 0.1);
    private static readonly Intensities s_two = new(0.5, 0.1, 0.0, 0.7, 0.3, 0.0);

    // The expected block of a 60 km link with noisy detectors (p_dc = 2·10^-5, so that s_{key,0} is positive),
    // rounded: n_key = 10^7 with QBER 3.2 %, n_test ≈ 2·10^6.
    private static readonly IntensityCounts s_key = new(9_416_830, 565_768, 17_402, 282_575, 29_659, 8_448);
    private static readonly IntensityCounts s_test = new(1_883_320, 113_152, 3_480, 56_515, 5_932, 1_690);

    /// <summary>Lim et al. 2014, eqs. (1)–(5), written out here in the paper's notation (X = key, Z = test).</summary>
    [Fact]
    public void Two_decoy_matches_Lim_equations_1_to_5_written_out_by_hand()
    {
        const double eps = 1e-9;
        const double epsCor = 1e-15;
        const long leak = 2_000_000;
        double[] mu = [0.5, 0.1, 2e-4];
        double[] p = [0.7, 0.2, 0.1];
        double Tau(int n) => Enumerable.Range(0, 3).Sum(k => p[k] * Math.Exp(-mu[k]) * Math.Pow(mu[k], n)); // n ≤ 1: n! = 1
        double tau0 = Tau(0);
        double tau1 = Tau(1);

        // n±_{X,k} = e^k/p_k (n_{X,k} ± √(n_X/2 ln(21/ε_sec))), likewise for Z and for the errors m.
        double[] nX = [9_416_830, 565_768, 17_402];
        double[] nZ = [1_883_320, 113_152, 3_480];
        double[] mZ = [56_515, 5_932, 1_690];
        double dX = Math.Sqrt(nX.Sum() / 2 * Math.Log(21 / eps));
        double dZ = Math.Sqrt(nZ.Sum() / 2 * Math.Log(21 / eps));
        double dmZ = Math.Sqrt(mZ.Sum() / 2 * Math.Log(21 / eps));
        double Pm(double[] counts, double d, int k, int sign) => Math.Exp(mu[k]) / p[k] * (counts[k] + (sign * d));

        // Eq. (2) and (3), key basis X.
        double sX0 = tau0 * ((mu[1] * Pm(nX, dX, 2, -1)) - (mu[2] * Pm(nX, dX, 1, +1))) / (mu[1] - mu[2]);
        double squares = (mu[1] * mu[1]) - (mu[2] * mu[2]);
        double sX1 = tau1 * mu[0] * (Pm(nX, dX, 1, -1) - Pm(nX, dX, 2, +1) - (squares / (mu[0] * mu[0]) * (Pm(nX, dX, 0, +1) - (sX0 / tau0))))
            / ((mu[0] * (mu[1] - mu[2])) - squares);

        // The same for the test basis Z, then eq. (4) and eq. (5). Here eq. (2) is negative; s_{Z,0} ≥ 0 holds anyway,
        // and the larger valid lower bound is the one to put into eq. (3).
        double sZ0 = tau0 * ((mu[1] * Pm(nZ, dZ, 2, -1)) - (mu[2] * Pm(nZ, dZ, 1, +1))) / (mu[1] - mu[2]);
        sZ0 = Math.Max(sZ0, 0);
        double sZ1 = tau1 * mu[0] * (Pm(nZ, dZ, 1, -1) - Pm(nZ, dZ, 2, +1) - (squares / (mu[0] * mu[0]) * (Pm(nZ, dZ, 0, +1) - (sZ0 / tau0))))
            / ((mu[0] * (mu[1] - mu[2])) - squares);
        double vZ1 = tau1 * (Pm(mZ, dmZ, 1, +1) - Pm(mZ, dmZ, 2, -1)) / (mu[1] - mu[2]);
        double b = vZ1 / sZ1;
        double c = sZ1;
        double d = sX1;
        double gamma = Math.Sqrt((c + d) * (1 - b) * b / (c * d * Math.Log(2)) * Math.Log2((c + d) / (c * d * (1 - b) * b) * (21.0 * 21.0) / (eps * eps)));
        double phiX = b + gamma;

        // Eq. (1).
        double length = sX0 + (sX1 * (1 - BinaryEntropy.H(phiX))) - leak - (6 * Math.Log2(21 / eps)) - Math.Log2(2 / epsCor);

        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(s_key, s_test, s_three, leak, new FiniteKeyOptions());

        Assert.True(sX0 > 0, "the example should exercise a positive vacuum bound");
        Assert.True(estimate.Accepted, estimate.DiscardReason);
        Assert.Equal(sX0, estimate.KeyVacuumLower, 1e-9 * sX0);
        Assert.Equal(sX1, estimate.KeySinglePhotonLower, 1e-9 * sX1);
        Assert.Equal(sZ1, estimate.TestSinglePhotonLower, 1e-9 * sZ1);
        Assert.Equal(vZ1, estimate.TestSinglePhotonErrorsUpper, 1e-9 * vZ1);
        Assert.Equal(gamma, estimate.SamplingCorrection, 1e-9 * gamma);
        Assert.Equal(phiX, estimate.PhaseErrorUpper, 1e-9 * phiX);
        Assert.Equal(dX, estimate.KeyDetectionDeviation, 1e-9 * dX);
        Assert.Equal(length, estimate.RawLength, 1e-9 * length);
        Assert.Equal((long)Math.Floor(length), estimate.SecretBits);
        Assert.Equal(10_000_000, estimate.KeyDetections);
        Assert.Equal(0.0320682, estimate.KeyQber, 12);
        Assert.Equal(64_137.0 / 1_999_952, estimate.TestQber, 12);
        FiniteKeyAssert.AllFinite(estimate);
    }

    /// <summary>Rusca et al. 2018, Appendix A, written out by hand (Z = key, X = test, k = μ2 in eq. (A16)).</summary>
    [Fact]
    public void One_decoy_matches_Rusca_appendix_A_written_out_by_hand()
    {
        const double eps = 1e-9;
        const long leak = 1_000_000;
        double mu1 = 0.5;
        double mu2 = 0.1;
        double p1 = 0.7;
        double p2 = 0.3;
        double tau0 = (p1 * Math.Exp(-mu1)) + (p2 * Math.Exp(-mu2));
        double tau1 = (p1 * Math.Exp(-mu1) * mu1) + (p2 * Math.Exp(-mu2) * mu2);
        var key = new IntensityCounts(9_000_000, 1_300_000, 0, 90_000, 15_000, 0);
        var test = new IntensityCounts(1_000_000, 150_000, 0, 12_000, 2_000, 0);
        double Delta(double n) => Math.Sqrt(n / 2 * Math.Log(19 / eps));
        double Scaled(double mu, double p, double count, double d) => Math.Exp(mu) / p * (count + d);

        // (A16) vacuum upper bound, (A17) single photons, (A19) vacuum lower bound — for the key basis Z.
        double dnZ = Delta(10_300_000);
        double dmZ = Delta(105_000);
        double sZ0u = 2 * ((tau0 * Scaled(mu2, p2, 15_000, dmZ)) + dnZ);
        double r = mu2 / mu1;
        double sZ1 = tau1 * mu1 / (mu2 * (mu1 - mu2)) * (Scaled(mu2, p2, 1_300_000, -dnZ) - (r * r * Scaled(mu1, p1, 9_000_000, dnZ)) - ((1 - (r * r)) * sZ0u / tau0));
        double sZ0 = tau0 / (mu1 - mu2) * ((mu1 * Scaled(mu2, p2, 1_300_000, -dnZ)) - (mu2 * Scaled(mu1, p1, 9_000_000, dnZ)));

        // The test basis X: (A16), (A17), (A22), then (A20)–(A21) and (A25).
        double dnX = Delta(1_150_000);
        double dmX = Delta(14_000);
        double sX0u = 2 * ((tau0 * Scaled(mu2, p2, 2_000, dmX)) + dnX);
        double sX1 = tau1 * mu1 / (mu2 * (mu1 - mu2)) * (Scaled(mu2, p2, 150_000, -dnX) - (r * r * Scaled(mu1, p1, 1_000_000, dnX)) - ((1 - (r * r)) * sX0u / tau0));
        double vX1 = tau1 / (mu1 - mu2) * (Scaled(mu1, p1, 12_000, dmX) - Scaled(mu2, p2, 2_000, -dmX));
        double b = vX1 / sX1;
        double gamma = Math.Sqrt((sX1 + sZ1) * (1 - b) * b / (sX1 * sZ1 * Math.Log(2)) * Math.Log2((sX1 + sZ1) / (sX1 * sZ1 * (1 - b) * b) * 441 / (eps * eps)));
        double phi = b + gamma;
        double length = Math.Max(sZ0, 0) + (sZ1 * (1 - BinaryEntropy.H(phi))) - leak - (6 * Math.Log2(19 / eps)) - Math.Log2(2 / 1e-15);

        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(key, test, s_two, leak, new FiniteKeyOptions { Method = DecoyMethod.OneDecoy });

        Assert.True(estimate.Accepted, estimate.DiscardReason);
        Assert.Equal(sZ0u, estimate.KeyVacuumUpper, 1e-9 * sZ0u);
        Assert.Equal(Math.Max(sZ0, 0), estimate.KeyVacuumLower, 1e-6);
        Assert.Equal(sZ1, estimate.KeySinglePhotonLower, 1e-9 * sZ1);
        Assert.Equal(sX1, estimate.TestSinglePhotonLower, 1e-9 * sX1);
        Assert.Equal(vX1, estimate.TestSinglePhotonErrorsUpper, 1e-9 * vX1);
        Assert.Equal(phi, estimate.PhaseErrorUpper, 1e-9 * phi);
        Assert.Equal(length, estimate.RawLength, 1e-9 * length);
        Assert.Equal(6 * Math.Log2(19 / eps) + Math.Log2(2e15), estimate.SecurityOverheadBits, 9);
    }

    [Fact]
    public void More_test_errors_or_more_leakage_never_give_more_key()
    {
        var options = new FiniteKeyOptions();
        long previous = long.MaxValue;
        for (long errors = 40_000; errors <= 100_000; errors += 10_000)
        {
            IntensityCounts test = s_test;
            test.SignalErrors = errors;
            long bits = DecoyStateEstimator.Estimate(s_key, test, s_three, 2_000_000, options).SecretBits;
            Assert.True(bits <= previous, $"{errors} errors: {bits} > {previous}");
            previous = bits;
        }

        long less = DecoyStateEstimator.Estimate(s_key, s_test, s_three, 2_000_000, options).SecretBits;
        long more = DecoyStateEstimator.Estimate(s_key, s_test, s_three, 2_500_000, options).SecretBits;
        Assert.Equal(500_000, less - more);
    }

    [Fact]
    public void A_stricter_secrecy_parameter_gives_fewer_bits()
    {
        long loose = DecoyStateEstimator.Estimate(s_key, s_test, s_three, 2_000_000, new FiniteKeyOptions { EpsilonSecrecy = 1e-6 }).SecretBits;
        long strict = DecoyStateEstimator.Estimate(s_key, s_test, s_three, 2_000_000, new FiniteKeyOptions { EpsilonSecrecy = 1e-12 }).SecretBits;

        Assert.True(strict < loose, $"{strict} ≥ {loose}");
    }

    [Fact]
    public void Counts_above_two_to_the_32_are_handled_exactly()
    {
        // 1000× the example block: the signal class of both bases and the key basis' total exceed 2^32 = 4 294 967 296.
        IntensityCounts key = Scale(s_key, 1000);
        IntensityCounts test = Scale(s_test, 1000);

        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(key, test, s_three, 2_000_000_000, new FiniteKeyOptions());

        Assert.True(estimate.Accepted, estimate.DiscardReason);
        Assert.Equal(10_000_000_000, estimate.KeyDetections);
        Assert.Equal(320_682_000, estimate.KeyErrors);
        Assert.True(estimate.SecretBits > int.MaxValue, $"{estimate.SecretBits}");
        FiniteKeyAssert.AllFinite(estimate);

        static IntensityCounts Scale(IntensityCounts c, long factor) => new(
            c.SignalDetections * factor, c.DecoyDetections * factor, c.VacuumDetections * factor,
            c.SignalErrors * factor, c.DecoyErrors * factor, c.VacuumErrors * factor);
    }

    [Fact]
    public void Agrees_with_the_key_rate_model_on_the_same_expected_counts()
    {
        // The model works on real-valued expected counts. Rounding them to whole detections moves the bounds by parts
        // per million, but ℓ is a small difference of large terms (here s1 ≈ 5.6·10^6, ℓ ≈ 4·10^4 at φ ≈ 0.17, where
        // dh/dφ ≈ 2.3), so ℓ is compared to 10^-4 of the block.
        var model = new KeyRateModel(LimParameters.Fibre(50), new FiniteKeyOptions());
        KeyRatePoint point = model.Evaluate(s_three, 1e7, 0.85, 0.85);
        ChannelModel channel = LimParameters.Fibre(50);
        double keyScale = point.PulsesPerBlock * 0.85 * 0.85;
        double testScale = point.PulsesPerBlock * 0.15 * 0.15;

        FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(Expected(keyScale), Expected(testScale), s_three, (long)Math.Ceiling(point.LeakedBits), new FiniteKeyOptions());

        Assert.True(point.Accepted && estimate.Accepted);
        Assert.Equal(point.KeySinglePhotonLower, estimate.KeySinglePhotonLower, 1e-5 * point.KeySinglePhotonLower);
        Assert.Equal(point.PhaseErrorUpper, estimate.PhaseErrorUpper, 1e-3 * point.PhaseErrorUpper);
        Assert.Equal(point.RawLength, estimate.RawLength, 1e-4 * point.KeyDetections);

        IntensityCounts Expected(double scale)
        {
            long R(double mu, double p) => (long)Math.Round(scale * p * channel.DetectionProbability(mu));
            long E(double mu, double p) => (long)Math.Round(scale * p * channel.ErrorProbability(mu));
            return new IntensityCounts(
                R(0.5, 0.7), R(0.1, 0.2), R(2e-4, 0.1), E(0.5, 0.7), E(0.1, 0.2), E(2e-4, 0.1));
        }
    }

    [Fact]
    public void Throws_only_for_missing_options()
    {
        Assert.Throws<ArgumentNullException>(() => DecoyStateEstimator.Estimate(s_key, s_test, s_three, 0, null!));
    }
}
