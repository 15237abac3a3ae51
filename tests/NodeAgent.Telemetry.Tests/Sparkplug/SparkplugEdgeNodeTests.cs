using System.Text;
using Google.Protobuf;
using NodeAgent.Telemetry.Sparkplug;
using Payload = NodeAgent.Telemetry.Sparkplug.Protos.Payload;

namespace NodeAgent.Telemetry.Tests.Sparkplug;

public sealed class SparkplugEdgeNodeTests
{
    private static readonly DateTimeOffset s_t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static SparkplugEdgeNode NewNode(IBdSeqStore? store = null, string? host = null, TimeSpan? period = null)
    {
        var node = new SparkplugEdgeNode(
            new SparkplugEdgeNodeOptions { GroupId = "qkd", EdgeNodeId = "alice", PrimaryHostId = host, MinimumPublishPeriod = period ?? TimeSpan.Zero },
            store ?? new InMemoryBdSeqStore());
        node.AddMetric(new MetricDefinition("QBER", SparkplugDataType.Double) { Deadband = 0.01 }, MetricValue.FromDouble(0.02));
        node.AddMetric(new MetricDefinition("Mode", SparkplugDataType.Int32) { Writable = true }, MetricValue.FromInt32(0));
        return node;
    }

    private static Payload Decode(SparkplugMessage message) => Payload.Parser.ParseFrom(message.Payload);

    private static long BdSeqOf(SparkplugMessage message) => (long)Decode(message).Metrics.Single(m => m.Name == "bdSeq").LongValue;

