using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NodeAgent.Distillation.Amplification;

internal static partial class CarrylessMultiply
{
    /// <summary>Words in one table: the 16 multiples u·k (deg k &lt; 4), then the 3 repair masks, padded to 20.</summary>
    public const int TableWords = 20;

    private const ulong Nibble1To3 = 0xEEEE_EEEE_EEEE_EEEE; // bits at nibble offsets 1, 2, 3
    private const ulong Nibble2To3 = 0xCCCC_CCCC_CCCC_CCCC; // offsets 2, 3
    private const ulong Nibble3 = 0x8888_8888_8888_8888;    // offset 3

    /// <summary>
    /// Portable a·b, the 4-bit windowed table method of gf2x's <c>mul1</c> (Brent, Gaudry, Thomé &amp; Zimmermann,
    /// "Faster Multiplication in GF(2)[x]", ANTS VIII, LNCS 5011, 2008, §2): a table of a times every polynomial of
    /// degree &lt; 4, indexed by the 16 nibbles of b. Returns the low word, <paramref name="high"/> the high word.
    /// </summary>
    /// <remarks>
    /// No branches on either operand. Memory addresses depend on b only (the table is indexed by b's nibbles), so
    /// callers put public data (the Toeplitz seed) in b and secret data (the key) in a, whose bits only ever reach the
    /// table's contents and the repair masks. The table lives on the stack and is zeroed before returning.
    /// </remarks>
    public static ulong MultiplyPortable(ulong a, ulong b, out ulong high)
    {
        Span<ulong> table = stackalloc ulong[TableWords];
        BuildTable(a, table);
        ulong low = MultiplyByTable(ref MemoryMarshal.GetReference(table), b, out high);
        table.Clear();
        return low;
    }

    /// <summary>Fills <paramref name="table"/> (at least <see cref="TableWords"/> words) for the multiplicand u.</summary>
    public static void BuildTable(ulong u, Span<ulong> table)
    {
        table = table[..TableWords];

        // table[k] = u·k mod x^64: each entry is one shift or one XOR of earlier ones.
        table[0] = 0;
        table[1] = u;
        table[2] = u << 1;
        table[3] = table[2] ^ u;
        table[4] = u << 2;
        table[5] = table[4] ^ u;
        table[6] = table[4] ^ table[2];
        table[7] = table[6] ^ u;
        table[8] = u << 3;
        for (int k = 1; k < 8; k++)
        {
            table[8 + k] = table[8] ^ table[k];
        }

        // u·k overflows into bits 64..66 from u's top three bits; the entries drop those bits, so MultiplyByTable adds
        // them back with these all-ones-or-zero masks (gf2x's "repair step").
        table[16] = 0UL - (u >> 63);
        table[17] = 0UL - ((u >> 62) & 1);
        table[18] = 0UL - ((u >> 61) & 1);
        table[19] = 0;
    }

    /// <summary>u·v for the u whose table starts at <paramref name="table"/> (<see cref="TableWords"/> words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyByTable(ref ulong table, ulong v, out ulong high)
    {
        // Nibble k of v (at bit s = 4k) adds table[nibble] · x^s: its low 64 − s bits to the low word, the rest
        // (t >> (64 − s), written as two shifts so that s = 0 gives 0) to the high word. Unrolled by hand.
        ulong t = Unsafe.Add(ref table, (nint)(v & 15));
        ulong lo = t;
        ulong hi = 0;
        t = Unsafe.Add(ref table, (nint)((v >> 4) & 15)); lo ^= t << 4; hi ^= t >> 60;
        t = Unsafe.Add(ref table, (nint)((v >> 8) & 15)); lo ^= t << 8; hi ^= t >> 56;
        t = Unsafe.Add(ref table, (nint)((v >> 12) & 15)); lo ^= t << 12; hi ^= t >> 52;
        t = Unsafe.Add(ref table, (nint)((v >> 16) & 15)); lo ^= t << 16; hi ^= t >> 48;
        t = Unsafe.Add(ref table, (nint)((v >> 20) & 15)); lo ^= t << 20; hi ^= t >> 44;
        t = Unsafe.Add(ref table, (nint)((v >> 24) & 15)); lo ^= t << 24; hi ^= t >> 40;
        t = Unsafe.Add(ref table, (nint)((v >> 28) & 15)); lo ^= t << 28; hi ^= t >> 36;
        t = Unsafe.Add(ref table, (nint)((v >> 32) & 15)); lo ^= t << 32; hi ^= t >> 32;
        t = Unsafe.Add(ref table, (nint)((v >> 36) & 15)); lo ^= t << 36; hi ^= t >> 28;
        t = Unsafe.Add(ref table, (nint)((v >> 40) & 15)); lo ^= t << 40; hi ^= t >> 24;
        t = Unsafe.Add(ref table, (nint)((v >> 44) & 15)); lo ^= t << 44; hi ^= t >> 20;
        t = Unsafe.Add(ref table, (nint)((v >> 48) & 15)); lo ^= t << 48; hi ^= t >> 16;
        t = Unsafe.Add(ref table, (nint)((v >> 52) & 15)); lo ^= t << 52; hi ^= t >> 12;
        t = Unsafe.Add(ref table, (nint)((v >> 56) & 15)); lo ^= t << 56; hi ^= t >> 8;
        t = Unsafe.Add(ref table, (nint)(v >> 60)); lo ^= t << 60; hi ^= t >> 4;

        // Repair: u's bit 63 times v's bit q (q mod 4 ≥ 1) lands at bit 63 + q, i.e. high bit q − 1; likewise bit 62
        // (q mod 4 ≥ 2) and bit 61 (q mod 4 = 3).
        hi ^= (Unsafe.Add(ref table, 16) & ((v & Nibble1To3) >> 1))
            ^ (Unsafe.Add(ref table, 17) & ((v & Nibble2To3) >> 2))
            ^ (Unsafe.Add(ref table, 18) & ((v & Nibble3) >> 3));
        high = hi;
        return lo;
    }
}
