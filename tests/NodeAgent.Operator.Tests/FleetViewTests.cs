using NodeAgent.Operator.Model;
using NodeAgent.Telemetry.Sparkplug;
using NodeAgent.Telemetry.Sparkplug.Protos;
using static NodeAgent.Operator.Tests.SparkplugFixtures;

namespace NodeAgent.Operator.Tests;

public sealed class FleetViewTests
{
    private static FleetView BornView(out EdgeNodeState node)
    {
        var view = new FleetView(Group);
        view.Apply(Topic("NBIRTH"), NodeBirth(bdSeq: 3), T0);
        view.Apply(Topic("DBIRTH", "link"), DeviceBirth(seq: 1), T0);
        node = view.GetNode(Group, Node)!;
        return view;
    }

    [Fact]
    public void Births_define_names_and_values_and_bring_the_node_online()
    {
        FleetView view = BornView(out EdgeNodeState node);

        Assert.True(node.Online);
        Assert.Equal(3, node.BdSeq);
        Assert.Equal("alice", node.Metrics.Text("Properties/Role"));
        DeviceState link = Assert.Single(node.Devices);
        Assert.True(link.Online);
        Assert.Equal(1000, link.Metrics.Number("Rates/Secret bits per second"));
        Assert.Equal(SparkplugDataType.Int64, link.Metrics.Get("Keys/Stored")!.DataType);
        Assert.Equal(2, view.Messages);
    }

    [Fact]
    public void Data_by_alias_updates_the_named_metrics()
    {
        FleetView view = BornView(out EdgeNodeState node);

        FleetApplyResult result = view.Apply(Topic("DDATA", "link"),
            Data(2, (Keys, MetricValue.FromInt64(42)), (Alarm, MetricValue.FromString("QBER above the limit")), (Qber, MetricValue.FromDouble(0.031))),
            T0.AddSeconds(1));

        Assert.Equal(FleetApplyResult.Applied, result);
        MetricSet link = node.GetDevice("link")!.Metrics;
        Assert.Equal(42, link.Number("Keys/Stored"));
        Assert.Equal("QBER above the limit", link.Text("Alarm"));
        Assert.Equal(0.031, link.Number("QBER"));
        Assert.Equal(0, node.SeqGaps);
        Assert.Equal(0, node.UnknownAliases);
        Assert.Equal(T0.AddSeconds(1), node.LastUpdate);
    }

    [Fact]
    public void Unknown_aliases_are_counted_and_skipped()
    {
        FleetView view = BornView(out EdgeNodeState node);
        var stranger = new MetricDefinition("Nobody", SparkplugDataType.Int64) { Alias = 999 };

        view.Apply(Topic("DDATA", "link"), Data(2, (stranger, MetricValue.FromInt64(1)), (Keys, MetricValue.FromInt64(7))), T0);

        Assert.Equal(1, node.UnknownAliases);
        Assert.Equal(7, node.GetDevice("link")!.Metrics.Number("Keys/Stored"));
        Assert.Null(node.GetDevice("link")!.Metrics.Get("Nobody"));
    }

    [Fact]
    public void Data_before_any_birth_creates_the_node_without_names()
    {
        var view = new FleetView(Group);

        view.Apply(Topic("DDATA", "link"), Data(5, (Keys, MetricValue.FromInt64(7))), T0);

        EdgeNodeState node = view.GetNode(Group, Node)!;
        Assert.Equal(0, node.Births);
        Assert.Equal(1, node.UnknownAliases);
    }

    [Fact]
    public void Death_with_the_session_bdSeq_takes_node_and_devices_offline()
    {
        FleetView view = BornView(out EdgeNodeState node);

        view.Apply(Topic("NDEATH"), NodeDeath(bdSeq: 3), T0);

        Assert.False(node.Online);
        Assert.False(node.GetDevice("link")!.Online);
    }

    [Fact]
    public void Death_of_an_older_session_is_ignored()
    {
        FleetView view = BornView(out EdgeNodeState node);

        view.Apply(Topic("NDEATH"), NodeDeath(bdSeq: 2), T0);

        Assert.True(node.Online);
        Assert.Equal(1, node.StaleDeaths);
    }

    [Fact]
    public void Device_death_takes_only_the_device_offline()
    {
        FleetView view = BornView(out EdgeNodeState node);

        view.Apply(Topic("DDEATH", "link"), SparkplugPayloadCodec.EncodeDeviceDeath(T0, 2), T0);

        Assert.True(node.Online);
        Assert.False(node.GetDevice("link")!.Online);
    }

