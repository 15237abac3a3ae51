using Google.Protobuf;
using NodeAgent.Telemetry.Sparkplug;
using static NodeAgent.Telemetry.Tests.Sparkplug.RawProtobuf;

namespace NodeAgent.Telemetry.Tests.Sparkplug;

public sealed class SparkplugPayloadCodecTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    [Fact]
    public void Nbirth_has_the_spec_field_numbers_on_the_wire()
    {
        var qber = new MetricDefinition("Link/QBER", SparkplugDataType.Double) { Alias = 7 };
        var offset = new MetricDefinition("Link/Offset", SparkplugDataType.Int32) { Alias = 8 };
        byte[] bytes = SparkplugPayloadCodec.EncodeNodeBirth(s_now, 42,
            [new MetricSample(qber, MetricValue.FromDouble(0.0125), s_now), new MetricSample(offset, MetricValue.FromInt32(-3), s_now)]);

        List<Field> payload = Read(bytes);
        Assert.Equal(1_700_000_000_123ul, payload.Single(1).Bits);          // timestamp = 1
        Assert.Equal(0ul, payload.Single(3).Bits);                          // seq = 3, zero in NBIRTH
        List<List<Field>> metrics = [.. payload.Where(f => f.Number == 2).Select(f => Read(f.Bytes!))]; // metrics = 2
        Assert.Equal(4, metrics.Count);

        List<Field> bdSeq = metrics[0];
        Assert.Equal("bdSeq", bdSeq.Single(1).Text());                      // name = 1
        Assert.DoesNotContain(bdSeq, f => f.Number == 2);                   // no alias
        Assert.Equal(1_700_000_000_123ul, bdSeq.Single(3).Bits);            // timestamp = 3
        Assert.Equal(4ul, bdSeq.Single(4).Bits);                            // datatype = 4: Int64
        Assert.Equal(42ul, bdSeq.Single(11).Bits);                          // long_value = 11

        List<Field> rebirth = metrics[1];
        Assert.Equal("Node Control/Rebirth", rebirth.Single(1).Text());
        Assert.DoesNotContain(rebirth, f => f.Number == 2);                 // no alias: hosts write it by name
        Assert.Equal(11ul, rebirth.Single(4).Bits);                         // Boolean
        Assert.Equal(0ul, rebirth.Single(14).Bits);                         // boolean_value = 14, false

        List<Field> q = metrics[2];
        Assert.Equal("Link/QBER", q.Single(1).Text());
        Assert.Equal(7ul, q.Single(2).Bits);                                // alias = 2
        Assert.Equal(10ul, q.Single(4).Bits);                               // Double
        Field d = q.Single(13);                                             // double_value = 13
        Assert.Equal(WireFormat.WireType.Fixed64, d.WireType);
        Assert.Equal(0.0125, BitConverter.UInt64BitsToDouble(d.Bits));

        List<Field> o = metrics[3];
        Assert.Equal(8ul, o.Single(2).Bits);
        Assert.Equal(3ul, o.Single(4).Bits);                                // Int32
        Assert.Equal(0xFFFFFFFDul, o.Single(10).Bits);                      // int_value = 10, two's complement of -3
    }

    [Fact]
    public void Ndata_carries_aliases_only()
    {
        var def = new MetricDefinition("Link/QBER", SparkplugDataType.Float) { Alias = 5 };
        List<Field> payload = Read(SparkplugPayloadCodec.EncodeData(s_now, 17, [new MetricSample(def, MetricValue.FromFloat(1.5f), s_now)]));
        Assert.Equal(17ul, payload.Single(3).Bits);
        List<Field> metric = Read(payload.Single(2).Bytes!);
        Assert.DoesNotContain(metric, f => f.Number == 1);
        Assert.Equal(5ul, metric.Single(2).Bits);
        Assert.Equal(1.5f, BitConverter.UInt32BitsToSingle((uint)metric.Single(12).Bits)); // float_value = 12
    }

    [Fact]
    public void Ndeath_holds_only_bdseq_and_no_seq()
    {
        List<Field> payload = Read(SparkplugPayloadCodec.EncodeNodeDeath(s_now, 255));
        Assert.DoesNotContain(payload, f => f.Number == 3);
        List<Field> metric = Read(payload.Single(2).Bytes!);
        Assert.Equal("bdSeq", metric.Single(1).Text());
        Assert.Equal(255ul, metric.Single(11).Bits);
    }

    [Fact]
    public void Data_without_alias_is_a_programming_error()
    {
        var def = new MetricDefinition("x", SparkplugDataType.Boolean);
        Assert.Throws<ArgumentException>(() => SparkplugPayloadCodec.EncodeData(s_now, 1, [new MetricSample(def, MetricValue.FromBoolean(true), s_now)]));
    }

    [Fact]
    public void Commands_by_name_and_by_alias_decode_to_typed_values()
    {
        var mode = new MetricDefinition("Link/Mode", SparkplugDataType.Int16) { Alias = 3, Writable = true };
        var label = new MetricDefinition("Link/Label", SparkplugDataType.String) { Alias = 4, Writable = true };
        byte[] payload = Command(
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Name = "Link/Mode", Datatype = 2, IntValue = SparkplugIntegers.FromInt16(-300) },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Alias = 4, StringValue = "north" });

        SparkplugCommandBatch batch = new SparkplugPayloadCodec().DecodeCommand(payload, [mode, label], "link");

        Assert.Empty(batch.Rejections);
        Assert.Equal(2, batch.Commands.Count);
        Assert.Equal(-300, batch.Commands[0].Value.AsInt64());
        Assert.Equal("north", batch.Commands[1].Value.AsString());
        Assert.Equal("link", batch.Commands[1].DeviceId);
    }

    [Fact]
    public void Malformed_oversized_unknown_and_wrongly_typed_commands_are_rejected_with_reasons()
    {
        var mode = new MetricDefinition("Link/Mode", SparkplugDataType.Int8) { Alias = 3, Writable = true };
        var stat = new MetricDefinition("Link/QBER", SparkplugDataType.Double) { Alias = 4 };
        MetricDefinition[] known = [mode, stat];
        var codec = new SparkplugPayloadCodec(maxPayloadBytes: 64);

        Assert.Equal(SparkplugRejectionReason.Malformed, Assert.Single(codec.DecodeCommand([0x12, 0xFF, 0x01], known).Rejections).Reason);
        Assert.Equal(SparkplugRejectionReason.Oversized, Assert.Single(codec.DecodeCommand(new byte[65], known).Rejections).Reason);

        SparkplugCommandBatch batch = new SparkplugPayloadCodec().DecodeCommand(Command(
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Name = "Nope", BooleanValue = true },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Alias = 99, BooleanValue = true },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Name = "Link/Mode", Datatype = 11, BooleanValue = true },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Name = "Link/Mode", DoubleValue = 1.0 },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Name = "Link/Mode", IntValue = 1000 },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Name = "Link/Mode", IsNull = true },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { Alias = 4, DoubleValue = 0.5 },
            new NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric { IntValue = 1 }), known);

        Assert.Empty(batch.Commands);
        Assert.Equal(
            [
                SparkplugRejectionReason.UnknownMetric, SparkplugRejectionReason.UnknownMetric, SparkplugRejectionReason.WrongDataType,
                SparkplugRejectionReason.WrongDataType, SparkplugRejectionReason.InvalidValue, SparkplugRejectionReason.InvalidValue,
                SparkplugRejectionReason.NotWritable, SparkplugRejectionReason.Malformed,
            ],
            batch.Rejections.Select(r => r.Reason));
        Assert.Equal("alias 99", batch.Rejections[1].Target);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(20240611);
        var codec = new SparkplugPayloadCodec();
        MetricDefinition[] known = [new("a", SparkplugDataType.Int32) { Alias = 1, Writable = true }];
        for (int i = 0; i < 2000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            SparkplugCommandBatch batch = codec.DecodeCommand(bytes, known);
            Assert.NotNull(batch);
        }
    }

    private static byte[] Command(params NodeAgent.Telemetry.Sparkplug.Protos.Payload.Types.Metric[] metrics)
    {
        var payload = new NodeAgent.Telemetry.Sparkplug.Protos.Payload { Timestamp = 1 };
        payload.Metrics.Add(metrics);
        return payload.ToByteArray();
    }
}
