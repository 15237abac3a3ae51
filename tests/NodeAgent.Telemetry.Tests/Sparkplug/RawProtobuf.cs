using Google.Protobuf;

namespace NodeAgent.Telemetry.Tests.Sparkplug;

/// <summary>
/// A decoder of the protobuf wire format that knows nothing of the generated classes: every field as
/// (number, wire type, varint / fixed bits / bytes), so tests check the field numbers the specification fixes.
/// </summary>
internal static class RawProtobuf
{
    internal sealed record Field(int Number, WireFormat.WireType WireType, ulong Bits, byte[]? Bytes);

    public static List<Field> Read(byte[] message)
    {
        var fields = new List<Field>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int number = WireFormat.GetTagFieldNumber(tag);
            WireFormat.WireType type = WireFormat.GetTagWireType(tag);
            fields.Add(type switch
            {
                WireFormat.WireType.Varint => new Field(number, type, input.ReadUInt64(), null),
                WireFormat.WireType.Fixed32 => new Field(number, type, input.ReadFixed32(), null),
                WireFormat.WireType.Fixed64 => new Field(number, type, input.ReadFixed64(), null),
                WireFormat.WireType.LengthDelimited => new Field(number, type, 0, input.ReadBytes().ToByteArray()),
                _ => throw new InvalidDataException($"Unexpected wire type {type}."),
            });
        }

        return fields;
    }

    public static Field Single(this List<Field> fields, int number) => Assert.Single(fields, f => f.Number == number);

    public static string Text(this Field field) => System.Text.Encoding.UTF8.GetString(field.Bytes!);
}
