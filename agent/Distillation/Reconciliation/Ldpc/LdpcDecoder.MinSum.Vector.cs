using System.Numerics;
using System.Runtime.InteropServices;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

public sealed partial class LdpcDecoder
{
    /// <summary>
    /// One layer with <see cref="Vector{T}"/> of sbyte over the lanes r of the circulant: the same integer steps as
    /// <see cref="UpdateLayerScalar"/>, branch-free (min tracking by Min/Max, index and sign by masks).
    /// </summary>
    private bool UpdateLayerVector(int row)
    {
        int z = _code.LiftingSize;
        int first = _code.RowStart[row];
        int degree = _code.RowStart[row + 1] - first;
        Span<sbyte> gathered = _gathered.AsSpan(0, degree * z);
        for (int k = 0; k < degree; k++)
        {
            Gather(_code.EdgeColumns[first + k], _code.EdgeShifts[first + k], gathered.Slice(k * z, z));
        }

        ref sbyte g = ref MemoryMarshal.GetArrayDataReference(_gathered);
        ref sbyte messages = ref MemoryMarshal.GetArrayDataReference(_checkMessages);
        ref sbyte signs = ref MemoryMarshal.GetArrayDataReference(_syndromeSigns);
        nuint messageBase = (nuint)(first * z);
        var floor = new Vector<sbyte>(-MaxMagnitude);
        var ceiling = new Vector<sbyte>(MaxMagnitude);
        Vector<sbyte> unsatisfied = Vector<sbyte>.Zero;
        int shift = _normalizationShift;
        for (int lane = 0; lane < z; lane += Vector<sbyte>.Count)
        {
            Vector<sbyte> min1 = ceiling;
            Vector<sbyte> min2 = ceiling;
            Vector<sbyte> minIndex = Vector<sbyte>.Zero;
            Vector<sbyte> syndromeSign = Vector.LoadUnsafe(ref signs, (nuint)((row * z) + lane));
            Vector<sbyte> negative = syndromeSign;
            for (int k = 0; k < degree; k++)
            {
                nuint at = (nuint)((k * z) + lane);
                Vector<sbyte> t = Vector.Max(
                    Vector.SubtractSaturate(Vector.LoadUnsafe(ref g, at), Vector.LoadUnsafe(ref messages, messageBase + at)),
                    floor);
                t.StoreUnsafe(ref g, at);
                Vector<sbyte> magnitude = Vector.Abs(t);
                Vector<sbyte> smaller = Vector.LessThan(magnitude, min1);
                min2 = Vector.Min(min2, Vector.Max(min1, magnitude));
                minIndex = Vector.ConditionalSelect(smaller, new Vector<sbyte>((sbyte)k), minIndex);
                min1 = Vector.Min(min1, magnitude);
                negative ^= Vector.LessThan(t, Vector<sbyte>.Zero);
            }

            Vector<sbyte> scaled1 = min1 - Vector.ShiftRightArithmetic(min1, shift);
            Vector<sbyte> scaled2 = min2 - Vector.ShiftRightArithmetic(min2, shift);
            Vector<sbyte> parity = syndromeSign;
            for (int k = 0; k < degree; k++)
            {
                nuint at = (nuint)((k * z) + lane);
                Vector<sbyte> t = Vector.LoadUnsafe(ref g, at);
                Vector<sbyte> magnitude = Vector.ConditionalSelect(
                    Vector.Equals(minIndex, new Vector<sbyte>((sbyte)k)), scaled2, scaled1);
                Vector<sbyte> flip = negative ^ Vector.LessThan(t, Vector<sbyte>.Zero);
                Vector<sbyte> message = Vector.ConditionalSelect(flip, -magnitude, magnitude);
                message.StoreUnsafe(ref messages, messageBase + at);
                Vector<sbyte> posterior = Vector.Max(Vector.AddSaturate(t, message), floor);
                posterior.StoreUnsafe(ref g, at);
                parity ^= Vector.LessThan(posterior, Vector<sbyte>.Zero);
            }

            unsatisfied |= parity;
        }

        for (int k = 0; k < degree; k++)
        {
            Scatter(_code.EdgeColumns[first + k], _code.EdgeShifts[first + k], gathered.Slice(k * z, z));
        }

        return unsatisfied == Vector<sbyte>.Zero;
    }
}
