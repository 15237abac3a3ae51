namespace NodeAgent.Distillation.Reconciliation.Ldpc;

public sealed partial class LdpcDecoder
{
    /// <summary>
    /// One layer (base row) lane by lane: the reference the vector kernel must match bit for bit. Returns true if,
    /// after the update, every check of the layer is satisfied by the hard decisions.
    /// </summary>
    private bool UpdateLayerScalar(int row)
    {
        int z = _code.LiftingSize;
        int first = _code.RowStart[row];
        int degree = _code.RowStart[row + 1] - first;
        Span<sbyte> gathered = _gathered.AsSpan(0, degree * z);
        Span<sbyte> messages = _checkMessages.AsSpan(first * z, degree * z);
        ReadOnlySpan<sbyte> signs = _syndromeSigns.AsSpan(row * z, z);
        for (int k = 0; k < degree; k++)
        {
            Gather(_code.EdgeColumns[first + k], _code.EdgeShifts[first + k], gathered.Slice(k * z, z));
        }

        bool satisfied = true;
        for (int r = 0; r < z; r++)
        {
            // Variable-to-check messages t = L − R_old; two smallest magnitudes, where the smallest is, sign product.
            int min1 = MaxMagnitude;
            int min2 = MaxMagnitude;
            int minIndex = 0;
            int negative = signs[r] != 0 ? 1 : 0;
            for (int k = 0; k < degree; k++)
            {
                int t = Saturate(gathered[(k * z) + r] - messages[(k * z) + r]);
                gathered[(k * z) + r] = (sbyte)t;
                int magnitude = Math.Abs(t);
                if (magnitude < min1)
                {
                    min2 = min1;
                    min1 = magnitude;
                    minIndex = k;
                }
                else if (magnitude < min2)
                {
                    min2 = magnitude;
                }

                negative ^= t < 0 ? 1 : 0;
            }

            int scaled1 = min1 - (min1 >> _normalizationShift);
            int scaled2 = min2 - (min2 >> _normalizationShift);
            int parity = signs[r] != 0 ? 1 : 0;
            for (int k = 0; k < degree; k++)
            {
                int t = gathered[(k * z) + r];
                int magnitude = k == minIndex ? scaled2 : scaled1;
                int message = (negative ^ (t < 0 ? 1 : 0)) != 0 ? -magnitude : magnitude;
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

    private static int Saturate(int value) => Math.Clamp(value, -MaxMagnitude, MaxMagnitude);
}
