using NodeAgent.Operator.CommandLine;
using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Operator.Tests;

public sealed class CommandLineParserTests
{
    private static OperatorCommand Parse(params string[] args) => CommandLineParser.Parse(args, _ => null);

    [Fact]
    public void Watch_defaults_to_the_local_broker_and_the_agent_group()
    {
        WatchSettings watch = Assert.IsType<WatchSettings>(Parse("watch"));

        Assert.Equal("127.0.0.1", watch.Broker.Host);
        Assert.Equal(1883, watch.Broker.Port);
        Assert.Equal("nodeagent", watch.Broker.Group);
        Assert.False(watch.Once);
    }

    [Fact]
    public void Watch_reads_every_option_in_both_spellings()
    {
        WatchSettings watch = Assert.IsType<WatchSettings>(
            Parse("watch", "--broker=broker.lab:9000", "--group", "g2", "--user", "ops", "--password", "pw", "--once", "--wait", "0.5"));

        Assert.Equal(("broker.lab", 9000, "g2", "ops", "pw"), (watch.Broker.Host, watch.Broker.Port, watch.Broker.Group, watch.Broker.Username, watch.Broker.Password));
        Assert.True(watch.Once);
        Assert.Equal(TimeSpan.FromSeconds(0.5), watch.Wait);
    }

    [Fact]
    public void Tls_changes_the_default_port_and_accepts_an_IPv6_broker()
    {
        WatchSettings watch = Assert.IsType<WatchSettings>(Parse("watch", "--tls", "--broker", "[::1]"));

        Assert.True(watch.Broker.UseTls);
        Assert.Equal(("::1", 8883), (watch.Broker.Host, watch.Broker.Port));
    }

    [Fact]
    public void Password_comes_from_the_environment_when_not_given()
    {
        var watch = (WatchSettings)CommandLineParser.Parse(["watch", "--user", "ops"], name => name == CommandLineParser.PasswordVariable ? "secret" : null);

        Assert.Equal("secret", watch.Broker.Password);
    }

    [Fact]
    public void Send_parses_node_device_and_assignment()
    {
        SendSettings send = Assert.IsType<SendSettings>(
            Parse("send", "--node", "sim-link-1-bob", "--device", "link", "--type", "double", "Settings/Target rate=12.5"));

        Assert.Equal(("sim-link-1-bob", "link", "Settings/Target rate", "12.5"), (send.EdgeNodeId, send.DeviceId, send.Metric, send.Value));
        Assert.Equal(SparkplugDataType.Double, send.DataType);
        Assert.False(send.IsRebirth);
    }

    [Fact]
    public void Send_rebirth_writes_the_rebirth_metric()
    {
        SendSettings send = Assert.IsType<SendSettings>(Parse("send", "--node", "n1", "rebirth"));

        Assert.True(send.IsRebirth);
        Assert.Equal(("Node Control/Rebirth", "true"), (send.Metric, send.Value));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised(string arg)
    {
        Assert.IsType<HelpCommand>(Parse(arg));
    }

    [Theory]
    [InlineData("no command", new string[0])]
    [InlineData("unknown command", new[] { "frobnicate" })]
    [InlineData("does not take --node", new[] { "watch", "--node", "x" })]
    [InlineData("--broker needs a value", new[] { "watch", "--broker" })]
    [InlineData("port must be", new[] { "watch", "--broker", "h:99999" })]
    [InlineData("port must be", new[] { "watch", "--broker", "h:abc" })]
    [InlineData("IPv6", new[] { "watch", "--broker", "::1:1883" })]
    [InlineData("--ca needs --tls", new[] { "watch", "--ca", "x.pem" })]
    [InlineData("no such file", new[] { "watch", "--tls", "--ca", "/nonexistent/ca.pem" })]
    [InlineData("--password needs --user", new[] { "watch", "--password", "p" })]
    [InlineData("--wait only applies", new[] { "watch", "--wait", "2" })]
    [InlineData("seconds", new[] { "watch", "--once", "--wait", "-1" })]
    [InlineData("given twice", new[] { "watch", "--group", "a", "--group", "b" })]
    [InlineData("takes no value", new[] { "watch", "--once=yes" })]
    [InlineData("not a Sparkplug id", new[] { "watch", "--group", "a/b" })]
    [InlineData("watch takes no arguments", new[] { "watch", "extra" })]
    [InlineData("needs --node", new[] { "send", "Foo=1" })]
    [InlineData("needs <metric>=<value>", new[] { "send", "--node", "n" })]
    [InlineData("is not <metric>=<value>", new[] { "send", "--node", "n", "Foo" })]
    [InlineData("one <metric>=<value>", new[] { "send", "--node", "n", "A=1", "B=2" })]
    [InlineData("not a Sparkplug datatype", new[] { "send", "--node", "n", "--type", "Quux", "A=1" })]
    [InlineData("not a Sparkplug datatype", new[] { "send", "--node", "n", "--type", "3", "A=1" })]
    [InlineData("not a valid Int32", new[] { "send", "--node", "n", "--type", "Int32", "A=1.5" })]
    [InlineData("drop --device", new[] { "send", "--node", "n", "--device", "d", "rebirth" })]
    public void Bad_arguments_are_usage_errors_naming_the_problem(string expected, string[] args)
    {
        UsageException e = Assert.Throws<UsageException>(() => Parse(args));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", SparkplugDataType.Boolean)]
    [InlineData("False", SparkplugDataType.Boolean)]
    [InlineData("-12", SparkplugDataType.Int64)]
    [InlineData("12.5", SparkplugDataType.Double)]
    [InlineData("1e3", SparkplugDataType.Double)]
    [InlineData("hello world", SparkplugDataType.String)]
    public void Values_without_a_known_datatype_are_inferred(string text, SparkplugDataType expected)
    {
        Assert.Equal(expected, CommandValueParser.Infer(text).DataType);
    }

    [Theory]
    [InlineData("255", SparkplugDataType.UInt8, true)]
    [InlineData("256", SparkplugDataType.UInt8, false)]
    [InlineData("-1", SparkplugDataType.UInt32, false)]
    [InlineData("1.5", SparkplugDataType.Float, true)]
    [InlineData("yes", SparkplugDataType.Boolean, false)]
    [InlineData("anything", SparkplugDataType.String, true)]
    public void Values_are_parsed_by_the_datatype(string text, SparkplugDataType type, bool valid)
    {
        Assert.Equal(valid, CommandValueParser.TryParse(text, type, out MetricValue value, out _));
        if (valid)
        {
            Assert.Equal(type, value.DataType);
        }
    }
}
