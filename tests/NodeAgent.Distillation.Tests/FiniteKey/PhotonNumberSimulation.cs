using NodeAgent.Distillation.Estimation.FiniteKey;
using NodeAgent.Distillation.Randomness;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Distillation.Tests.FiniteKey;

/// <summary>
/// A seeded photon-number simulation of one block of a decoy-state BB84 link, independent of the library's model:
/// each pulse carries n ~ Poisson(μ_k) photons, each photon survives with probability η, each of two detectors adds a
/// dark count with probability p_dc, and a detected photon lands in the wrong detector with probability e_mis.
/// It reports the counts the protocol sees and the truths the bounds claim to bound.
/// </summary>
/// <remarks>
/// Sampling is exact and costs O(detections), not O(pulses): the number of detections in a basis is a binomial drawn
/// by geometric skipping, and each detection then draws its (intensity, photon number) from the posterior
/// p_k Pois(n; μ_k) Y_n / Σ, with Y_n = 1 − (1 − 2 p_dc)(1 − η)^n; its bit is wrong with probability
/// (p_dc + e_mis (1 − (1 − η)^n)) / Y_n. A single-photon key detection has a phase error with the same probability
/// as a single-photon error in the test basis (the channel treats both bases alike).
/// </remarks>
internal sealed class PhotonNumberSimulation
{
    private const int MaxPhotons = 12;

    private readonly double _keyMatch;
    private readonly double _testMatch;
    private readonly double _detectionPerPulse;
    private readonly (int Intensity, int Photons, double Cumulative)[] _posterior;
    private readonly double[] _errorGivenPhotons = new double[MaxPhotons + 1];

    public PhotonNumberSimulation(Intensities intensities, double eta, double darkCount, double misalignment, double keyBasisProbability)
    {
        _keyMatch = keyBasisProbability * keyBasisProbability;
        _testMatch = (1 - keyBasisProbability) * (1 - keyBasisProbability);
        double[] mu = [intensities.Signal, intensities.Decoy, intensities.Vacuum];
        double[] p = [intensities.SignalProbability, intensities.DecoyProbability, intensities.VacuumProbability];
        var cells = new List<(int, int, double)>();
        for (int n = 0; n <= MaxPhotons; n++)
        {
            double transmitted = 1 - Math.Pow(1 - eta, n);
            double yield = 1 - ((1 - (2 * darkCount)) * Math.Pow(1 - eta, n));
            _errorGivenPhotons[n] = (darkCount + (misalignment * transmitted)) / yield;
            for (int k = 0; k < 3; k++)
            {
                double poisson = Math.Exp(-mu[k]) * Math.Pow(mu[k], n) / Factorial(n);
                cells.Add((k, n, p[k] * poisson * yield));
            }
        }

        // Most likely cells first, so the linear search in Draw usually stops after a step or two.
        cells.Sort((a, b) => b.Item3.CompareTo(a.Item3));
        _detectionPerPulse = cells.Sum(c => c.Item3);
        _posterior = new (int, int, double)[cells.Count];
        double cumulative = 0;
        for (int i = 0; i < cells.Count; i++)
        {
            cumulative += cells[i].Item3 / _detectionPerPulse;
            _posterior[i] = (cells[i].Item1, cells[i].Item2, cumulative);
        }
    }

    /// <summary>The expected key-basis detections per pulse.</summary>
    public double KeyDetectionsPerPulse => _keyMatch * _detectionPerPulse;

    /// <summary>The true per-detection error probability of a single-photon detection, e_1.</summary>
    public double SinglePhotonErrorRate => _errorGivenPhotons[1];

    /// <summary>Sends <paramref name="pulses"/> pulses and returns what both bases saw and the key basis' truths.</summary>
    public Block Run(long pulses, ref DeterministicRandom random)
    {
        // Key-basis detections ~ Bin(N, P_key); test-basis ~ Bin(N − M_key, P_test / (1 − P_key)): the multinomial split.
        double pKey = _keyMatch * _detectionPerPulse;
        double pTest = _testMatch * _detectionPerPulse;
        long keyCount = Binomial(pulses, pKey, ref random);
        long testCount = Binomial(pulses - keyCount, pTest / (1 - pKey), ref random);

        var block = new Block();
        for (long i = 0; i < keyCount; i++)
        {
            (int k, int n, bool error) = Detect(ref random);
            block.Key.Add((IntensityClass)k, 1, error ? 1 : 0);
            if (n == 1)
            {
                block.KeySinglePhotons++;
                if (random.NextDouble() < _errorGivenPhotons[1])
                {
                    block.KeySinglePhotonPhaseErrors++;
                }
            }
        }

        for (long i = 0; i < testCount; i++)
        {
            (int k, _, bool error) = Detect(ref random);
            block.Test.Add((IntensityClass)k, 1, error ? 1 : 0);
        }

        return block;
    }

    private (int Intensity, int Photons, bool Error) Detect(ref DeterministicRandom random)
    {
        double u = random.NextDouble();
        int cell = 0;
        while (cell < _posterior.Length - 1 && u >= _posterior[cell].Cumulative)
        {
            cell++;
        }

        (int k, int n, _) = _posterior[cell];
        return (k, n, random.NextDouble() < _errorGivenPhotons[n]);
    }

    /// <summary>Binomial(n, p) by summing geometric gaps between successes: exact, O(successes).</summary>
    private static long Binomial(long n, double p, ref DeterministicRandom random)
    {
        double logFailure = Math.Log(1 - p);
        long successes = 0;
        double position = -1;
        while (true)
        {
            double u = 1.0 - random.NextDouble(); // in (0, 1]
            position += 1 + Math.Floor(Math.Log(u) / logFailure);
            if (position >= n)
            {
                return successes;
            }

            successes++;
        }
    }

    private static double Factorial(int n)
    {
        double f = 1;
        for (int i = 2; i <= n; i++)
        {
            f *= i;
        }

        return f;
    }

    /// <summary>One simulated block.</summary>
    public sealed class Block
    {
        public IntensityCounts Key;
        public IntensityCounts Test;

        /// <summary>s_{key,1}: key-basis detections caused by single-photon pulses.</summary>
        public long KeySinglePhotons { get; set; }

        /// <summary>c_{key,1}: phase errors among them.</summary>
        public long KeySinglePhotonPhaseErrors { get; set; }
    }
}
