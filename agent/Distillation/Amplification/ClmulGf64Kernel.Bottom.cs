using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NodeAgent.Distillation.Amplification;

// The three lowest FFT levels of an 8-word group d0 … d7 (group index G) in two 256-bit registers, so no level
// loops over blocks of one or two words. Blocks and twiddles (λ = ω(2r) for block r of its level, see AdditiveFft):
//
//   half 4: (d0..d3 | d4..d7)                          λ = ω(2G)
//   half 2: (d0 d1 | d2 d3), (d4 d5 | d6 d7)           λ = ω(4G), ω(4G + 2)
//   half 1: (d0|d1), (d2|d3), (d4|d5), (d6|d7)         λ = ω(8G), ω(8G + 2), ω(8G + 4), ω(8G + 6)
//
// ω is GF(2)-linear in its index and 4G, 8G have their low bits clear, so ω(8G + 2i) = ω(8G) ⊕ ω(2i).
internal readonly partial struct ClmulGf64Kernel
{
    public static void ForwardBottom(Span<ulong> d, uint firstGroup, Span<ulong> table)
    {
        if (!(Pclmulqdq.V256.IsSupported && Avx2.IsSupported))
        {
            ForwardLevel(d, 4, firstGroup, table);
            ForwardLevel(d, 2, 2 * firstGroup, table);
            ForwardLevel(d, 1, 4 * firstGroup, table);
            return;
        }

        (Vector256<ulong> halfTwo, Vector256<ulong> halfOne) = BottomOffsets();
        ref ulong r = ref MemoryMarshal.GetReference(d);
        uint group = firstGroup;
        for (int start = 0; start + 8 <= d.Length; start += 8, group++)
        {
            Vector256<ulong> low = Vector256.LoadUnsafe(ref r, (nuint)start);          // d0 d1 d2 d3
            Vector256<ulong> high = Vector256.LoadUnsafe(ref r, (nuint)(start + 4));   // d4 d5 d6 d7
            low ^= Multiply(high, Vector256.Create(CantorBasis.Omega(2 * group)));
            high ^= low;

            Vector256<ulong> x = Avx2.Permute2x128(low, high, 0x20);                  // d0 d1 d4 d5
            Vector256<ulong> y = Avx2.Permute2x128(low, high, 0x31);                  // d2 d3 d6 d7
            x ^= Multiply(y, Vector256.Create(CantorBasis.Omega(4 * group)) ^ halfTwo);
            y ^= x;

            Vector256<ulong> evens = Avx2.UnpackLow(x, y);                            // d0 d2 d4 d6
            Vector256<ulong> odds = Avx2.UnpackHigh(x, y);                            // d1 d3 d5 d7
            evens ^= Multiply(odds, Vector256.Create(CantorBasis.Omega(8 * group)) ^ halfOne);
            odds ^= evens;

            x = Avx2.UnpackLow(evens, odds);                                          // d0 d1 d4 d5
            y = Avx2.UnpackHigh(evens, odds);                                         // d2 d3 d6 d7
            Avx2.Permute2x128(x, y, 0x20).StoreUnsafe(ref r, (nuint)start);
            Avx2.Permute2x128(x, y, 0x31).StoreUnsafe(ref r, (nuint)(start + 4));
        }
    }

    public static void InverseBottom(Span<ulong> d, uint firstGroup, Span<ulong> table)
    {
        if (!(Pclmulqdq.V256.IsSupported && Avx2.IsSupported))
        {
            InverseLevel(d, 1, 4 * firstGroup, table);
            InverseLevel(d, 2, 2 * firstGroup, table);
            InverseLevel(d, 4, firstGroup, table);
            return;
        }

        (Vector256<ulong> halfTwo, Vector256<ulong> halfOne) = BottomOffsets();
        ref ulong r = ref MemoryMarshal.GetReference(d);
        uint group = firstGroup;
        for (int start = 0; start + 8 <= d.Length; start += 8, group++)
        {
            Vector256<ulong> low = Vector256.LoadUnsafe(ref r, (nuint)start);
            Vector256<ulong> high = Vector256.LoadUnsafe(ref r, (nuint)(start + 4));
            Vector256<ulong> x = Avx2.Permute2x128(low, high, 0x20);
            Vector256<ulong> y = Avx2.Permute2x128(low, high, 0x31);

            Vector256<ulong> evens = Avx2.UnpackLow(x, y);
            Vector256<ulong> odds = Avx2.UnpackHigh(x, y);
            odds ^= evens;
            evens ^= Multiply(odds, Vector256.Create(CantorBasis.Omega(8 * group)) ^ halfOne);

            x = Avx2.UnpackLow(evens, odds);
            y = Avx2.UnpackHigh(evens, odds);
            y ^= x;
            x ^= Multiply(y, Vector256.Create(CantorBasis.Omega(4 * group)) ^ halfTwo);

            low = Avx2.Permute2x128(x, y, 0x20);
            high = Avx2.Permute2x128(x, y, 0x31);
            high ^= low;
            low ^= Multiply(high, Vector256.Create(CantorBasis.Omega(2 * group)));
            low.StoreUnsafe(ref r, (nuint)start);
            high.StoreUnsafe(ref r, (nuint)(start + 4));
        }
    }

    /// <summary>The per-lane twiddle offsets of the half-2 and half-1 levels, in the lane orders above.</summary>
    private static (Vector256<ulong> HalfTwo, Vector256<ulong> HalfOne) BottomOffsets() =>
        (Vector256.Create(0, 0, CantorBasis.Omega(2), CantorBasis.Omega(2)),
         Vector256.Create(0, CantorBasis.Omega(2), CantorBasis.Omega(4), CantorBasis.Omega(6)));
}
