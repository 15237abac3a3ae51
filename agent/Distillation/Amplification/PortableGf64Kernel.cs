using System.Runtime.InteropServices;
using NodeAgent.Distillation.Verification;

namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// <see cref="IGf64Kernel"/> without carry-less multiply instructions (a Raspberry Pi 4, DOTNET_EnableHWIntrinsic=0):
/// the 4-bit table multiply of <see cref="CarrylessMultiply.MultiplyPortable"/>, then <see cref="Gf64.Reduce"/>.
/// </summary>
/// <remarks>
/// The table is built from the secret operand and indexed by the public one (a twiddle, or the seed's transform), so
/// no address depends on the key; the caller zeroes the table afterwards.
/// </remarks>
internal readonly struct PortableGf64Kernel : IGf64Kernel
{
    public static void ForwardLevel(Span<ulong> d, int half, uint firstBlock, Span<ulong> table)
    {
        uint block = firstBlock;
        for (int start = 0; start < d.Length; start += 2 * half, block++)
        {
            Span<ulong> low = d.Slice(start, half);
            Span<ulong> high = d.Slice(start + half, half);
            ulong lambda = CantorBasis.Omega(2 * block);
            for (int i = 0; i < half; i++)
            {
                low[i] ^= Multiply(lambda, high[i], table);
                high[i] ^= low[i];
            }
        }
    }

    public static void InverseLevel(Span<ulong> d, int half, uint firstBlock, Span<ulong> table)
    {
        uint block = firstBlock;
        for (int start = 0; start < d.Length; start += 2 * half, block++)
        {
            Span<ulong> low = d.Slice(start, half);
            Span<ulong> high = d.Slice(start + half, half);
            ulong lambda = CantorBasis.Omega(2 * block);
            for (int i = 0; i < half; i++)
            {
                high[i] ^= low[i];
                low[i] ^= Multiply(lambda, high[i], table);
            }
        }
    }

    public static void ForwardBottom(Span<ulong> d, uint firstGroup, Span<ulong> table)
    {
        ForwardLevel(d, 4, firstGroup, table);
        ForwardLevel(d, 2, 2 * firstGroup, table);
        ForwardLevel(d, 1, 4 * firstGroup, table);
    }

    public static void InverseBottom(Span<ulong> d, uint firstGroup, Span<ulong> table)
    {
        InverseLevel(d, 1, 4 * firstGroup, table);
        InverseLevel(d, 2, 2 * firstGroup, table);
        InverseLevel(d, 4, firstGroup, table);
    }

    public static void MultiplyAccumulate(
        Span<ulong> accumulator, ReadOnlySpan<ulong> publicFactor, ReadOnlySpan<ulong> secretFactor, Span<ulong> table)
    {
        for (int i = 0; i < accumulator.Length; i++)
        {
            accumulator[i] ^= Multiply(publicFactor[i], secretFactor[i], table);
        }
    }

    /// <summary>publicFactor·secret in GF(2^64) through a table of the secret.</summary>
    private static ulong Multiply(ulong publicFactor, ulong secret, Span<ulong> table)
    {
        CarrylessMultiply.BuildTable(secret, table);
        ulong low = CarrylessMultiply.MultiplyByTable(ref MemoryMarshal.GetReference(table), publicFactor, out ulong high);
        return Gf64.Reduce(low, high);
    }
}
