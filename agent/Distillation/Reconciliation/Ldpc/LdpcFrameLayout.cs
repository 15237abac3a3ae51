using NodeAgent.Distillation.Randomness;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Where payload (key) bits, rate-adaptation bits and padding sit in a frame: a public permutation of the n frame
/// positions drawn from a seed. The first d positions are the adaptation set (shortened or punctured, revealed in
/// this order); the next n − d − payload are padding (shortened, value 0) when the key is shorter than a frame; the
/// rest, in increasing order, carry the payload.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LdpcFrameLayout
{
    private readonly int[] _positions;
    private readonly int[] _payloadPositions;

    /// <summary>Draws the layout of <paramref name="payloadBits"/> key bits and <paramref name="adaptationBits"/> adaptation bits.</summary>
    public LdpcFrameLayout(int length, int adaptationBits, int payloadBits, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(adaptationBits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(payloadBits);
        if ((long)adaptationBits + payloadBits > length)
        {
            throw new ArgumentException(
                $"{payloadBits} payload and {adaptationBits} adaptation bits do not fit a {length}-bit frame.", nameof(payloadBits));
        }

        Length = length;
        AdaptationBits = adaptationBits;
        PayloadBits = payloadBits;
        _positions = new int[length];
        for (int i = 0; i < length; i++)
        {
            _positions[i] = i;
        }

        var random = new DeterministicRandom(seed);
        for (int i = length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (_positions[i], _positions[j]) = (_positions[j], _positions[i]);
        }

        _payloadPositions = _positions[(length - payloadBits)..];
        Array.Sort(_payloadPositions);
    }

    /// <summary>Frame length n.</summary>
    public int Length { get; }

    /// <summary>Adaptation positions d.</summary>
    public int AdaptationBits { get; }

    /// <summary>Key bits per frame.</summary>
    public int PayloadBits { get; }

    /// <summary>Padding positions (shortened to 0 because the key is shorter than the frame allows).</summary>
    public int PaddingBits => Length - AdaptationBits - PayloadBits;

    /// <summary>The adaptation positions in reveal order.</summary>
    public ReadOnlySpan<int> AdaptationPositions => _positions.AsSpan(0, AdaptationBits);

    /// <summary>The padding positions.</summary>
    public ReadOnlySpan<int> PaddingPositions => _positions.AsSpan(AdaptationBits, PaddingBits);

    /// <summary>The payload positions, increasing: key bit i sits at frame position PayloadPositions[i].</summary>
    public ReadOnlySpan<int> PayloadPositions => _payloadPositions;
}
