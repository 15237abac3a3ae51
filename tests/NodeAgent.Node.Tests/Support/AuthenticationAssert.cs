using NodeAgent.Keys;

namespace NodeAgent.Node.Tests.Support;

/// <summary>Checks on the authentication pads two ends' stores set aside.</summary>
public static class AuthenticationAssert
{
    /// <summary>
    /// Both stores hold at least <paramref name="minimumPerDirection"/> committed pads each way (the sender deletes
    /// what it reserved, so only the numbers both still hold are compared), and those pads are the same bytes.
    /// </summary>
    public static void StoresHoldIdenticalPads(SqliteKeyStore alice, SqliteKeyStore bob, int minimumPerDirection)
    {
        for (int direction = 0; direction < 2; direction++)
        {
            (long aliceLow, long aliceEnd) = alice.CommittedPads(direction);
            (long bobLow, long bobEnd) = bob.CommittedPads(direction);
            Assert.Equal(aliceEnd, bobEnd);
            Assert.True(aliceEnd >= minimumPerDirection, $"direction {direction}: {aliceEnd} pads set aside");
            long low = Math.Max(aliceLow, bobLow);
            int count = (int)(aliceEnd - low);
            if (count == 0)
            {
                continue;
            }

            byte[] fromAlice = new byte[count * BlockPads.PadBytes];
            byte[] fromBob = new byte[fromAlice.Length];
            Assert.True(alice.TryReadPads(direction, low, count, fromAlice));
            Assert.True(bob.TryReadPads(direction, low, count, fromBob));
            Assert.Equal(fromAlice, fromBob);
            Assert.Contains(fromAlice, b => b != 0);
        }
    }
}
