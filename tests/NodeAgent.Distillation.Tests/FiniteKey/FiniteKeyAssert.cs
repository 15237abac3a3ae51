using System.Reflection;
using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

/// <summary>Checks shared by the finite-key tests.</summary>
internal static class FiniteKeyAssert
{
    /// <summary>The block is discarded with a reason, yields nothing, and reports no NaN or infinity anywhere.</summary>
    public static void Discarded(FiniteKeyEstimate estimate, string? reasonContains = null)
    {
        Assert.False(estimate.Accepted);
        Assert.Equal(0, estimate.SecretBits);
        Assert.False(string.IsNullOrWhiteSpace(estimate.DiscardReason));
        if (reasonContains is not null)
        {
            Assert.Contains(reasonContains, estimate.DiscardReason, StringComparison.OrdinalIgnoreCase);
        }

        AllFinite(estimate);
    }

    /// <summary>Every double the estimate reports is a finite number.</summary>
    public static void AllFinite(FiniteKeyEstimate estimate)
    {
        foreach (PropertyInfo property in typeof(FiniteKeyEstimate).GetProperties())
        {
            if (property.PropertyType == typeof(double))
            {
                double value = (double)property.GetValue(estimate)!;
                Assert.True(double.IsFinite(value), $"{property.Name} = {value}");
            }
        }
    }
}
