using NodeAgent.Telemetry.Sparkplug;

namespace NodeAgent.Telemetry.Tests.Sparkplug;

public sealed class SparkplugTopicTests
{
    [Theory]
    [InlineData("spBv1.0/G1/NBIRTH/E1", SparkplugMessageType.NBirth, null)]
    [InlineData("spBv1.0/G1/NDEATH/E1", SparkplugMessageType.NDeath, null)]
    [InlineData("spBv1.0/G1/NDATA/E1", SparkplugMessageType.NData, null)]
    [InlineData("spBv1.0/G1/NCMD/E1", SparkplugMessageType.NCmd, null)]
    [InlineData("spBv1.0/G1/DBIRTH/E1/link", SparkplugMessageType.DBirth, "link")]
    [InlineData("spBv1.0/G1/DDEATH/E1/link", SparkplugMessageType.DDeath, "link")]
    [InlineData("spBv1.0/G1/DDATA/E1/detector 0", SparkplugMessageType.DData, "detector 0")]
    [InlineData("spBv1.0/G1/DCMD/E1/link", SparkplugMessageType.DCmd, "link")]
    public void Node_and_device_topics_round_trip(string text, SparkplugMessageType type, string? device)
    {
        Assert.True(SparkplugTopic.TryParse(text, out SparkplugTopic? topic));
        Assert.Equal(type, topic.MessageType);
        Assert.Equal("G1", topic.GroupId);
        Assert.Equal("E1", topic.EdgeNodeId);
        Assert.Equal(device, topic.DeviceId);
        Assert.Equal(text, topic.ToString());
        SparkplugTopic built = device is null
            ? SparkplugTopic.ForNode("G1", type, "E1")
            : SparkplugTopic.ForDevice("G1", type, "E1", device);
        Assert.Equal(topic, built);
    }

    [Fact]
    public void State_topic_round_trips()
    {
        Assert.True(SparkplugTopic.TryParse("spBv1.0/STATE/scada", out SparkplugTopic? topic));
        Assert.Equal(SparkplugMessageType.State, topic.MessageType);
        Assert.Equal("scada", topic.HostId);
        Assert.Equal("spBv1.0/STATE/scada", SparkplugTopic.ForState("scada").ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("spBv1.0")]
    [InlineData("spBv1.0/G1/NBIRTH")]
    [InlineData("spBv1.0/G1/NBIRTH/E1/dev")]
    [InlineData("spBv1.0/G1/DBIRTH/E1")]
    [InlineData("spBv1.0/G1/DBIRTH/E1/")]
    [InlineData("spBv1.0/G1/DBIRTH/E1/d/extra")]
    [InlineData("spBv1.0/G1/nbirth/E1")]
    [InlineData("spBv1.0/G1/HELLO/E1")]
    [InlineData("spAv1.0/G1/NBIRTH/E1")]
    [InlineData("spBv1.0//NBIRTH/E1")]
    [InlineData("spBv1.0/G+/NBIRTH/E1")]
    [InlineData("spBv1.0/G1/NBIRTH/#")]
    [InlineData("spBv1.0/STATE/")]
    [InlineData("spBv1.0/STATE/a/b")]
    [InlineData("spBv1.0/STATE/+")]
    [InlineData("/////")]
    public void Garbage_does_not_parse(string? text)
    {
        Assert.False(SparkplugTopic.TryParse(text, out SparkplugTopic? topic));
        Assert.Null(topic);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a+b")]
    [InlineData("a/b")]
    [InlineData("a#")]
    public void Invalid_ids_are_refused_when_building(string id)
    {
        Assert.False(SparkplugTopic.IsValidId(id));
        Assert.Throws<ArgumentException>(() => SparkplugTopic.ForNode(id, SparkplugMessageType.NData, "E1"));
        Assert.Throws<ArgumentException>(() => SparkplugTopic.ForDevice("G1", SparkplugMessageType.DData, "E1", id));
        Assert.Throws<ArgumentException>(() => SparkplugTopic.ForState(id));
    }

    [Fact]
    public void Message_type_must_fit_the_topic_shape()
    {
        Assert.Throws<ArgumentException>(() => SparkplugTopic.ForNode("G1", SparkplugMessageType.DData, "E1"));
        Assert.Throws<ArgumentException>(() => SparkplugTopic.ForDevice("G1", SparkplugMessageType.NData, "E1", "d"));
    }
}
