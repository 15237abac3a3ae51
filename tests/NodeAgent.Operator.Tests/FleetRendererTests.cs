using NodeAgent.Operator.Model;
using NodeAgent.Operator.Rendering;
using NodeAgent.Telemetry.Sparkplug;
using static NodeAgent.Operator.Tests.SparkplugFixtures;

namespace NodeAgent.Operator.Tests;

public sealed class FleetRendererTests
{
    private static FleetView View(string alarm = "")
    {
        var view = new FleetView(Group);
        view.Apply(Topic("NBIRTH"), NodeBirth(bdSeq: 7), T0);
        view.Apply(Topic("DBIRTH", "link"), DeviceBirth(seq: 1, secretRate: 248_200, qber: 0.016), T0);
        view.Apply(Topic("DDATA", "link"), Data(2,
            (Keys, MetricValue.FromInt64(11965)),
            (Accepted, MetricValue.FromInt64(37)),
            (Discarded, MetricValue.FromInt64(2)),
            (SecretLength, MetricValue.FromDouble(131072)),
            (PhaseError, MetricValue.FromDouble(0.0345)),
            (Alarm, MetricValue.FromString(alarm))), T0.AddSeconds(1));
        return view;
    }

    private static FrameOptions Options(int width = 100, bool color = false) =>
        new(T0.AddSeconds(2), width, color, "status line", TimeSpan.FromMinutes(5));

    [Fact]
    public void Frame_shows_the_node_and_its_values()
    {
        string frame = FleetRenderer.Render(View(), Options());

        Assert.StartsWith("status line", frame, StringComparison.Ordinal);
        Assert.Contains("nodeagent/sim-link-1-alice  ONLINE  bdSeq 7", frame, StringComparison.Ordinal);
        Assert.Contains("secret/s  248.2k", frame, StringComparison.Ordinal);
        Assert.Contains("QBER 1.60 %", frame, StringComparison.Ordinal);
        Assert.Contains("keys 11965", frame, StringComparison.Ordinal);
        Assert.Contains("blocks 37 ok / 2 discarded", frame, StringComparison.Ordinal);
        Assert.Contains("secret length 131072 bits", frame, StringComparison.Ordinal);
        Assert.Contains("phase error 3.45 %", frame, StringComparison.Ordinal);
        Assert.DoesNotContain("ALARM", frame, StringComparison.Ordinal);
        Assert.DoesNotContain("\e[", frame, StringComparison.Ordinal);
    }

    [Fact]
    public void Alarm_is_shown_and_highlighted_in_color()
    {
        string plain = FleetRenderer.Render(View("QBER above the limit: possible eavesdropping"), Options());
        string color = FleetRenderer.Render(View("QBER above the limit: possible eavesdropping"), Options(color: true));

        Assert.Contains("ALARM: QBER above the limit: possible eavesdropping", plain, StringComparison.Ordinal);
        Assert.Contains("\e[1;37;41mALARM: QBER above the limit", color, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 60)]
    [InlineData(70, 30)]
    [InlineData(20, 8)]
    public void Sparklines_have_the_chart_width_for_the_terminal(int width, int chartWidth)
    {
        FrameOptions options = Options(width);
        string frame = FleetRenderer.Render(View(), options);

        Assert.Equal(chartWidth, options.ChartWidth);
        string[] chartLines = [.. frame.Split('\n').Select(l => l.TrimStart())
            .Where(l => l.StartsWith("secret/s ", StringComparison.Ordinal) || l.StartsWith("QBER     ", StringComparison.Ordinal))];
        Assert.Equal(2, chartLines.Length);
        foreach (string line in chartLines)
        {
            string label = line[..9];
            string chart = line[9..(9 + chartWidth)];
            Assert.Equal(chartWidth, chart.Length);
            Assert.EndsWith("▄", chart, StringComparison.Ordinal); // one constant point so far, right-aligned
            Assert.True(string.IsNullOrWhiteSpace(chart[..^1]), $"'{label}' chart '{chart}'");
        }
    }

    [Fact]
    public void Dead_node_is_shown_offline()
    {
        FleetView view = View();
        view.Apply(Topic("NDEATH"), NodeDeath(7), T0);

        string frame = FleetRenderer.Render(view, Options());

        Assert.Contains("sim-link-1-alice  OFFLINE", frame, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_fleet_says_so()
    {
        string frame = FleetRenderer.Render(new FleetView(Group), Options());

        Assert.Contains("no edge nodes seen yet", frame, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_without_a_birth_suggests_asking_for_one()
    {
        var view = new FleetView(Group);
        view.Apply(Topic("DDATA", "link"), Data(3, (Keys, MetricValue.FromInt64(1))), T0);

        string frame = FleetRenderer.Render(view, Options());

        Assert.Contains("NO BIRTH SEEN", frame, StringComparison.Ordinal);
        Assert.Contains("send --node sim-link-1-alice rebirth", frame, StringComparison.Ordinal);
    }
}