    [Fact]
    public void Rebirth_resets_aliases_and_readings()
    {
        FleetView view = BornView(out EdgeNodeState node);
        view.Apply(Topic("DDATA", "link"), Data(2, (Keys, MetricValue.FromInt64(42))), T0);

        view.Apply(Topic("NBIRTH"), NodeBirth(bdSeq: 4), T0.AddSeconds(2));

        Assert.Equal(2, node.Births);
        Assert.Equal(4, node.BdSeq);
        Assert.Null(node.GetDevice("link")!.Metrics.Get("Keys/Stored"));
        Assert.False(node.GetDevice("link")!.Born);
        view.Apply(Topic("DDATA", "link"), Data(1, (Keys, MetricValue.FromInt64(5))), T0);
        Assert.Equal(1, node.UnknownAliases); // the device has not been reborn yet
        Assert.Equal(0, node.SeqGaps); // NBIRTH restarted the seq at 0
    }

    [Fact]
    public void Seq_gaps_are_counted_and_255_to_0_is_no_gap()
    {
        FleetView view = BornView(out EdgeNodeState node);
        view.Apply(Topic("DDATA", "link"), Data(255, (Keys, MetricValue.FromInt64(1))), T0); // gap: 1 -> 255
        view.Apply(Topic("DDATA", "link"), Data(0, (Keys, MetricValue.FromInt64(2))), T0); // wrap
        view.Apply(Topic("DDATA", "link"), Data(1, (Keys, MetricValue.FromInt64(3))), T0);

        Assert.Equal(1, node.SeqGaps);
        Assert.Equal(1, node.LastSeq);
        Assert.Equal(3, node.GetDevice("link")!.Metrics.Number("Keys/Stored"));
    }

    [Fact]
    public void Garbage_payloads_are_counted_and_ignored()
    {
        FleetView view = BornView(out EdgeNodeState node);

        FleetApplyResult result = view.Apply(Topic("DDATA", "link"), [0xFF, 0xFF, 0xFF, 0x07], T0);

        Assert.Equal(FleetApplyResult.Garbage, result);
        Assert.Equal(1, view.GarbagePayloads);
        Assert.Equal(1000, node.GetDevice("link")!.Metrics.Number("Rates/Secret bits per second"));
    }

    [Theory]
    [InlineData("not/sparkplug")]
    [InlineData("spBv1.0/othergroup/NDATA/x")]
    [InlineData("spBv1.0/STATE/host")]
    [InlineData("spBv1.0/nodeagent/NCMD/sim-link-1-alice")]
    public void Other_topics_are_ignored(string topic)
    {
        var view = new FleetView(Group);

        Assert.Equal(FleetApplyResult.Ignored, view.Apply(topic, NodeBirth(), T0));
        Assert.Empty(view.Nodes);
    }

    [Fact]
    public void Charted_metrics_keep_a_history_across_data()
    {
        FleetView view = BornView(out EdgeNodeState node);
        for (int i = 0; i < 5; i++)
        {
            view.Apply(Topic("DDATA", "link"), Data((byte)(2 + i), (SecretRate, MetricValue.FromDouble(100 * i))), T0.AddSeconds(i + 1));
        }

        double[] history = node.GetDevice("link")!.Metrics.History("Rates/Secret bits per second")!.ValuesSince(T0);
        Assert.Equal([1000, 0, 100, 200, 300, 400], history);
    }

    [Fact]
    public void A_hand_built_payload_with_names_and_no_aliases_is_read()
    {
        var view = new FleetView(Group);
        view.Apply(Topic("NBIRTH"), NodeBirth(), T0);
        var payload = new Payload { Seq = 1, Timestamp = 1 };
        payload.Metrics.Add(new Payload.Types.Metric { Name = "Temperature", Datatype = (uint)SparkplugDataType.Float, FloatValue = 21.5f });
        payload.Metrics.Add(new Payload.Types.Metric { Name = "Count", Datatype = (uint)SparkplugDataType.Int32, IntValue = unchecked((uint)-5) });

        view.Apply(Topic("DBIRTH", "sensor"), Google.Protobuf.MessageExtensions.ToByteArray(payload), T0);

        MetricSet sensor = view.GetNode(Group, Node)!.GetDevice("sensor")!.Metrics;
        Assert.Equal(21.5, sensor.Number("Temperature"));
        Assert.Equal(-5, sensor.Number("Count"));
    }
}
