namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>Which implementation of the layer update <see cref="LdpcDecoder"/> runs.</summary>
internal enum DecoderKernel
{
    /// <summary>Lane-by-lane reference (the oracle of the tests; what runs without SIMD).</summary>
    Scalar,

    /// <summary><see cref="System.Numerics.Vector{T}"/> over the Z lanes of a circulant (SSE/AVX2 on x64, AdvSimd on arm64).</summary>
    Vector,
}
