using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation;

/// <summary>
/// Bob's side of Cascade (Brassard &amp; Salvail, "Secret-key reconciliation by public discussion", EUROCRYPT '93):
/// corrects his key in place by asking Alice parities through an <see cref="IParityOracle"/>.
/// </summary>
/// <remarks>
/// <para>Questions are batched to save round trips (cf. Martinez-Mateo et al., "Demystifying the information
/// reconciliation protocol Cascade", QIC 15, 453 (2015), on interactivity):</para>
/// <list type="number">
/// <item>per pass, all top-level block parities in one call;</item>
/// <item>then all odd blocks of one pass are bisected in lockstep, one call per bisection level;</item>
/// <item>each flip toggles the block containing that bit in every processed pass; odd blocks that appear are
/// bisected the same way, earliest (smallest-block) pass first, until no processed pass has an odd block.</item>
/// </list>
/// <para>Each correction removes a real error when Alice answers truthfully, so a run ends after at most
/// (errors) bisections; <see cref="CascadeSchedule.MaxRounds"/> also bounds a lying or broken oracle.
/// The leakage is exactly the number of queries sent. One reconciler may run several keys, one at a time or
/// concurrently (it holds no per-run state).</para>
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

        var run = new CascadeRun(_schedule, bobKey);
        long disclosed = 0;
        int roundTrips = 0;

        for (int pass = 0; pass < _schedule.PassCount; pass++)
        {
            int count = run.PrepareTopLevel(pass);
            if (count == 0)
            {
                break; // empty key: nothing to ask in any pass
            }

            if (roundTrips >= _schedule.MaxRounds)
            {
                return new CascadeResult(run.CorrectedBits, disclosed, roundTrips, Completed: false);
            }

            await AskAsync(run, count, oracle, cancellationToken).ConfigureAwait(false);
            roundTrips++;
            disclosed += count;
            run.AcceptTopLevel(pass);

            while (run.TryBeginBisection())
            {
                while ((count = run.PrepareBisection()) > 0)
                {
                    if (roundTrips >= _schedule.MaxRounds)
                    {
                        return new CascadeResult(run.CorrectedBits, disclosed, roundTrips, Completed: false);
                    }

                    await AskAsync(run, count, oracle, cancellationToken).ConfigureAwait(false);
                    roundTrips++;
                    disclosed += count;
                    run.AcceptBisection();
                }
            }
        }

        return new CascadeResult(run.CorrectedBits, disclosed, roundTrips, Completed: true);
    }

    private static ValueTask AskAsync(CascadeRun run, int count, IParityOracle oracle, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return oracle.AnswerAsync(
            run.Queries.AsMemory(0, count), run.Answers.AsMemory(0, BitVector.WordCount(count)), cancellationToken);
    }
}
