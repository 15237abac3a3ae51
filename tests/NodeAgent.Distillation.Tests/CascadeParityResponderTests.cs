using NodeAgent.Distillation.Bits;
using NodeAgent.Distillation.Reconciliation;

namespace NodeAgent.Distillation.Tests;

public class CascadeParityResponderTests
{
    [Fact]
    public void Answers_match_a_naive_parity_in_each_pass_order()
    {
        const int N = 1000;
        (BitVector alice, BitVector bob, _) = KeyPairs.Create(N, 0, 5);
        bob.Dispose();
        CascadeSchedule schedule = CascadeSchedule.Create(N, 0.03, 99, new CascadeOptions());
        using var responder = new CascadeParityResponder(alice, schedule);

        var random = new Random(6);
        var queries = new ParityQuery[300];
        for (int i = 0; i < queries.Length; i++)
        {
            int start = random.Next(N);
            queries[i] = new ParityQuery(random.Next(schedule.PassCount), start, random.Next(1, N - start + 1));
        }

        ulong[] parities = [ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue];
        responder.Answer(queries, parities);

        for (int i = 0; i < queries.Length; i++)
        {
            ParityQuery q = queries[i];
            int naive = 0;
            for (int j = q.Start; j < q.Start + q.Length; j++)
            {
                naive ^= alice.Get(schedule.PositionAt(q.Pass, j));
            }

            Assert.Equal(naive, (int)((parities[i >> 6] >> (i & 63)) & 1));
        }

        Assert.Equal(0UL, parities[4] >> (300 - 256)); // tail of the last used word zeroed
        Assert.Equal(ulong.MaxValue, parities[5]);      // words past the answer untouched
        Assert.Equal(300, responder.DisclosedParities);
        responder.Answer(queries.AsSpan(0, 5), parities);
        Assert.Equal(305, responder.DisclosedParities);
        alice.Dispose();
    }

    public static TheoryData<int, int, int> MalformedQueries => new()
    {
        { -1, 0, 1 },
        { 14, 0, 1 },
        { int.MaxValue, 0, 1 },
        { 0, -1, 2 },
        { 0, 0, 0 },
        { 0, 5, -3 },
        { 0, 90, 11 },
        { 1, 100, 1 },
        { 0, int.MaxValue, int.MaxValue },
    };

    [Theory]
    [MemberData(nameof(MalformedQueries))]
    public void A_malformed_query_throws_InvalidDataException_and_discloses_nothing(int pass, int start, int length)
    {
        using var alice = BitVector.FromWords([0x0123456789ABCDEFUL, 0xFFFFFFFFFUL], 100);
        CascadeSchedule schedule = CascadeSchedule.Create(100, 0.05, 3, new CascadeOptions());
        using var responder = new CascadeParityResponder(alice, schedule);
        ParityQuery[] queries = [new ParityQuery(0, 0, 10), new ParityQuery(pass, start, length)];
        var parities = new ulong[1];

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => responder.Answer(queries, parities));
        Assert.Contains("query 1", error.Message);
        Assert.Equal(0, responder.DisclosedParities);
        Assert.Equal(0UL, parities[0]);
    }

    [Fact]
    public void Rejects_mismatched_keys_short_buffers_and_use_after_dispose()
    {
        using var alice = BitVector.FromWords([0xABUL], 8);
        CascadeSchedule schedule = CascadeSchedule.Create(9, 0.05, 3, new CascadeOptions());
        Assert.Throws<ArgumentException>(() => new CascadeParityResponder(alice, schedule));

        CascadeSchedule matching = CascadeSchedule.Create(8, 0.05, 3, new CascadeOptions());
        var responder = new CascadeParityResponder(alice, matching);
        Assert.Throws<ArgumentException>(() => responder.Answer([new ParityQuery(0, 0, 1)], Span<ulong>.Empty));
        responder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => responder.Answer([new ParityQuery(0, 0, 1)], new ulong[1]));
    }
}
