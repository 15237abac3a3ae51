using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Distillation.Tests;

/// <summary>An oracle that answers with random bits, like a broken or lying peer.</summary>
internal sealed class RandomParityOracle(int seed) : IParityOracle
{
    private readonly Random _random = new(seed);

    public ValueTask AnswerAsync(ReadOnlyMemory<ParityQuery> queries, Memory<ulong> parities, CancellationToken cancellationToken)
    {
        Span<ulong> words = parities.Span;
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (ulong)_random.NextInt64() ^ ((ulong)_random.Next(2) << 63);
        }

        return ValueTask.CompletedTask;
    }
}
