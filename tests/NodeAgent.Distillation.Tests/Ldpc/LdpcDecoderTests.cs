using NodeAgent.Distillation.Randomness;
using NodeAgent.Distillation.Reconciliation.Ldpc;

namespace NodeAgent.Distillation.Tests.Ldpc;

/// <summary>
/// The vector kernels (min-sum, box-plus) against the scalar reference: same decoded bits, convergence and iteration count on
/// random and edge-case inputs. CI runs these with default settings, DOTNET_EnableHWIntrinsic=0 (the vector code
/// then runs in software) and on linux-arm64 under qemu (AdvSimd).
/// </summary>
public class LdpcDecoderTests
{
    /// <summary>A small code (n = 2048, Z = 64) for fast differential runs.</summary>
    internal static readonly QcLdpcCode SmallCode = LdpcCodeBuilder.Build(new LdpcCodeProfile(
        "test", BaseRows: 8, BaseColumns: 32, LiftingSize: 64, HighDegree: 6, HighColumns: 4, MiddleDegree: 4, MiddleColumns: 4, Seed: 7));

    public static TheoryData<double, int, int> RandomCases() => new()
    {
        { 0.0, 1, 10 }, { 0.01, 2, 30 }, { 0.03, 3, 30 }, { 0.05, 4, 30 }, { 0.08, 5, 50 }, { 0.2, 6, 20 }, { 0.5, 7, 5 },
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Vector_kernel_matches_the_scalar_reference_on_random_frames(double qber, int seed, int iterations)
    {
        foreach (int shift in new[] { 1, 2, 3 })
        {
            var random = new DeterministicRandom((ulong)seed);
            (ulong[] _, ulong[] syndrome, sbyte[] channel) = Frame(SmallCode, qber, 16, ref random);
            AssertSameDecoding(SmallCode, channel, syndrome, iterations, shift, $"seed {seed}, qber {qber}, shift {shift}");
        }

        var boxPlusRandom = new DeterministicRandom((ulong)seed);
        (ulong[] _, ulong[] boxPlusSyndrome, sbyte[] boxPlusChannel) =
            Frame(SmallCode, qber, LdpcDecoder.ChannelMagnitude(qber), ref boxPlusRandom);
        AssertSameDecoding(SmallCode, boxPlusChannel, boxPlusSyndrome, iterations, 2, $"box-plus, seed {seed}, qber {qber}", CheckNodeRule.CorrectedBoxPlus);
    }

    [Fact]
    public void Vector_kernel_matches_the_scalar_reference_on_a_family_code()
    {
        QcLdpcCode code = LdpcCodeFamily.Codes[1];
        var random = new DeterministicRandom(11);
        (ulong[] _, ulong[] syndrome, sbyte[] channel) = Frame(code, 0.03, 16, ref random);
        AssertSameDecoding(code, channel, syndrome, 8, 2, "family code 1, qber 0.03");
    }

    [Fact]
    public void Edge_cases_decode_identically()
    {
        var random = new DeterministicRandom(3);
        int n = SmallCode.Length;
        (ulong[] _, ulong[] syndrome, sbyte[] channel) = Frame(SmallCode, 0.02, 16, ref random);

        // All zero LLRs (everything punctured), all saturated (−128 is clamped to −127), and a mix of punctured,
        // shortened and weak channel bits.
        AssertSameDecoding(SmallCode, new sbyte[n], syndrome, 5, 2, "all punctured");
        AssertSameDecoding(SmallCode, Enumerable.Repeat(sbyte.MinValue, n).ToArray(), syndrome, 5, 2, "all -128");
        AssertSameDecoding(SmallCode, Enumerable.Repeat(sbyte.MaxValue, n).ToArray(), syndrome, 5, 2, "all +127");
        var mixed = (sbyte[])channel.Clone();
        for (int i = 0; i < n; i++)
        {
            int kind = random.NextInt(5);
            mixed[i] = kind switch { 0 => 0, 1 => (sbyte)(mixed[i] < 0 ? -127 : 127), 2 => (sbyte)Math.Sign(mixed[i]), _ => mixed[i] };
        }

        AssertSameDecoding(SmallCode, mixed, syndrome, 20, 2, "mixed");
        AssertSameDecoding(SmallCode, mixed, syndrome, 20, 2, "mixed, box-plus", CheckNodeRule.CorrectedBoxPlus);
        AssertSameDecoding(SmallCode, new sbyte[n], syndrome, 5, 2, "all punctured, box-plus", CheckNodeRule.CorrectedBoxPlus);
        AssertSameDecoding(SmallCode, Enumerable.Repeat(sbyte.MinValue, n).ToArray(), syndrome, 5, 2, "all -128, box-plus", CheckNodeRule.CorrectedBoxPlus);
        AssertSameDecoding(SmallCode, channel, new ulong[SmallCode.CheckCount / 64], 20, 2, "zero syndrome");
    }

    [Fact]
    public void Noiseless_frame_decodes_in_one_iteration()
    {
        var random = new DeterministicRandom(5);
        (ulong[] frame, ulong[] syndrome, sbyte[] channel) = Frame(SmallCode, 0, 16, ref random);
        using var decoder = new LdpcDecoder(SmallCode);
        var decoded = new ulong[frame.Length];
        LdpcDecodeResult result = decoder.Decode(channel, syndrome, 10, decoded);
        Assert.Equal(new LdpcDecodeResult(true, 1), result);
        Assert.Equal(frame, decoded);
    }

    [Fact]
    public void Low_noise_frame_is_corrected()
    {
        var random = new DeterministicRandom(6);
        (ulong[] frame, ulong[] syndrome, sbyte[] channel) = Frame(LdpcCodeFamily.Codes[0], 0.005, 16, ref random);
        using var decoder = new LdpcDecoder(LdpcCodeFamily.Codes[0]);
        var decoded = new ulong[frame.Length];
        Assert.True(decoder.Decode(channel, syndrome, 50, decoded).Converged);
        Assert.Equal(frame, decoded);
    }

    [Fact]
    public void Resume_continues_identically_in_both_kernels_and_uses_the_known_bits()
    {
        var random = new DeterministicRandom(12);
        (ulong[] frame, ulong[] syndrome, sbyte[] channel) = Frame(SmallCode, 0.09, 16, ref random);
        int[] known = [.. Enumerable.Range(0, SmallCode.Length).Where(i => i % 5 == 0)];
        sbyte[] llrs = [.. known.Select(i => ((frame[i >> 6] >> (i & 63)) & 1) != 0 ? (sbyte)-127 : (sbyte)127)];
        using var decoder = new LdpcDecoder(SmallCode);
        var scalarBits = new ulong[frame.Length];
        var vectorBits = new ulong[frame.Length];
        decoder.DecodeWith(DecoderKernel.Scalar, channel, syndrome, 3, scalarBits);
        LdpcDecodeResult scalar = decoder.Resume(known, llrs, syndrome, 30, scalarBits);
        decoder.DecodeWith(DecoderKernel.Vector, channel, syndrome, 3, vectorBits);
        LdpcDecodeResult vector = decoder.Resume(known, llrs, syndrome, 30, vectorBits);
        Assert.Equal(scalar, vector);
        Assert.Equal(scalarBits, vectorBits);
        Assert.Throws<ArgumentException>(() => decoder.Resume([SmallCode.Length], [(sbyte)1], syndrome, 1, vectorBits));
        using var fresh = new LdpcDecoder(SmallCode);
        Assert.Throws<InvalidOperationException>(() => fresh.Resume(known, llrs, syndrome, 1, vectorBits));
    }

    [Theory]
    [InlineData(55, 55, 52)]
    [InlineData(-28, 28, -25)]
    [InlineData(127, 28, 28)]
    [InlineData(0, -5, 0)]
    [InlineData(-127, -127, 124)]
    public void Box_plus_matches_its_definition(int a, int b, int expected)
    {
        // |a ⊞ b| = min(|a|,|b|) + c(|a|+|b|) − c(||a|−|b||), c(x) = max(0, 3 − x/2) on the 4-steps-per-nat scale.
        Assert.Equal(expected, LdpcDecoder.BoxPlus(a, b));
    }

    [Fact]
    public void Wrong_lengths_are_rejected()
    {
        using var decoder = new LdpcDecoder(SmallCode);
        var decoded = new ulong[SmallCode.Length / 64];
        var syndrome = new ulong[SmallCode.CheckCount / 64];
        Assert.Throws<ArgumentException>(() => decoder.Decode(new sbyte[SmallCode.Length - 1], syndrome, 5, decoded));
        Assert.Throws<ArgumentException>(() => decoder.Decode(new sbyte[SmallCode.Length], new ulong[1], 5, decoded));
        Assert.Throws<ArgumentException>(() => decoder.Decode(new sbyte[SmallCode.Length], syndrome, 5, new ulong[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Decode(new sbyte[SmallCode.Length], syndrome, 0, decoded));
    }

    internal static (ulong[] Frame, ulong[] Syndrome, sbyte[] Channel) Frame(
        QcLdpcCode code, double qber, sbyte magnitude, ref DeterministicRandom random)
    {
        var frame = new ulong[code.Length / 64];
        for (int w = 0; w < frame.Length; w++)
        {
            frame[w] = random.NextUInt64();
        }

        var syndrome = new ulong[code.CheckCount / 64];
        code.ComputeSyndrome(frame, syndrome);
        var channel = new sbyte[code.Length];
        for (int i = 0; i < channel.Length; i++)
        {
            int bit = (int)((frame[i >> 6] >> (i & 63)) & 1) ^ (random.NextDouble() < qber ? 1 : 0);
            channel[i] = bit == 1 ? (sbyte)-magnitude : magnitude;
        }

        return (frame, syndrome, channel);
    }

    private static void AssertSameDecoding(
        QcLdpcCode code, sbyte[] channel, ulong[] syndrome, int iterations, int shift, string label, CheckNodeRule rule = CheckNodeRule.NormalizedMinSum)
    {
        using var decoder = new LdpcDecoder(code, rule, shift);
        var scalarBits = new ulong[code.Length / 64];
        var vectorBits = new ulong[code.Length / 64];
        LdpcDecodeResult scalar = decoder.DecodeWith(DecoderKernel.Scalar, channel, syndrome, iterations, scalarBits);
        LdpcDecodeResult vector = decoder.DecodeWith(DecoderKernel.Vector, channel, syndrome, iterations, vectorBits);
        Assert.True(scalar == vector, $"{label}: scalar {scalar}, vector {vector}");
        Assert.True(scalarBits.AsSpan().SequenceEqual(vectorBits), $"{label}: decoded bits differ");
    }
}
