using NodeAgent.Distillation.Estimation.FiniteKey;
using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Tests.FiniteKey;

/// <summary>
/// The bounds against the truth of simulated blocks (<see cref="PhotonNumberSimulation"/>): the single-photon lower
/// bound s_{key,1} and the phase-error upper bound φ_key must hold except with the claimed probability ε_sec.
/// </summary>
public class MonteCarloBoundTests
{
    // η = 5 %, p_dc = 10^-4 (so the vacuum class sees detections), e_mis = 2 %, q = 1/2. With ε_sec = 0.1 the blocks
    // hold about 6 000 detections per basis, a regime where the finite-size terms dominate and a careless bound would
    // fail often enough to see; ε_sec = 10^-9 needs about 15× larger blocks for the bounds to be positive at all, so
    // fewer of them are run (any failure there would already be far above the claim).
    private static readonly Intensities s_twoDecoy = new(0.5, 0.1, 0.0, 0.4, 0.45, 0.15);
    private static readonly Intensities s_oneDecoy = new(0.5, 0.1, 0.0, 0.5, 0.5, 0.0);

    [Theory]
    [InlineData(DecoyMethod.TwoDecoy, 1e-9, 30_000_000L, 40, 11UL)]
    [InlineData(DecoyMethod.TwoDecoy, 0.1, 2_000_000L, 600, 12UL)]
    [InlineData(DecoyMethod.OneDecoy, 1e-9, 30_000_000L, 40, 13UL)]
    [InlineData(DecoyMethod.OneDecoy, 0.1, 2_000_000L, 600, 14UL)]
    public void Single_photon_and_phase_error_bounds_hold_in_all_but_an_epsilon_fraction_of_blocks(
        DecoyMethod method, double epsilonSecrecy, long pulses, int trials, ulong seed)
    {
        Intensities intensities = method == DecoyMethod.OneDecoy ? s_oneDecoy : s_twoDecoy;
        var simulation = new PhotonNumberSimulation(intensities, eta: 0.05, darkCount: 1e-4, misalignment: 0.02, keyBasisProbability: 0.5);
        var options = new FiniteKeyOptions { Method = method, EpsilonSecrecy = epsilonSecrecy, MaxQber = 0.5 };
        var random = new DeterministicRandom(seed);

        int evaluated = 0;
        int singlePhotonFailures = 0;
        int phaseErrorFailures = 0;
        double tightness = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            PhotonNumberSimulation.Block block = simulation.Run(pulses, ref random);

            // The one-decoy bound needs the key-basis errors, which the simulation knows as reconciliation would.
            FiniteKeyEstimate estimate = DecoyStateEstimator.Estimate(block.Key, block.Test, intensities, leakedBits: 0, options);
            if (!(estimate.KeySinglePhotonLower > 0 && estimate.PhaseErrorUpper > 0))
            {
                continue;
            }

            evaluated++;
            tightness += estimate.KeySinglePhotonLower / block.KeySinglePhotons;
            if (estimate.KeySinglePhotonLower > block.KeySinglePhotons)
            {
                singlePhotonFailures++;
            }

            double truePhaseError = (double)block.KeySinglePhotonPhaseErrors / block.KeySinglePhotons;
            if (estimate.PhaseErrorUpper < truePhaseError)
            {
                phaseErrorFailures++;
            }
        }

        // Loose: the claimed rate plus three standard deviations plus one, for the finite number of trials.
        double allowed = (epsilonSecrecy * trials) + (3 * Math.Sqrt(epsilonSecrecy * trials)) + 1;
        string context = $"seed {seed}, {method}, ε_sec {epsilonSecrecy}: {evaluated} of {trials} blocks evaluated, " +
            $"s1 failures {singlePhotonFailures}, φ failures {phaseErrorFailures}, mean s1_lower/s1 {tightness / Math.Max(evaluated, 1):F3}";
        Assert.True(evaluated >= trials * 0.95, context);
        Assert.True(singlePhotonFailures <= allowed, context);
        Assert.True(phaseErrorFailures <= allowed, context);

        // The bounds are conservative, yet not vacuous.
        Assert.True(tightness / evaluated > 0.25, context);
    }
}
