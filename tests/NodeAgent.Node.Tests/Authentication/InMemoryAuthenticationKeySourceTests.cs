using NodeAgent.PeerLink.Authentication;

namespace NodeAgent.Node.Tests.Authentication;

/// <summary>The in-memory pad pools: layout of the bootstrap, reservation, growth, replay records, thread safety.</summary>
public class InMemoryAuthenticationKeySourceTests
{
    private static byte[] Bootstrap(int padsPerDirection)
    {
        // Pad j of Alice→Bob is eight bytes of value j; of Bob→Alice, 0x80 + j.
        byte[] bytes = new byte[2 * padsPerDirection * 8];
        for (int j = 0; j < padsPerDirection; j++)
        {
            bytes.AsSpan(j * 8, 8).Fill((byte)j);
            bytes.AsSpan((padsPerDirection + j) * 8, 8).Fill((byte)(0x80 + j));
        }

        return bytes;
    }

    [Fact]
    public void The_first_half_of_the_bootstrap_is_Alice_to_Bob_and_the_second_Bob_to_Alice()
    {
        using var source = new InMemoryAuthenticationKeySource(Bootstrap(4));
        Span<byte> pads = stackalloc byte[16];
        Assert.True(source.TryReadPads(PadDirection.AliceToBob, 2, 2, pads));
        Assert.Equal([2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3], pads.ToArray());
        Assert.True(source.TryReadPads(PadDirection.BobToAlice, 0, 1, pads));
        Assert.Equal(0x80, pads[0]);
        Assert.Equal(4, source.PadsAvailable(PadDirection.AliceToBob));
    }

    [Theory]
    [InlineData(-1L, 1)]
    [InlineData(4L, 1)]
    [InlineData(3L, 2)]
    [InlineData(long.MaxValue, 1)]
    public void Pads_outside_the_pool_are_not_held(long first, int count)
    {
        using var source = new InMemoryAuthenticationKeySource(Bootstrap(4));
        Assert.False(source.TryReadPads(PadDirection.AliceToBob, first, count, new byte[8 * count]));
    }

    [Fact]
    public void Reservations_increase_never_overlap_and_stop_at_the_end_of_the_pool()
    {
        using var source = new InMemoryAuthenticationKeySource(Bootstrap(10));
        Assert.Equal(0, source.ReservePads(PadDirection.BobToAlice, 4));
        Assert.Equal(4, source.ReservePads(PadDirection.BobToAlice, 4));
        Assert.Equal(0, source.ReservePads(PadDirection.AliceToBob, 1));
        var exhausted = Assert.Throws<AuthenticationKeyExhaustedException>(() => source.ReservePads(PadDirection.BobToAlice, 3));
        Assert.Equal((PadDirection.BobToAlice, 3L, 2L), (exhausted.Direction, exhausted.Requested, exhausted.Available));
        Assert.Equal(2, source.PadsAvailable(PadDirection.BobToAlice));
        Assert.Equal(8, source.ReservePads(PadDirection.BobToAlice, 2));
        Assert.Equal(0, source.PadsAvailable(PadDirection.BobToAlice));
    }

    [Fact]
    public void Append_grows_both_pools_after_what_they_hold()
    {
        using var source = new InMemoryAuthenticationKeySource(Bootstrap(2));
        source.ReservePads(PadDirection.AliceToBob, 2);
        byte[] more = Enumerable.Repeat((byte)0xAB, 8 * 3).ToArray();
        source.Append(more, more.AsSpan(0, 8));
        Assert.Equal(3, source.PadsAvailable(PadDirection.AliceToBob));
        Assert.Equal(3, source.PadsAvailable(PadDirection.BobToAlice));
        Assert.Equal(2, source.ReservePads(PadDirection.AliceToBob, 3));
        Span<byte> pad = stackalloc byte[8];
        Assert.True(source.TryReadPads(PadDirection.BobToAlice, 2, 1, pad));
        Assert.Equal(0xAB, pad[7]);
        Assert.True(source.TryReadPads(PadDirection.BobToAlice, 1, 1, pad));
        Assert.Equal(0x81, pad[0]);
        Assert.Throws<ArgumentException>(() => source.Append(new byte[7], []));
    }

    [Fact]
    public void Each_session_start_is_accepted_once_and_late_ones_only_within_the_window()
    {
        const long Window = IAuthenticationKeySource.SessionStartWindow;
        using var source = new InMemoryAuthenticationKeySource(Bootstrap(1));
        Assert.True(source.TryAcceptSessionStart(PadDirection.BobToAlice, 0));
        Assert.False(source.TryAcceptSessionStart(PadDirection.BobToAlice, 0));
        Assert.True(source.TryAcceptSessionStart(PadDirection.BobToAlice, 128));

        // A concurrent connection's Hello that arrives after a later one: accepted once.
        Assert.True(source.TryAcceptSessionStart(PadDirection.BobToAlice, 64));
        Assert.False(source.TryAcceptSessionStart(PadDirection.BobToAlice, 64));
        Assert.False(source.TryAcceptSessionStart(PadDirection.BobToAlice, 128));

        // Once the highest start is a window further on, older ones are refused unseen (never accepted twice).
        Assert.True(source.TryAcceptSessionStart(PadDirection.BobToAlice, Window + 200));
        Assert.False(source.TryAcceptSessionStart(PadDirection.BobToAlice, 200));
        Assert.False(source.TryAcceptSessionStart(PadDirection.BobToAlice, 128));
        Assert.True(source.TryAcceptSessionStart(PadDirection.BobToAlice, 201));
        Assert.False(source.TryAcceptSessionStart(PadDirection.BobToAlice, -1));
        Assert.True(source.TryAcceptSessionStart(PadDirection.AliceToBob, 0));
    }

    [Fact]
    public void Concurrent_reservations_never_hand_out_a_pad_twice()
    {
        using var source = new InMemoryAuthenticationKeySource(new byte[2 * 8 * 64_000]);
        var firsts = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 8_000, _ => firsts.Add(source.ReservePads(PadDirection.AliceToBob, 8)));
        Assert.Equal(Enumerable.Range(0, 8_000).Select(i => i * 8L), firsts.Order());
        Assert.Throws<AuthenticationKeyExhaustedException>(() => source.ReservePads(PadDirection.AliceToBob, 1));
    }

    [Fact]
    public void A_bootstrap_of_partial_pads_is_refused_and_a_disposed_source_is_unusable()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryAuthenticationKeySource(new byte[24]));
        var source = new InMemoryAuthenticationKeySource(Bootstrap(2));
        source.Dispose();
        Assert.Throws<ObjectDisposedException>(() => source.PadsAvailable(PadDirection.AliceToBob));
        Assert.Throws<ObjectDisposedException>(() => source.TryReadPads(PadDirection.AliceToBob, 0, 1, new byte[8]));
    }
}
