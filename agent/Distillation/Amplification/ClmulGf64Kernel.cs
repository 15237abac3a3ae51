using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using NodeAgent.Distillation.Verification;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;

namespace NodeAgent.Distillation.Amplification;

/// <summary>
/// <see cref="IGf64Kernel"/> on the hardware carry-less multiply: VPCLMULQDQ on 8 or 4 lanes where the CPU has it,
/// PCLMULQDQ or PMULL on 2, reduction modulo x^64 + x^4 + x^3 + x + 1 by shifts (as <see cref="Gf64.Reduce"/>, in
/// vectors). Only use when <see cref="CarrylessMultiply.IsHardwareAccelerated"/>.
/// </summary>
internal readonly partial struct ClmulGf64Kernel : IGf64Kernel
{
    public static void ForwardLevel(Span<ulong> d, int half, uint firstBlock, Span<ulong> table)
    {
        uint block = firstBlock;
        for (int start = 0; start < d.Length; start += 2 * half, block++)
        {
            Butterflies(d.Slice(start, half), d.Slice(start + half, half), CantorBasis.Omega(2 * block), inverse: false);
        }
    }

    public static void InverseLevel(Span<ulong> d, int half, uint firstBlock, Span<ulong> table)
    {
        uint block = firstBlock;
        for (int start = 0; start < d.Length; start += 2 * half, block++)
        {
            Butterflies(d.Slice(start, half), d.Slice(start + half, half), CantorBasis.Omega(2 * block), inverse: true);
        }
    }

    public static void MultiplyAccumulate(
        Span<ulong> accumulator, ReadOnlySpan<ulong> publicFactor, ReadOnlySpan<ulong> secretFactor, Span<ulong> table)
    {
        int n = accumulator.Length;
        if (publicFactor.Length < n || secretFactor.Length < n)
        {
            throw new ArgumentException("The factors are shorter than the accumulator.", nameof(accumulator));
        }

        ref ulong acc = ref MemoryMarshal.GetReference(accumulator);
        ref ulong a = ref MemoryMarshal.GetReference(publicFactor);
        ref ulong b = ref MemoryMarshal.GetReference(secretFactor);
        int i = 0;
        if (Pclmulqdq.V512.IsSupported && Avx512F.IsSupported)
        {
            for (; i <= n - 8; i += 8)
            {
                Vector512<ulong> product = Multiply(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i));
                (Vector512.LoadUnsafe(ref acc, (nuint)i) ^ product).StoreUnsafe(ref acc, (nuint)i);
            }
        }

        if (Pclmulqdq.V256.IsSupported && Avx2.IsSupported)
        {
            for (; i <= n - 4; i += 4)
            {
                Vector256<ulong> product = Multiply(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i));
                (Vector256.LoadUnsafe(ref acc, (nuint)i) ^ product).StoreUnsafe(ref acc, (nuint)i);
            }
        }

        for (; i <= n - 2; i += 2)
        {
            Vector128<ulong> product = Multiply(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i));
            (Vector128.LoadUnsafe(ref acc, (nuint)i) ^ product).StoreUnsafe(ref acc, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref acc, i) ^= Gf64.MultiplyClmul(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i));
        }
    }

    /// <summary>Forward: low ^= λ·high, high ^= low. Inverse: high ^= low, low ^= λ·high.</summary>
    private static void Butterflies(Span<ulong> low, Span<ulong> high, ulong lambda, bool inverse)
    {
        int n = low.Length;
        ref ulong rl = ref MemoryMarshal.GetReference(low);
        ref ulong rh = ref MemoryMarshal.GetReference(high);
        if (lambda == 0)
        {
            // The first block of every level (β = 0): a plain XOR either way. λ is public (it depends on the index).
            WordXor.XorInto(high, low);
            return;
        }

        int i = 0;
        if (Pclmulqdq.V512.IsSupported && Avx512F.IsSupported && n >= 8)
        {
            Vector512<ulong> factor = Vector512.Create(lambda);
            for (; i <= n - 8; i += 8)
            {
                Vector512<ulong> l = Vector512.LoadUnsafe(ref rl, (nuint)i);
                Vector512<ulong> h = Vector512.LoadUnsafe(ref rh, (nuint)i);
                if (inverse)
                {
                    h ^= l;
                    l ^= Multiply(h, factor);
                }
                else
                {
                    l ^= Multiply(h, factor);
                    h ^= l;
                }

                l.StoreUnsafe(ref rl, (nuint)i);
                h.StoreUnsafe(ref rh, (nuint)i);
            }
        }

        if (Pclmulqdq.V256.IsSupported && Avx2.IsSupported && n - i >= 4)
        {
            Vector256<ulong> factor = Vector256.Create(lambda);
            for (; i <= n - 4; i += 4)
            {
                Vector256<ulong> l = Vector256.LoadUnsafe(ref rl, (nuint)i);
                Vector256<ulong> h = Vector256.LoadUnsafe(ref rh, (nuint)i);
                if (inverse)
                {
                    h ^= l;
                    l ^= Multiply(h, factor);
                }
                else
                {
                    l ^= Multiply(h, factor);
                    h ^= l;
                }

                l.StoreUnsafe(ref rl, (nuint)i);
                h.StoreUnsafe(ref rh, (nuint)i);
            }
        }

        if (n - i >= 2)
        {
            Vector128<ulong> factor = Vector128.Create(lambda);
            for (; i <= n - 2; i += 2)
            {
                Vector128<ulong> l = Vector128.LoadUnsafe(ref rl, (nuint)i);
                Vector128<ulong> h = Vector128.LoadUnsafe(ref rh, (nuint)i);
                if (inverse)
                {
                    h ^= l;
                    l ^= Multiply(h, factor);
                }
                else
                {
                    l ^= Multiply(h, factor);
                    h ^= l;
                }

                l.StoreUnsafe(ref rl, (nuint)i);
                h.StoreUnsafe(ref rh, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            ref ulong l = ref Unsafe.Add(ref rl, i);
            ref ulong h = ref Unsafe.Add(ref rh, i);
            if (inverse)
            {
                h ^= l;
                l ^= Gf64.MultiplyClmul(h, lambda);
            }
            else
            {
                l ^= Gf64.MultiplyClmul(h, lambda);
                h ^= l;
            }
        }
    }

    /// <summary>Lane-wise a·b in GF(2^64), 8 lanes (VPCLMULQDQ, AVX-512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Multiply(Vector512<ulong> a, Vector512<ulong> b)
    {
        // imm8 0x00 multiplies the even lanes, 0x11 the odd ones; each 128-bit result is (low, high) of one product.
        Vector512<ulong> even = Pclmulqdq.V512.CarrylessMultiply(a, b, 0x00);
        Vector512<ulong> odd = Pclmulqdq.V512.CarrylessMultiply(a, b, 0x11);
        return Reduce(Avx512F.UnpackLow(even, odd), Avx512F.UnpackHigh(even, odd));
    }

    /// <summary>Lane-wise a·b, 4 lanes (VPCLMULQDQ, AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> even = Pclmulqdq.V256.CarrylessMultiply(a, b, 0x00);
        Vector256<ulong> odd = Pclmulqdq.V256.CarrylessMultiply(a, b, 0x11);
        return Reduce(Avx2.UnpackLow(even, odd), Avx2.UnpackHigh(even, odd));
    }

    /// <summary>Lane-wise a·b, 2 lanes (PCLMULQDQ or PMULL).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        if (Pclmulqdq.IsSupported)
        {
            Vector128<ulong> even = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
            Vector128<ulong> odd = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
            return Reduce(Sse2.UnpackLow(even, odd), Sse2.UnpackHigh(even, odd));
        }

        if (ArmAes.IsSupported)
        {
            Vector128<ulong> even = ArmAes.PolynomialMultiplyWideningLower(a.GetLower(), b.GetLower());
            Vector128<ulong> odd = ArmAes.PolynomialMultiplyWideningUpper(a, b);
            return Reduce(AdvSimd.Arm64.ZipLow(even, odd), AdvSimd.Arm64.ZipHigh(even, odd));
        }

        throw new PlatformNotSupportedException("No carry-less multiply instruction (PCLMULQDQ or PMULL) on this CPU.");
    }

    // low ⊕ high·x^64 mod x^64 + x^4 + x^3 + x + 1, lane-wise; the steps of Gf64.Reduce.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Reduce(Vector512<ulong> low, Vector512<ulong> high)
    {
        Vector512<ulong> spill = (high >>> 60) ^ (high >>> 61) ^ (high >>> 63);
        Vector512<ulong> folded = high ^ (high << 1) ^ (high << 3) ^ (high << 4);
        return low ^ folded ^ spill ^ (spill << 1) ^ (spill << 3) ^ (spill << 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Reduce(Vector256<ulong> low, Vector256<ulong> high)
    {
        Vector256<ulong> spill = (high >>> 60) ^ (high >>> 61) ^ (high >>> 63);
        Vector256<ulong> folded = high ^ (high << 1) ^ (high << 3) ^ (high << 4);
        return low ^ folded ^ spill ^ (spill << 1) ^ (spill << 3) ^ (spill << 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> low, Vector128<ulong> high)
    {
        Vector128<ulong> spill = (high >>> 60) ^ (high >>> 61) ^ (high >>> 63);
        Vector128<ulong> folded = high ^ (high << 1) ^ (high << 3) ^ (high << 4);
        return low ^ folded ^ spill ^ (spill << 1) ^ (spill << 3) ^ (spill << 4);
    }
}
