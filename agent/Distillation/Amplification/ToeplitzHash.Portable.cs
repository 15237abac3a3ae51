using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NodeAgent.Distillation.Amplification;

public static partial class ToeplitzHash
{
    /// <summary>Hankel base case on the portable table-based carry-less multiply (no PCLMULQDQ or PMULL).</summary>
    /// <remarks>
    /// Tables come from x (the key), indices from a (the public seed): see CarrylessMultiply.MultiplyPortable. A portable
    /// multiply costs ~120 instructions against a few for the XORs that Karatsuba trades it for, so the 4 × 4 blocks
    /// are done with two more Karatsuba levels unrolled (9 multiplies, not 16).
    /// </remarks>
    private readonly struct PortableBaseCase : IHankelBaseCase
    {
        // Columns whose tables are built at once; rectangular products wider than this are done in strips.
        private const int StripColumns = 8;

        // With the unrolled 4 × 4 block, 2^20 → 2^19 bits took 48 ms here (x64, DOTNET_EnableHWIntrinsic=0); with
        // schoolbook base cases of 2, 4 or 8 words 60 to 67 ms.
        public static int BaseWords => 4;

        // A 3 × 3 block costs as many multiplies as the unrolled 4 × 4 one, so squares end on 4 × 4 blocks only.
        public static int SmallestBaseWords => BaseWords;

        public static int TableWords => StripColumns * CarrylessMultiply.TableWords;

        // A multiply is ~120 instructions; building a table ~25; a Karatsuba step ~8N scalar XORs and four calls.
        public static double Cost(int rows, int cols) =>
            rows == 4 && cols == 4 ? 9 + 1 : ((double)rows * cols) + (0.2 * cols) + 0.5;

        public static double StepCost(int n) => (0.07 * n) + 0.5;

        public static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> x, Span<ulong> d, Span<ulong> tables)
        {
            int rows = d.Length - 1;
            int cols = x.Length;
            if (rows < 1 || cols < 1 || a.Length < rows + cols - 1 || tables.Length < TableWords)
            {
                throw new ArgumentException("The Hankel operands do not match the output length.", nameof(a));
            }

            if (rows == 4 && cols == 4)
            {
                Karatsuba4(a, x, d, tables);
                return;
            }

            ref ulong t0 = ref MemoryMarshal.GetReference(tables);
            for (int start = 0; start < cols; start += StripColumns)
            {
                int width = Math.Min(StripColumns, cols - start);
                for (int j = 0; j < width; j++)
                {
                    CarrylessMultiply.BuildTable(x[start + j], tables.Slice(j * CarrylessMultiply.TableWords));
                }

                ulong carry = 0;
                for (int i = 0; i < rows; i++)
                {
                    ReadOnlySpan<ulong> row = a.Slice(i + start, width);
                    ulong lo = 0;
                    ulong hi = 0;
                    for (int j = 0; j < row.Length; j++)
                    {
                        lo ^= CarrylessMultiply.MultiplyByTable(
                            ref Unsafe.Add(ref t0, j * CarrylessMultiply.TableWords), row[j], out ulong high);
                        hi ^= high;
                    }

                    d[i] ^= lo ^ carry;
                    carry = hi;
                }

                d[rows] ^= carry;
            }
        }

        /// <summary>The 4 × 4 block by one Karatsuba level (see ToeplitzHash.Karatsuba.cs) over 2 × 2 Karatsuba blocks.</summary>
        private static void Karatsuba4(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> x, Span<ulong> d, Span<ulong> table)
        {
            ulong a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6];
            ulong x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
            Karatsuba2(a2, a3, a4, x0 ^ x2, x1 ^ x3, table, out ulong p0, out ulong p1, out ulong p2);
            Karatsuba2(a0 ^ a2, a1 ^ a3, a2 ^ a4, x0, x1, table, out ulong u0, out ulong u1, out ulong u2);
            Karatsuba2(a4 ^ a2, a5 ^ a3, a6 ^ a4, x2, x3, table, out ulong w0, out ulong w1, out ulong w2);
            d[0] ^= p0 ^ u0;
            d[1] ^= p1 ^ u1;
            d[2] ^= p2 ^ u2 ^ p0 ^ w0;
            d[3] ^= p1 ^ w1;
            d[4] ^= p2 ^ w2;
        }

        /// <summary>[a0 a1; a1 a2]·(x0, x1) in D form (d0, d1, d2) with three multiplies.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Karatsuba2(
            ulong a0, ulong a1, ulong a2, ulong x0, ulong x1, Span<ulong> table, out ulong d0, out ulong d1, out ulong d2)
        {
            ulong qLo = Multiply(a1, x0 ^ x1, table, out ulong qHi);
            ulong rLo = Multiply(a0 ^ a1, x0, table, out ulong rHi);
            ulong sLo = Multiply(a2 ^ a1, x1, table, out ulong sHi);
            d0 = qLo ^ rLo;
            d1 = qHi ^ rHi ^ qLo ^ sLo;
            d2 = qHi ^ sHi;
        }

        /// <summary>seedSide·keySide through a table of keySide (the table's addresses depend on seedSide only).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Multiply(ulong seedSide, ulong keySide, Span<ulong> table, out ulong high)
        {
            CarrylessMultiply.BuildTable(keySide, table);
            return CarrylessMultiply.MultiplyByTable(ref MemoryMarshal.GetReference(table), seedSide, out high);
        }
    }
}
