using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NodeAgent.Distillation.Sifting;

public static partial class BasisSifter
{
    /// <summary>
    /// <see cref="Sift(ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, int, Span{ulong})"/> on BMI2
    /// PEXT, for tests and benchmarks. Only call when <see cref="UsesPext"/>.
    /// </summary>
    internal static int SiftPext(
        ReadOnlySpan<ulong> myBases, ReadOnlySpan<ulong> theirBases, ReadOnlySpan<ulong> myBits, int count, Span<ulong> destination)
    {
        if (!Bmi2.X64.IsSupported)
        {
            throw new PlatformNotSupportedException("No BMI2 on this CPU (or DOTNET_EnableHWIntrinsic=0).");
        }

        CheckAll(myBases, theirBases, myBits, count, destination);
        return SiftWords<PextCompress>(myBases, theirBases, myBits, count, destination);
    }

    /// <summary>
    /// PEXT gathers the masked bits in one instruction (Intel SDM vol. 2B, "PEXT — Parallel Bits Extract"): 3 cycles on
    /// Intel since Haswell and on AMD since Zen 3. Zen 1/2 microcode it in time that grows with the mask's popcount;
    /// the mask is public here, so that is slow but leaks nothing.
    /// </summary>
    private readonly struct PextCompress : ICompress
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Compress(ulong source, ulong mask) => Bmi2.X64.ParallelBitExtract(source, mask);
    }
}
