namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// exp(x) − 1 and ln(1 + x) without cancellation for small x, where eta·mu and per-slot probabilities live (1e-5 and
/// below on long fibres). .NET's <c>double.ExpM1</c>/<c>double.LogP1</c> compute <c>Exp(x) - 1</c>/<c>Log(1 + x)</c>
/// directly, which loses every digit once x is near machine epsilon.
/// </summary>
/// <remarks>
/// Both use the correction trick from Goldberg, "What every computer scientist should know about floating-point
/// arithmetic", ACM Computing Surveys 23(1), 1991, Theorem 4 (attributed to Kahan): the rounding error of 1 + x is
/// divided out exactly.
/// </remarks>
internal static class PrecisionMath
{
    /// <summary>exp(x) − 1, accurate to a few ulps for all finite x.</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }

    /// <summary>ln(1 + x) for x &gt; −1, accurate to a few ulps.</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
