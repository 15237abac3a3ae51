using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// Bob's side of Cascade (Brassard &amp; Salvail, "Secret-key reconciliation by public discussion", EUROCRYPT '93):
/// corrects his key in place by asking Alice parities through an <see cref="IParityOracle"/>.
/// </summary>
/// <remarks>
/// <para>Round trips are few and independent of what the channel's latency is (Martinez-Mateo et al., "Demystifying
/// the information reconciliation protocol Cascade", QIC 15, 453 (2015), on interactivity):</para>
/// <list type="number">
/// <item>one call asks the parity of every block of every pass at once (Alice's key does not change, so nothing is
/// gained by asking pass by pass);</item>
/// <item>then, while any pass has an odd block, all odd blocks of the earliest such pass are bisected in lockstep,
/// one call per level, reusing every parity already known (see <see cref="CascadeRun"/>).</item>
/// </list>
/// <para>The leakage is exactly the number of parities asked. Each correction removes a real error when Alice answers
/// truthfully; <see cref="CascadeSchedule.MaxRounds"/> and a cap of n corrections bound a lying or broken oracle.
/// One reconciler may run several keys, one at a time or concurrently (it holds no per-run state).</para>
/// </remarks>
public sealed class CascadeReconciler
{
    private readonly CascadeSchedule _schedule;

    public CascadeReconciler(CascadeSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
    }

    /// <summary>Runs Cascade on <paramref name="bobKey"/> (length = schedule length), correcting it in place.</summary>
    public async ValueTask<CascadeResult> ReconcileAsync(
        BitVector bobKey, IParityOracle oracle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bobKey);
        ArgumentNullException.ThrowIfNull(oracle);
        if (bobKey.Length != _schedule.Length)
        {
            throw new ArgumentException(
                $"The key has {bobKey.Length} bits but the schedule was built for {_schedule.Length}.", nameof(bobKey));
        }

        using var run = new CascadeRun(_schedule, bobKey);
        long disclosed = 0;
        int roundTrips = 0;
        int count = run.PrepareTopLevel();
        if (count > 0)
        {
            await AskAsync(run, count, oracle, cancellationToken).ConfigureAwait(false);
            roundTrips++;
            disclosed += count;
            run.AcceptTopLevel();
        }

        while ((count = run.PrepareRound()) > 0)
        {
            if (roundTrips >= _schedule.MaxRounds)
            {
                return new CascadeResult(run.CorrectedBits, disclosed, roundTrips, Completed: false);
            }

            await AskAsync(run, count, oracle, cancellationToken).ConfigureAwait(false);
            roundTrips++;
            disclosed += count;
            run.AcceptRound();
        }

        return new CascadeResult(run.CorrectedBits, disclosed, roundTrips, Completed: !run.Inconsistent);
    }

    private static ValueTask AskAsync(CascadeRun run, int count, IParityOracle oracle, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return oracle.AnswerAsync(
            run.Queries.AsMemory(0, count), run.Answers.AsMemory(0, BitVector.WordCount(count)), cancellationToken);
    }
}
