using System.Runtime.InteropServices;
using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Bits;
using NodeAgent.Node.Pipeline;

namespace NodeAgent.Node.Tests;

/// <summary>The cut of a block's final key: Alice→Bob pads, Bob→Alice pads, then the keys, with nothing shared.</summary>
public sealed class KeyFinisherTests
{
    [Theory]
    [InlineData(3, 5)]
    [InlineData(0, 4)]
    [InlineData(6, 0)]
    public void Pads_and_keys_are_consecutive_disjoint_slices_of_the_reference_Toeplitz_output(int pads, int keys)
    {
        const int inputBits = 4099;
        const int keyBits = 256;
        int outputBits = (2 * pads * KeyFinisher.PadBits) + (keys * keyBits);
        var random = new Random(pads * 31 + keys);
        ulong[] input = new ulong[BitVector.WordCount(inputBits)];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (ulong)random.NextInt64();
        }

        input[^1] &= (1UL << (inputBits % 64)) - 1;
        byte[] seedBytes = new byte[(ToeplitzHash.SeedBits(inputBits, outputBits) + 7) / 8];
        random.NextBytes(seedBytes);
        using BitVector seed = BitVector.FromBytes(seedBytes, ToeplitzHash.SeedBits(inputBits, outputBits));

        // The expected output from the scalar window-XOR oracle, little-endian bytes.
        ulong[] expectedWords = new ulong[BitVector.WordCount(outputBits) + 1];
        ToeplitzHash.ComputeReference(input, inputBits, seed.Words, expectedWords, outputBits);
        byte[] expected = MemoryMarshal.AsBytes(expectedWords.AsSpan()).ToArray();

        using BitVector reconciled = BitVector.FromWords(input, inputBits);
        Guid[] ids = [.. Enumerable.Range(0, keys).Select(_ => Guid.NewGuid())];
        FinishedBlock finished = KeyFinisher.Finish(reconciled, seedBytes, outputBits, keyBits, ids, pads, block: 7);

        int padBytes = pads * 8;
        Assert.Equal(expected.AsSpan(0, padBytes).ToArray(), finished.Pads.AliceToBob);
        Assert.Equal(expected.AsSpan(padBytes, padBytes).ToArray(), finished.Pads.BobToAlice);
        Assert.Equal(keys, finished.Keys.Count);
        for (int k = 0; k < keys; k++)
        {
            Assert.Equal(ids[k], finished.Keys[k].Id);
            Assert.Equal(7UL, finished.Keys[k].Block);
            Assert.Equal(expected.AsSpan((2 * padBytes) + (k * 32), 32).ToArray(), finished.Keys[k].Material);
        }

        finished.Discard();
        Assert.All(finished.Keys, key => Assert.All(key.Material, b => Assert.Equal(0, b)));
        Assert.All(finished.Pads.AliceToBob, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_layout_that_does_not_add_up_is_refused_as_malformed()
    {
        using BitVector reconciled = BitVector.FromWords(new ulong[64], 4096);
        byte[] seed = new byte[(ToeplitzHash.SeedBits(4096, 1024) + 7) / 8];

        // 1024 bits = 2 × 2 pads (256 bits) + 3 keys of 256: claiming 4 keys, or 3 pads each way, does not fit.
        Assert.Throws<NodeAgent.PeerLink.PeerProtocolException>(() => KeyFinisher.Finish(reconciled, seed, 1024, 256, [.. Enumerable.Range(0, 4).Select(_ => Guid.NewGuid())], 2, 1));
        Assert.Throws<NodeAgent.PeerLink.PeerProtocolException>(() => KeyFinisher.Finish(reconciled, seed, 1024, 256, [.. Enumerable.Range(0, 3).Select(_ => Guid.NewGuid())], 3, 1));
        Assert.Equal(3, KeyFinisher.Finish(reconciled, seed, 1024, 256, [.. Enumerable.Range(0, 3).Select(_ => Guid.NewGuid())], 2, 1).Keys.Count);
    }
}
