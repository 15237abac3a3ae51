using Google.Protobuf.Collections;
using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation;
using NodeAgent.PeerLink;

namespace NodeAgent.Node.Pipeline;

/// <summary>Conversions between kernel types and message fields, with the size checks untrusted input needs.</summary>
internal static class WireFormat
{
    public static void AddWords(RepeatedField<ulong> field, ReadOnlySpan<ulong> words)
    {
        foreach (ulong word in words)
        {
            field.Add(word);
        }
    }

    /// <summary>Reads a bit-packed field that must hold exactly <paramref name="bits"/> bits.</summary>
    public static BitVector ReadBits(RepeatedField<ulong> field, int bits, string what)
    {
        RequireWords(field, bits, what);
        ulong[] words = new ulong[field.Count];
        field.CopyTo(words, 0);
        return BitVector.FromWords(words, bits);
    }

    /// <summary>Copies a bit-packed field that must hold exactly <paramref name="bits"/> bits into <paramref name="destination"/>.</summary>
    public static void CopyWords(RepeatedField<ulong> field, int bits, Span<ulong> destination, string what)
    {
        RequireWords(field, bits, what);
        for (int i = 0; i < field.Count; i++)
        {
            destination[i] = field[i];
        }
    }

    public static void AddQueries(RepeatedField<uint> field, ReadOnlySpan<ParityQuery> queries)
    {
        foreach (ParityQuery query in queries)
        {
            field.Add((uint)query.Pass);
            field.Add((uint)query.Start);
            field.Add((uint)query.Length);
        }
    }

    public static ParityQuery[] ReadQueries(RepeatedField<uint> field, int maxQueries)
    {
        if (field.Count % 3 != 0 || field.Count / 3 > maxQueries)
        {
            throw Malformed($"parity request with {field.Count} numbers (expected triples, at most {maxQueries} queries)");
        }

        var queries = new ParityQuery[field.Count / 3];
        for (int i = 0; i < queries.Length; i++)
        {
            uint pass = field[3 * i], start = field[(3 * i) + 1], length = field[(3 * i) + 2];
            if (pass > int.MaxValue || start > int.MaxValue || length > int.MaxValue)
            {
                throw Malformed("parity query out of range");
            }

            queries[i] = new ParityQuery((int)pass, (int)start, (int)length);
        }

        return queries;
    }

    public static IntensityTally ToTally(PeerLink.Messages.IntensityTally? message) => message is null
        ? default
        : new IntensityTally { Signal = Count(message.Signal), Decoy = Count(message.Decoy), Vacuum = Count(message.Vacuum) };

    public static PeerLink.Messages.IntensityTally ToMessage(IntensityTally tally) =>
        new() { Signal = (ulong)tally.Signal, Decoy = (ulong)tally.Decoy, Vacuum = (ulong)tally.Vacuum };

    public static bool Matches(PeerLink.Messages.IntensityTally? message, IntensityTally tally) =>
        message is not null && message.Signal == (ulong)tally.Signal && message.Decoy == (ulong)tally.Decoy && message.Vacuum == (ulong)tally.Vacuum;

    public static PeerProtocolException Malformed(string what) =>
        new(PeerFailure.Malformed, $"Malformed message from the peer: {what}.");

    private static long Count(ulong value) => value <= long.MaxValue ? (long)value : throw Malformed("count out of range");

    private static void RequireWords(RepeatedField<ulong> field, int bits, string what)
    {
        if (bits < 0 || field.Count != BitVector.WordCount(bits))
        {
            throw Malformed($"{what} has {field.Count} words, expected {BitVector.WordCount(Math.Max(bits, 0))}");
        }
    }
}
