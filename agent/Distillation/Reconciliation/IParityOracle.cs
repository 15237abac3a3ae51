namespace NodeAgent.Distillation.Reconciliation;

/// <summary>How Bob asks Alice for parities: one call is one round trip over the classical channel.</summary>
public interface IParityOracle
{
    /// <summary>
    /// Fills bit i of <paramref name="parities"/> (packed LSB-first, <c>BitVector.WordCount(queries.Length)</c> words)
    /// with the parity of Alice's key over query i; the remaining bits of the last word are zero.
    /// </summary>
    ValueTask AnswerAsync(ReadOnlyMemory<ParityQuery> queries, Memory<ulong> parities, CancellationToken cancellationToken);
}
