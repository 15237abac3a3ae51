namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// The GF(2^64) work of <see cref="AdditiveFft"/> and of the pointwise product, per instruction-set tier (hardware
/// carry-less multiply, or the portable table method). Elements as in <see cref="Verification.Gf64"/>.
/// </summary>
internal interface IGf64Kernel
{
    /// <summary>
    /// For each block b of 2·half words of d: low ^= λ·high, then high ^= low, with λ = ω(2·(firstBlock + b)).
    /// </summary>
    static abstract void ForwardLevel(Span<ulong> d, int half, uint firstBlock, Span<ulong> table);

    /// <summary>The inverse of <see cref="ForwardLevel"/>: high ^= low, then low ^= λ·high.</summary>
    static abstract void InverseLevel(Span<ulong> d, int half, uint firstBlock, Span<ulong> table);

    /// <summary>
    /// The three lowest levels (half = 4, 2, 1) of <see cref="ForwardLevel"/> on each 8-word group g of d, whose group
    /// index is firstGroup + g (so the blocks of half 4 are numbered firstGroup + g, those of half 2 twice that, …).
    /// </summary>
    static abstract void ForwardBottom(Span<ulong> d, uint firstGroup, Span<ulong> table);

    /// <summary>The inverse of <see cref="ForwardBottom"/> (half = 1, 2, 4 of <see cref="InverseLevel"/>).</summary>
    static abstract void InverseBottom(Span<ulong> d, uint firstGroup, Span<ulong> table);

    /// <summary>
    /// accumulator[i] ^= publicFactor[i]·secretFactor[i]. The portable tier indexes its table by the public factor
    /// only, so the secret one never reaches an address.
    /// </summary>
    static abstract void MultiplyAccumulate(
        Span<ulong> accumulator, ReadOnlySpan<ulong> publicFactor, ReadOnlySpan<ulong> secretFactor, Span<ulong> table);
}
