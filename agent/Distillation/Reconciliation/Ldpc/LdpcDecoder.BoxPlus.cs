using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

public sealed partial class LdpcDecoder
{
    /// <summary>Integer steps per nat of LLR that <see cref="CheckNodeRule.CorrectedBoxPlus"/> assumes.</summary>
    public const int StepsPerNat = 4;

    private const int CorrectionAtZero = 3;
    private const int CorrectionShift = 1;

    /// <summary>
    /// Channel LLR magnitude for a BSC with crossover <paramref name="qber"/> on the box-plus scale:
    /// round(4·ln((1 − q)/q)), clamped to 1..126.
    /// </summary>
    public static sbyte ChannelMagnitude(double qber)
    {
        if (!(qber > 0))
        {
            return MaxMagnitude - 1;
        }

        double llr = StepsPerNat * Math.Log((1 - qber) / qber);
        return (sbyte)Math.Clamp(Math.Round(llr), 1, MaxMagnitude - 1);
    }

    /// <summary>Scalar a ⊞ b on the integer scale (the reference of <see cref="BoxPlus(Vector{sbyte}, Vector{sbyte})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int BoxPlus(int a, int b)
    {
        int ma = Math.Abs(a);
        int mb = Math.Abs(b);
        int magnitude = Math.Min(ma, mb) + Correction(Math.Min(ma + mb, MaxMagnitude));
        magnitude = Math.Max(0, Math.Min(magnitude, MaxMagnitude) - Correction(Math.Abs(ma - mb)));
        return (a ^ b) < 0 ? -magnitude : magnitude;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Correction(int x) => Math.Max(0, CorrectionAtZero - (x >> CorrectionShift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<sbyte> BoxPlus(Vector<sbyte> a, Vector<sbyte> b)
    {
        Vector<sbyte> ma = Vector.Abs(a);
        Vector<sbyte> mb = Vector.Abs(b);
        Vector<sbyte> magnitude = Vector.AddSaturate(Vector.Min(ma, mb), Correction(Vector.AddSaturate(ma, mb)));
        magnitude = Vector.Max(Vector<sbyte>.Zero, magnitude - Correction(Vector.Abs(ma - mb)));
        return Vector.ConditionalSelect(Vector.LessThan(a ^ b, Vector<sbyte>.Zero), -magnitude, magnitude);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<sbyte> Correction(Vector<sbyte> x) =>
        Vector.Max(Vector<sbyte>.Zero, new Vector<sbyte>(CorrectionAtZero) - Vector.ShiftRightArithmetic(x, CorrectionShift));

    /// <summary>One layer by box-plus, lane by lane (the reference of <see cref="UpdateLayerBoxPlusVector"/>).</summary>
    private bool UpdateLayerBoxPlusScalar(int row)
    {
        int z = _code.LiftingSize;
        int first = _code.RowStart[row];
        int degree = _code.RowStart[row + 1] - first;
        Span<sbyte> gathered = _gathered.AsSpan(0, degree * z);
        Span<sbyte> messages = _checkMessages.AsSpan(first * z, degree * z);
        ReadOnlySpan<sbyte> signs = _syndromeSigns.AsSpan(row * z, z);
        Span<int> forward = stackalloc int[degree];
        for (int k = 0; k < degree; k++)
        {
            Gather(_code.EdgeColumns[first + k], _code.EdgeShifts[first + k], gathered.Slice(k * z, z));
        }

        bool satisfied = true;
        for (int r = 0; r < z; r++)
        {
            for (int k = 0; k < degree; k++)
            {
                int t = Saturate(gathered[(k * z) + r] - messages[(k * z) + r]);
                gathered[(k * z) + r] = (sbyte)t;
                forward[k] = k == 0 ? t : BoxPlus(forward[k - 1], t);
            }

            int parity = signs[r] != 0 ? 1 : 0;
            int backward = 0;
            for (int k = degree - 1; k >= 0; k--)
            {
                int t = gathered[(k * z) + r];
                int message = k == 0 ? backward : k == degree - 1 ? forward[k - 1] : BoxPlus(forward[k - 1], backward);
                message = signs[r] != 0 ? -message : message; // odd parity flips every message
                backward = k == degree - 1 ? t : BoxPlus(t, backward);
                messages[(k * z) + r] = (sbyte)message;
                int posterior = Saturate(t + message);
                gathered[(k * z) + r] = (sbyte)posterior;
                parity ^= posterior < 0 ? 1 : 0;
            }

            satisfied &= parity == 0;
        }

        for (int k = 0; k < degree; k++)
        {
            Scatter(_code.EdgeColumns[first + k], _code.EdgeShifts[first + k], gathered.Slice(k * z, z));
        }

        return satisfied;
    }

    /// <summary>One layer by box-plus with <see cref="Vector{T}"/> over the lanes: the same integer steps.</summary>
    private bool UpdateLayerBoxPlusVector(int row)
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
        ref sbyte forward = ref MemoryMarshal.GetArrayDataReference(_forward);
        nuint messageBase = (nuint)(first * z);
        nuint width = (nuint)Vector<sbyte>.Count;
        var floor = new Vector<sbyte>(-MaxMagnitude);
        Vector<sbyte> unsatisfied = Vector<sbyte>.Zero;
        for (int lane = 0; lane < z; lane += Vector<sbyte>.Count)
        {
            Vector<sbyte> running = Vector<sbyte>.Zero;
            for (int k = 0; k < degree; k++)
            {
                nuint at = (nuint)((k * z) + lane);
                Vector<sbyte> t = Vector.Max(
                    Vector.SubtractSaturate(Vector.LoadUnsafe(ref g, at), Vector.LoadUnsafe(ref messages, messageBase + at)),
                    floor);
                t.StoreUnsafe(ref g, at);
                running = k == 0 ? t : BoxPlus(running, t);
                running.StoreUnsafe(ref forward, (nuint)k * width);
            }

            Vector<sbyte> syndromeSign = Vector.LoadUnsafe(ref signs, (nuint)((row * z) + lane));
            Vector<sbyte> parity = syndromeSign;
            Vector<sbyte> backward = Vector<sbyte>.Zero;
            for (int k = degree - 1; k >= 0; k--)
            {
                nuint at = (nuint)((k * z) + lane);
                Vector<sbyte> t = Vector.LoadUnsafe(ref g, at);
                Vector<sbyte> message = k == 0
                    ? backward
                    : k == degree - 1
                        ? Vector.LoadUnsafe(ref forward, (nuint)(k - 1) * width)
                        : BoxPlus(Vector.LoadUnsafe(ref forward, (nuint)(k - 1) * width), backward);
                message = Vector.ConditionalSelect(syndromeSign, -message, message);
                backward = k == degree - 1 ? t : BoxPlus(t, backward);
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
