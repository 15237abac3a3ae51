using System.Diagnostics;
using System.Text.Json;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Telemetry.Tests.Sparkplug;

/// <summary>
/// Decodes our NBIRTH and NDATA with Eclipse Tahu's JavaScript codec (npm <c>sparkplug-payload</c>) as an independent
/// reader. Needs node and the package in this folder's node_modules:
/// <c>npm install --no-save --prefix tests/NodeAgent.Telemetry.Tests/Sparkplug sparkplug-payload@1.0.3</c>.
/// Skips when either is missing, unless NODEAGENT_REQUIRE_INTEROP=1 (then it fails).
/// </summary>
public sealed class TahuInteropTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_456);

    [Fact]
    public async Task Tahu_decodes_our_nbirth_and_ndata_to_the_same_names_aliases_types_and_values()
    {
        CancellationToken cancellation = TestContext.Current.CancellationToken;
        string script = RequireTahu();
        (MetricDefinition Definition, MetricValue Value, string Expected)[] metrics =
        [
            (new("i8", SparkplugDataType.Int8) { Alias = 1 }, MetricValue.FromInt8(sbyte.MinValue), "-128"),
            (new("i16", SparkplugDataType.Int16) { Alias = 2 }, MetricValue.FromInt16(-12345), "-12345"),
            (new("i32", SparkplugDataType.Int32) { Alias = 3 }, MetricValue.FromInt32(int.MinValue), "-2147483648"),
            (new("i64", SparkplugDataType.Int64) { Alias = 4 }, MetricValue.FromInt64(long.MinValue), "-9223372036854775808"),
            (new("u8", SparkplugDataType.UInt8) { Alias = 5 }, MetricValue.FromUInt8(255), "255"),
            (new("u16", SparkplugDataType.UInt16) { Alias = 6 }, MetricValue.FromUInt16(65535), "65535"),
            (new("u64", SparkplugDataType.UInt64) { Alias = 8 }, MetricValue.FromUInt64(ulong.MaxValue), "18446744073709551615"),
            (new("f", SparkplugDataType.Float) { Alias = 9 }, MetricValue.FromFloat(-1.5f), "-1.5"),
            (new("d", SparkplugDataType.Double) { Alias = 10 }, MetricValue.FromDouble(-0.0123456789012345), "-0.0123456789012345"),
            (new("b", SparkplugDataType.Boolean) { Alias = 11 }, MetricValue.FromBoolean(true), "True"),
            (new("s", SparkplugDataType.String) { Alias = 12 }, MetricValue.FromString("héllo/world"), "héllo/world"),
            (new("t", SparkplugDataType.DateTime) { Alias = 13 }, MetricValue.FromDateTime(s_now), "1700000000456"),
            (new("x", SparkplugDataType.Text) { Alias = 14 }, MetricValue.FromText("text"), "text"),
        ];
        MetricSample[] samples = [.. metrics.Select(m => new MetricSample(m.Definition, m.Value, s_now))];

        JsonElement birth = await DecodeAsync(script, SparkplugPayloadCodec.EncodeNodeBirth(s_now, 7, samples), cancellation);
        JsonElement data = await DecodeAsync(script, SparkplugPayloadCodec.EncodeData(s_now, 9, samples), cancellation);

        JsonElement[] born = [.. birth.GetProperty("metrics").EnumerateArray()];
        Assert.Equal(("bdSeq", "Int64", "7"), (born[0].GetProperty("name").GetString(), born[0].GetProperty("datatype").GetString(), Text(born[0].GetProperty("value"))));
        Assert.Equal(("Node Control/Rebirth", JsonValueKind.Null), (born[1].GetProperty("name").GetString(), born[1].GetProperty("alias").ValueKind));
        JsonElement[] sent = [.. data.GetProperty("metrics").EnumerateArray()];
        Assert.Equal("9", Text(data.GetProperty("seq")));
        for (int i = 0; i < metrics.Length; i++)
        {
            (MetricDefinition definition, _, string expected) = metrics[i];
            foreach ((JsonElement metric, string? name) in new[] { (born[i + 2], definition.Name), (sent[i], (string?)null) })
            {
                Assert.Equal(name, metric.GetProperty("name").GetString());
                Assert.Equal(definition.Alias.ToString(), Text(metric.GetProperty("alias")));
                Assert.Equal(definition.DataType.ToString(), metric.GetProperty("datatype").GetString());
                Assert.Equal(expected, Text(metric.GetProperty("value")));
            }
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.ValueKind.ToString(),
    };

    private static async Task<JsonElement> DecodeAsync(string script, byte[] payload, CancellationToken cancellation)
    {
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, payload, cancellation);
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellation);
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            Assert.True(process.ExitCode == 0, $"node failed: {await stderr}");
            using JsonDocument document = JsonDocument.Parse(await stdout);
            return document.RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The path of decode-with-tahu.js once node and the package are known to be there; otherwise skips (or fails).</summary>
    private static string RequireTahu()
    {
        bool required = Environment.GetEnvironmentVariable("NODEAGENT_REQUIRE_INTEROP") == "1";
        string? folder = FindSourceFolder();
        string? missing = folder is null ? "the source folder tests/NodeAgent.Telemetry.Tests/Sparkplug was not found above the test binaries"
            : !File.Exists(Path.Combine(folder, "node_modules", "sparkplug-payload", "package.json"))
                ? $"npm package sparkplug-payload is not installed; run: npm install --no-save --prefix {folder} sparkplug-payload@1.0.3"
            : !NodeRuns() ? "node is not on PATH"
            : null;
        if (missing is not null)
        {
            Assert.False(required, $"NODEAGENT_REQUIRE_INTEROP=1 but {missing}");
            Assert.Skip($"Tahu interop skipped: {missing}.");
        }

        return Path.Combine(folder!, "decode-with-tahu.js");
    }

    private static string? FindSourceFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "NodeAgent.Telemetry.Tests", "Sparkplug");
            if (File.Exists(Path.Combine(candidate, "decode-with-tahu.js")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool NodeRuns()
    {
        try
        {
            using Process? process = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true });
            process?.WaitForExit(10_000);
            return process is { ExitCode: 0 };
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
