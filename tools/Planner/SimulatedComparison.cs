using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodeAgent.Drivers.Simulated;
using NodeAgent.Node.Configuration;
using NodeAgent.Node.Hosting;

namespace NodeAgent.Planner;

/// <summary>
/// Runs both ends of the agent on the simulated link configured like the planner's channel, as fast as the CPU
/// allows, and measures the secret key it commits per pulse sent.
/// </summary>
internal static class SimulatedComparison
{
    /// <summary>Secret bits per pulse over <paramref name="blocks"/> blocks at <paramref name="km"/>, and the blocks kept.</summary>
    public static async Task<(double BitsPerPulse, long Accepted, long Discarded)> MeasureAsync(PlannerSettings s, double km, int blocks, CancellationToken cancellationToken)
    {
        var simulation = new SimulatedLinkOptions
        {
            Seed = (ulong)(1000 + km),
            RepetitionRateHz = s.RepetitionRateHz,
            FibreLengthKm = km,
            FibreAttenuationDbPerKm = s.FibreLossDbPerKm,
            ReceiverInsertionLossDb = s.ReceiverLossDb,
            DetectorEfficiency = s.DetectorEfficiency,
            DarkCountRateHz = s.DarkCountRateHz,
            MisalignmentError = s.MisalignmentError,
            DeadTimeNs = s.DeadTimeNs,
            SignalIntensity = s.Signal,
            DecoyIntensity = s.Decoy,
            VacuumIntensity = s.Vacuum,
            SignalProbability = s.SignalProbability,
            DecoyProbability = s.DecoyProbability,
            VacuumProbability = s.VacuumProbability,
            AliceZBasisProbability = s.KeyBasisProbability,
            BobZBasisProbability = s.KeyBasisProbability,
            Pacing = SimulationPacing.AsFastAsPossible,
        };
        var distillation = new DistillationOptions { BlockBits = (int)s.BlockBits, FiniteKey = s.FiniteKey, AcceptanceWindowPs = (long)s.WindowPs };
        var node = new NodeOptions { Role = NodeRole.Both, PeerTimeoutSeconds = 60 };
        using var runtime = new NodeRuntime(Options.Create(node), Options.Create(distillation), Options.Create(simulation), NullLoggerFactory.Instance, TimeProvider.System);
        LinkEnd alice = runtime.Ends[0];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task run = runtime.RunAsync(stop.Token);
        while (alice.Statistics.BlocksAccepted + alice.Statistics.BlocksDiscarded < blocks && !run.IsCompleted)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        // Bob stops between blocks, so every block whose pulses were counted also has its key counted.
        await stop.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(false);
        long pulses = alice.Statistics.BlockPulses;
        return (pulses == 0 ? 0 : (double)alice.Statistics.SecretBits / pulses, alice.Statistics.BlocksAccepted, alice.Statistics.BlocksDiscarded);
    }
}
