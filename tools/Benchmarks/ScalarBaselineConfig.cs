using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace NodeAgent.Benchmarks;

/// <summary>
/// Two short-run jobs of the same code: the scalar tier (DOTNET_EnableHWIntrinsic=0, the baseline; what a CPU without
/// PCLMULQDQ/PMULL runs) and the default, carry-less-multiply tier. Ratios read "N× faster" than the scalar job.
/// </summary>
internal sealed class ScalarBaselineConfig : ManualConfig
{
    public ScalarBaselineConfig()
    {
        AddJob(Job.ShortRun.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_EnableHWIntrinsic", "0")).WithId("Scalar").AsBaseline());
        AddJob(Job.ShortRun.WithId("Clmul"));
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
    }
}
