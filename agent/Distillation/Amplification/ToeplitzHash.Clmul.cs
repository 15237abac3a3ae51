using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NodeAgent.Distillation.Amplification;

public static partial class ToeplitzHash
{
    /// <summary>Hankel base case on the hardware carry-less multiply (PCLMULQDQ on x86, PMULL on arm64).</summary>
    private readonly struct ClmulBaseCase : IHankelBaseCase
    {
        // Schoolbook costs N² multiplies; a Karatsuba level saves a quarter of them for about 4N word XORs and four
        // calls. On the development machine (AMD EPYC, VPCLMULQDQ) 2^20 → 2^19 bits took 4.3 ms with 8, 3.7 ms with
        // 16 and 4.3 ms with 32.
        public static int BaseWords => 16;

        public static int SmallestBaseWords => (BaseWords / 2) + 1;

        public static int TableWords => 0;

        // Per row about two multiplies' worth of loop and fold, per call about forty (arguments, checks); a Karatsuba
        // step XORs about 4N words (four to an instruction) and makes four calls. Fitted to timings on the development
        // machine: they make 16 the best base size, as measured.
        public static double Cost(int rows, int cols) => ((double)rows * cols) + (4.0 * rows) + 40;

        public static double StepCost(int n) => n + 40;

        public static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> x, Span<ulong> d, Span<ulong> tables)
        {
            int rows = d.Length - 1;
            int cols = x.Length;
            if (rows < 1 || cols < 1 || a.Length < rows + cols - 1)
            {
                throw new ArgumentException("The Hankel operands do not match the output length.", nameof(a));
            }

            // Rows two at a time, sharing the loads of x; a row's 128-bit sum goes to d[i] (low) and d[i + 1] (high).
            ref ulong ra = ref MemoryMarshal.GetReference(a);
            ref ulong rx = ref MemoryMarshal.GetReference(x);
            ulong carry = 0;
            int i = 0;
            for (; i <= rows - 2; i += 2)
            {
                (Vector128<ulong> first, Vector128<ulong> second) = TwoRows(ref Unsafe.Add(ref ra, i), ref rx, cols);
                d[i] ^= first.GetElement(0) ^ carry;
                d[i + 1] ^= first.GetElement(1) ^ second.GetElement(0);
                carry = second.GetElement(1);
            }

            if (i < rows)
            {
                Vector128<ulong> last = OneRow(ref Unsafe.Add(ref ra, i), ref rx, cols);
                d[i] ^= last.GetElement(0) ^ carry;
                carry = last.GetElement(1);
            }

            d[rows] ^= carry;
        }

        /// <summary>Σ_j a[j]·x[j] and Σ_j a[j + 1]·x[j] over j &lt; cols (a holds cols + 1 words).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector128<ulong> First, Vector128<ulong> Second) TwoRows(ref ulong a, ref ulong x, int cols)
        {
            // a[j .. j + 1] and x[j .. j + 1] pair up lane by lane (low·low, high·high), so one load of each feeds two
            // multiplies of the same row; VPCLMULQDQ does two such pairs per instruction.
            Vector128<ulong> first = Vector128<ulong>.Zero;
            Vector128<ulong> second = Vector128<ulong>.Zero;
            int j = 0;
            if (Pclmulqdq.V256.IsSupported)
            {
                Vector256<ulong> wideFirst = Vector256<ulong>.Zero;
                Vector256<ulong> wideSecond = Vector256<ulong>.Zero;
                for (; j <= cols - 4; j += 4)
                {
                    Vector256<ulong> vx = Vector256.LoadUnsafe(ref x, (nuint)j);
                    Vector256<ulong> va = Vector256.LoadUnsafe(ref a, (nuint)j);
                    Vector256<ulong> vb = Vector256.LoadUnsafe(ref a, (nuint)(j + 1));
                    wideFirst ^= Pclmulqdq.V256.CarrylessMultiply(va, vx, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(va, vx, 0x11);
                    wideSecond ^= Pclmulqdq.V256.CarrylessMultiply(vb, vx, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(vb, vx, 0x11);
                }

                first = wideFirst.GetLower() ^ wideFirst.GetUpper();
                second = wideSecond.GetLower() ^ wideSecond.GetUpper();
            }

            for (; j <= cols - 2; j += 2)
            {
                Vector128<ulong> vx = Vector128.LoadUnsafe(ref x, (nuint)j);
                first ^= CarrylessMultiply.MultiplyPairs(Vector128.LoadUnsafe(ref a, (nuint)j), vx);
                second ^= CarrylessMultiply.MultiplyPairs(Vector128.LoadUnsafe(ref a, (nuint)(j + 1)), vx);
            }

            if (j < cols)
            {
                Vector128<ulong> vx = Vector128.CreateScalar(Unsafe.Add(ref x, j));
                first ^= CarrylessMultiply.MultiplyPairs(Vector128.CreateScalar(Unsafe.Add(ref a, j)), vx);
                second ^= CarrylessMultiply.MultiplyPairs(Vector128.CreateScalar(Unsafe.Add(ref a, j + 1)), vx);
            }

            return (first, second);
        }

        /// <summary>Σ_j a[j]·x[j] over j &lt; cols.</summary>
        private static Vector128<ulong> OneRow(ref ulong a, ref ulong x, int cols)
        {
            Vector128<ulong> sum = Vector128<ulong>.Zero;
            int j = 0;
            for (; j <= cols - 2; j += 2)
            {
                sum ^= CarrylessMultiply.MultiplyPairs(Vector128.LoadUnsafe(ref a, (nuint)j), Vector128.LoadUnsafe(ref x, (nuint)j));
            }

            if (j < cols)
            {
                sum ^= CarrylessMultiply.MultiplyPairs(
                    Vector128.CreateScalar(Unsafe.Add(ref a, j)), Vector128.CreateScalar(Unsafe.Add(ref x, j)));
            }

            return sum;
        }
    }
}