    [Fact]
    public void BdSeq_advances_per_connection_and_persists_across_restarts_with_the_file_store()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bdseq-{Guid.NewGuid():N}", "bdseq");
        try
        {
            SparkplugEdgeNode first = NewNode(new FileBdSeqStore(path));
            for (int connection = 0; connection < 3; connection++)
            {
                SparkplugMessage will = first.CreateWill();
                Assert.Equal((1, false, "spBv1.0/qkd/NDEATH/alice"), (will.QualityOfService, will.Retain, will.Topic));
                SparkplugMessage birth = first.OnConnected()[0];
                Assert.Equal(connection, BdSeqOf(will));
                Assert.Equal(BdSeqOf(will), BdSeqOf(birth));
                Assert.Empty(first.Rebirth().Skip(1));                  // a rebirth keeps the bdSeq...
                Assert.Equal(connection, BdSeqOf(first.Rebirth()[0]));
                first.OnDisconnected();
            }

            SparkplugEdgeNode restarted = NewNode(new FileBdSeqStore(path));
            SparkplugMessage nextWill = restarted.CreateWill();
            Assert.Equal(3, BdSeqOf(nextWill));
            Assert.Equal(3, BdSeqOf(restarted.OnConnected()[0]));
            Assert.Equal("3\n", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void BdSeq_wraps_from_255_to_0()
    {
        var store = new InMemoryBdSeqStore();
        store.Save(254);
        SparkplugEdgeNode node = NewNode(store);
        Assert.Equal(255, BdSeqOf(node.CreateWill()));
        Assert.Equal(0, BdSeqOf(node.CreateWill()));
    }

    [Fact]
    public void Connecting_without_a_new_will_is_refused()
    {
        SparkplugEdgeNode node = NewNode();
        Assert.Throws<InvalidOperationException>(() => node.OnConnected());
        node.CreateWill();
        node.OnConnected();
        node.OnDisconnected();
        Assert.Throws<InvalidOperationException>(() => node.OnConnected());
    }

    [Fact]
    public void Seq_is_zero_in_nbirth_counts_across_births_and_data_and_wraps()
    {
        SparkplugEdgeNode node = NewNode();
        node.AddDevice("link", [(new MetricDefinition("Rate", SparkplugDataType.UInt64), MetricValue.FromUInt64(0))]);
        node.CreateWill();
        IReadOnlyList<SparkplugMessage> births = node.OnConnected();
        Assert.Equal(["spBv1.0/qkd/NBIRTH/alice", "spBv1.0/qkd/DBIRTH/alice/link"], births.Select(m => m.Topic));
        Assert.Equal([0ul, 1ul], births.Select(m => Decode(m).Seq));
        Assert.All(births, m => Assert.Equal((0, false), (m.QualityOfService, m.Retain)));

        var seqs = new List<ulong>();
        for (int i = 1; i <= 300; i++)
        {
            node.Set("link", "Rate", MetricValue.FromUInt64((ulong)i));
            seqs.Add(Decode(Assert.Single(node.Publish(s_t0.AddSeconds(i)))).Seq);
        }

        Assert.Equal(Enumerable.Range(2, 300).Select(i => (ulong)(i % 256)), seqs);
        Assert.Equal(0ul, Decode(node.Rebirth()[0]).Seq);
    }

    [Fact]
    public void Aliases_are_unique_across_node_and_devices_and_data_uses_them_alone()
    {
        SparkplugEdgeNode node = NewNode();
        node.AddDevice("link", [(new MetricDefinition("Rate", SparkplugDataType.Double), MetricValue.FromDouble(0))]);
        node.AddDevice("det0", [(new MetricDefinition("Rate", SparkplugDataType.Double), MetricValue.FromDouble(0))]);
        List<ulong> aliases = [.. new string?[] { null, "link", "det0" }.SelectMany(d => node.GetDefinitions(d)).Select(d => d.Alias!.Value)];
        Assert.Equal(aliases.Count, aliases.Distinct().Count());
        Assert.Throws<ArgumentException>(() =>
            node.AddDevice("det1", [(new MetricDefinition("X", SparkplugDataType.Double) { Alias = aliases[0] }, MetricValue.FromDouble(0))]));

        node.CreateWill();
        IReadOnlyList<SparkplugMessage> births = node.OnConnected();
        Assert.All(births.SelectMany(m => Decode(m).Metrics).Where(m => m.Name is not ("bdSeq" or "Node Control/Rebirth")),
            m => Assert.True(m.HasName && m.HasAlias));
        node.Set("det0", "Rate", MetricValue.FromDouble(5));
        Payload.Types.Metric metric = Assert.Single(Decode(Assert.Single(node.Publish(s_t0))).Metrics);
        Assert.False(metric.HasName);
        Assert.Equal(node.GetDefinitions("det0")[0].Alias, metric.Alias);
    }

    [Fact]
    public void Removing_a_device_publishes_its_ddeath()
    {
        SparkplugEdgeNode node = NewNode();
        node.AddDevice("det0", [(new MetricDefinition("Rate", SparkplugDataType.Double), MetricValue.FromDouble(0))]);
        node.CreateWill();
        node.OnConnected();
        SparkplugMessage death = Assert.Single(node.RemoveDevice("det0"));
        Assert.Equal("spBv1.0/qkd/DDEATH/alice/det0", death.Topic);
        Assert.Equal(2ul, Decode(death).Seq);
        SparkplugMessage birth = Assert.Single(node.AddDevice("det0", [(new MetricDefinition("Rate", SparkplugDataType.Double), MetricValue.FromDouble(0))]));
        Assert.Equal("spBv1.0/qkd/DBIRTH/alice/det0", birth.Topic);
    }

    [Fact]
    public void Rebirth_command_resends_nbirth_with_seq_zero_and_same_bdseq_and_all_dbirths()
    {
        SparkplugEdgeNode node = NewNode();
        node.AddDevice("link", []);
        node.CreateWill();
        node.OnConnected();
        node.Set("Mode", MetricValue.FromInt32(3));
        node.Publish(s_t0);

        IReadOnlyList<SparkplugMessage> replies = node.OnMessageReceived("spBv1.0/qkd/NCMD/alice",
            Command(new Payload.Types.Metric { Name = "Node Control/Rebirth", Datatype = 11, BooleanValue = true }));

        Assert.Equal(["spBv1.0/qkd/NBIRTH/alice", "spBv1.0/qkd/DBIRTH/alice/link"], replies.Select(m => m.Topic));
        Assert.Equal(0ul, Decode(replies[0]).Seq);
        Assert.Equal(1ul, Decode(replies[1]).Seq);
        Assert.Equal(0, BdSeqOf(replies[0]));
        Assert.Equal(1, node.CommandsAccepted);
    }

    [Fact]
    public void State_online_releases_the_birth_offline_requests_disconnect_and_stale_messages_are_ignored()
    {
        SparkplugEdgeNode node = NewNode(host: "scada");
        Assert.Contains("spBv1.0/STATE/scada", node.Subscriptions);
        node.CreateWill();
        Assert.Empty(node.OnConnected());

        Assert.Empty(node.OnMessageReceived("spBv1.0/STATE/scada", State(false, 100)));
        Assert.Empty(node.OnMessageReceived("spBv1.0/STATE/other", State(true, 200)));
        Assert.Empty(node.OnMessageReceived("spBv1.0/STATE/scada", "not json"u8));
        IReadOnlyList<SparkplugMessage> births = node.OnMessageReceived("spBv1.0/STATE/scada", State(true, 200));
        Assert.Equal("spBv1.0/qkd/NBIRTH/alice", Assert.Single(births).Topic);

        Assert.Empty(node.OnMessageReceived("spBv1.0/STATE/scada", State(false, 150)));   // older than the online: stale
        Assert.False(node.IsDisconnectRequested);
        Assert.Equal(1, node.StaleStateMessages);

        SparkplugMessage death = Assert.Single(node.OnMessageReceived("spBv1.0/STATE/scada", State(false, 200)));
        Assert.Equal("spBv1.0/qkd/NDEATH/alice", death.Topic);
        Assert.True(node.IsDisconnectRequested);
        Assert.Empty(node.Publish(s_t0));

        node.OnDisconnected();
        Assert.Equal(1, BdSeqOf(node.CreateWill()));
        Assert.Empty(node.OnConnected());
        Assert.Equal(1, BdSeqOf(Assert.Single(node.OnMessageReceived("spBv1.0/STATE/scada", State(true, 300)))));
    }

    [Fact]
    public void Data_is_reported_on_change_beyond_the_deadband_and_at_most_once_per_period()
    {
        SparkplugEdgeNode node = NewNode(period: TimeSpan.FromSeconds(1));
        node.CreateWill();
        node.OnConnected();
        Assert.Empty(node.Publish(s_t0));

        node.Set("QBER", MetricValue.FromDouble(0.025));                   // within 0.01 of the reported 0.02
        Assert.Empty(node.Publish(s_t0.AddSeconds(1)));
        node.Set("QBER", MetricValue.FromDouble(0.0301));                  // beyond it
        Assert.Empty(node.Publish(s_t0.AddSeconds(1.5)));                  // but too soon
        Payload data = Decode(Assert.Single(node.Publish(s_t0.AddSeconds(2))));
        Assert.Equal(0.0301, Assert.Single(data.Metrics).DoubleValue);

        node.Set("QBER", MetricValue.FromDouble(0.035));                   // 0.0049 from the last reported
        Assert.Empty(node.Publish(s_t0.AddSeconds(3)));
        Assert.Throws<ArgumentException>(() => node.Set("QBER", MetricValue.FromInt32(1)));
        Assert.Throws<KeyNotFoundException>(() => node.Set("nope", MetricValue.FromInt32(1)));
    }

    [Fact]
    public void Values_recorded_offline_follow_the_next_births_as_historical_data_in_order()
    {
        SparkplugEdgeNode node = NewNode(period: TimeSpan.FromSeconds(1));
        node.CreateWill();
        node.OnConnected();
        node.OnDisconnected();

        // Offline: three changes recorded, nothing to send.
        double[] offline = [0.031, 0.042, 0.053];
        for (int i = 0; i < offline.Length; i++)
        {
            node.Set("QBER", MetricValue.FromDouble(offline[i]));
            Assert.Empty(node.Publish(s_t0.AddSeconds(i + 1)));
        }

        node.CreateWill();
        IReadOnlyList<SparkplugMessage> reconnect = node.OnConnected();
        var births = reconnect.TakeWhile(m => m.Topic.Contains("BIRTH", StringComparison.Ordinal)).ToList();
        var historical = reconnect.Skip(births.Count).Select(Decode).ToList();

        Assert.Equal(offline, historical.Select(p => Assert.Single(p.Metrics).DoubleValue));
        Assert.All(historical, p => Assert.True(Assert.Single(p.Metrics).IsHistorical));
        Assert.Equal(Enumerable.Range(0, reconnect.Count).Select(i => (ulong)i), reconnect.Select(m => Decode(m).Seq));
        Assert.Equal([s_t0.AddSeconds(1), s_t0.AddSeconds(2), s_t0.AddSeconds(3)], historical.Select(p => DateTimeOffset.FromUnixTimeMilliseconds((long)p.Metrics[0].Timestamp)));

        // Back online: current data again, not historical.
        node.Set("QBER", MetricValue.FromDouble(0.07));
        Assert.False(Assert.Single(Decode(Assert.Single(node.Publish(s_t0.AddSeconds(10)))).Metrics).IsHistorical);
    }

    [Fact]
    public void The_offline_history_keeps_the_newest_and_counts_what_it_drops()
    {
        SparkplugEdgeNode node = new(
            new SparkplugEdgeNodeOptions { GroupId = "qkd", EdgeNodeId = "alice", MinimumPublishPeriod = TimeSpan.Zero, HistoryCapacity = 2 },
            new InMemoryBdSeqStore());
        node.AddMetric(new MetricDefinition("QBER", SparkplugDataType.Double), MetricValue.FromDouble(0));
        node.CreateWill();
        node.OnConnected();
        node.OnDisconnected();
        for (int i = 1; i <= 4; i++)
        {
            node.Set("QBER", MetricValue.FromDouble(i / 100.0));
            node.Publish(s_t0.AddSeconds(i));
        }

        node.CreateWill();
        var historical = node.OnConnected().Skip(1).Select(m => Assert.Single(Decode(m).Metrics).DoubleValue).ToList();
        Assert.Equal([0.03, 0.04], historical);
        Assert.Equal(2, node.HistoryDropped);
    }

    [Fact]
    public void Commands_go_to_the_handler_and_their_outcome_is_published_as_last_command()
    {
        SparkplugEdgeNode node = NewNode();
        var seen = new List<SparkplugCommand>();
        node.CommandHandler = command =>
        {
            seen.Add(command);
            return command.Value.AsInt64() >= 0 ? SparkplugCommandResult.Accept() : SparkplugCommandResult.Reject("negative mode");
        };
        node.CreateWill();
        node.OnConnected();
        ulong lastCommandAlias = node.GetDefinitions().Single(d => d.Name == SparkplugEdgeNode.NodeLastCommandMetricName).Alias!.Value;

        SparkplugMessage reply = Assert.Single(node.OnMessageReceived("spBv1.0/qkd/NCMD/alice", Command(new Payload.Types.Metric { Name = "Mode", Datatype = 3, IntValue = 2 })));
        Payload.Types.Metric outcome = Assert.Single(Decode(reply).Metrics);
        Assert.Equal(lastCommandAlias, outcome.Alias);
        Assert.StartsWith("accepted Mode", outcome.StringValue, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(seen).Value.AsInt64());

        reply = Assert.Single(node.OnMessageReceived("spBv1.0/qkd/NCMD/alice", Command(new Payload.Types.Metric { Name = "Mode", IntValue = SparkplugIntegers.FromInt32(-1) })));
        Assert.Contains("negative mode", Assert.Single(Decode(reply).Metrics).StringValue, StringComparison.Ordinal);
        Assert.Equal(1, node.GetCommandsRejected(SparkplugRejectionReason.HandlerRejected));
    }

    [Fact]
    public void Malformed_oversized_unknown_and_wrong_type_ncmds_are_rejected_and_counted()
    {
        var node = new SparkplugEdgeNode(
            new SparkplugEdgeNodeOptions { GroupId = "qkd", EdgeNodeId = "alice", MaxPayloadBytes = 256 },
            new InMemoryBdSeqStore());
        node.AddMetric(new MetricDefinition("Mode", SparkplugDataType.Int32) { Writable = true }, MetricValue.FromInt32(0));
        int handled = 0;
        node.CommandHandler = _ => { handled++; return SparkplugCommandResult.Accept(); };
        node.CreateWill();
        node.OnConnected();

        const string topic = "spBv1.0/qkd/NCMD/alice";
        Assert.Single(node.OnMessageReceived(topic, [0x0A, 0xFF, 0xFF]));
        Assert.Single(node.OnMessageReceived(topic, new byte[257]));
        Assert.Single(node.OnMessageReceived(topic, Command(new Payload.Types.Metric { Name = "Missing", IntValue = 1 })));
        SparkplugMessage reply = Assert.Single(node.OnMessageReceived(topic, Command(new Payload.Types.Metric { Name = "Mode", Datatype = 12, StringValue = "1" })));
        Assert.Single(node.OnMessageReceived("spBv1.0/qkd/DCMD/alice/ghost", Command(new Payload.Types.Metric { Name = "Mode", IntValue = 1 })));

        Assert.Contains("WrongDataType", Assert.Single(Decode(reply).Metrics).StringValue, StringComparison.Ordinal);
        Assert.Equal(0, handled);
        Assert.Equal(5, node.CommandsRejected);
        Assert.Equal(1, node.GetCommandsRejected(SparkplugRejectionReason.Malformed));
        Assert.Equal(1, node.GetCommandsRejected(SparkplugRejectionReason.Oversized));
        Assert.Equal(2, node.GetCommandsRejected(SparkplugRejectionReason.UnknownMetric));
        Assert.Equal(1, node.GetCommandsRejected(SparkplugRejectionReason.WrongDataType));
        Assert.Empty(node.OnMessageReceived("not/a/sparkplug/topic", [1, 2, 3]));
    }

    private static byte[] Command(params Payload.Types.Metric[] metrics)
    {
        var payload = new Payload { Timestamp = 1 };
        payload.Metrics.Add(metrics);
        return payload.ToByteArray();
    }

    private static byte[] State(bool online, long timestamp) =>
        Encoding.UTF8.GetBytes($"{{\"online\": {(online ? "true" : "false")}, \"timestamp\": {timestamp}}}");
}
