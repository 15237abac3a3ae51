using NodeAgent.Distillation.Amplification;
using NodeAgent.Distillation.Verification;

namespace NodeAgent.Distillation.Tests;

/// <summary>
/// The additive FFT over GF(2^64) (both kernels) against direct evaluation: of the novel-basis polynomial at every
/// point for small sizes, and of the monomial polynomial (Horner, shift-and-add multiply) after NovelBasis at sampled
/// points for large ones.
/// </summary>
public class AdditiveFftTests
{
    public static TheoryData<bool> Kernels() => new() { false, true };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Forward_evaluates_the_novel_basis_polynomial_at_every_point(bool portable)
    {
        SkipIfNoHardware(portable);
        var random = new Random(300);
        for (int k = 0; k <= 7; k++)
        {
            int n = 1 << k;
            ulong[] d = RandomWords(random, n);
            ulong[] values = (ulong[])d.Clone();
            Forward(values, n, portable);
            for (int i = 0; i < n; i++)
            {
                // s_b(point) by the BigInteger oracle, then X_j(point) = Π_(bit b of j) s_b(point) and the sum with the
                // shift-and-add multiply (itself tested against the oracle in Gf64Tests).
                ulong point = CantorBasis.Omega((uint)i);
                ulong[] subspace = Enumerable.Range(0, k).Select(b => CantorBasisTests.SubspacePolynomial(b, point)).ToArray();
                ulong expected = 0;
                for (int j = 0; j < n; j++)
                {
                    ulong basis = 1;
                    for (int b = 0; b < k; b++)
                    {
                        if (((j >> b) & 1) != 0)
                        {
                            basis = Gf64.MultiplyScalar(basis, subspace[b]);
                        }
                    }

                    expected ^= Gf64.MultiplyScalar(d[j], basis);
                }

                Assert.True(expected == values[i], $"k {k}, point {i}, portable {portable}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Inverse_undoes_forward_with_and_without_zero_padding(bool portable)
    {
        SkipIfNoHardware(portable);
        var random = new Random(301);
        foreach (int k in new[] { 1, 2, 3, 4, 10, 11, 12, 14 })
        {
            int n = 1 << k;
            foreach (int filled in new[] { n, Math.Max(1, n / 2), Math.Min(n, (n / 4) + 3), 1 })
            {
                ulong[] d = new ulong[n];
                RandomWords(random, filled).CopyTo(d, 0);
                ulong[] work = (ulong[])d.Clone();
                Forward(work, filled, portable);
                Inverse(work, portable);
                Assert.True(d.AsSpan().SequenceEqual(work), $"k {k}, filled {filled}, portable {portable}");
            }
        }
    }

    [Fact]
    public void Hardware_and_portable_kernels_agree()
    {
        Assert.SkipUnless(CarrylessMultiply.IsHardwareAccelerated, "No PCLMULQDQ or PMULL on this CPU (or DOTNET_EnableHWIntrinsic=0).");
        var random = new Random(302);
        ulong[] d = RandomWords(random, 1 << 13);
        ulong[] hardware = (ulong[])d.Clone();
        ulong[] portable = (ulong[])d.Clone();
        Forward(hardware, d.Length, portable: false);
        Forward(portable, d.Length, portable: true);
        Assert.Equal(portable, hardware);

        ulong[] other = RandomWords(random, d.Length);
        ulong[] sumHardware = new ulong[d.Length];
        ulong[] sumPortable = new ulong[d.Length];
        ClmulGf64Kernel.MultiplyAccumulate(sumHardware, d, other, new ulong[CarrylessMultiply.TableWords]);
        PortableGf64Kernel.MultiplyAccumulate(sumPortable, d, other, new ulong[CarrylessMultiply.TableWords]);
        for (int i = 0; i < d.Length; i++)
        {
            Assert.Equal(Gf64.MultiplyScalar(d[i], other[i]), sumPortable[i]);
        }

        Assert.Equal(sumPortable, sumHardware);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(9, false)]
    [InlineData(9, true)]
    [InlineData(16, false)]
    [InlineData(18, false)]
    public void Conversion_then_forward_evaluates_the_monomial_polynomial(int k, bool portable)
    {
        // The sizes from 2^16 words take NovelBasis' cache-sliced and strip-wise paths and AdditiveFft's recursion.
        SkipIfNoHardware(portable);
        var random = new Random(303 + k);
        int n = 1 << k;
        int filled = n - (n / 4);
        ulong[] f = new ulong[n];
        RandomWords(random, filled).CopyTo(f, 0);
        ulong[] values = (ulong[])f.Clone();
        NovelBasis.FromMonomial(values, k, filled);
        Forward(values, filled, portable);

        foreach (int i in new[] { 0, 1, 2, n - 1, random.Next(n), random.Next(n) }.Where(i => i < n).Distinct())
        {
            ulong point = CantorBasis.Omega((uint)i);
            ulong horner = 0;
            for (int j = filled - 1; j >= 0; j--)
            {
                horner = Gf64.MultiplyScalar(horner, point) ^ f[j];
            }

            Assert.True(horner == values[i], $"k {k}, point {i}, portable {portable}");
        }

        Inverse(values, portable);
        NovelBasis.ToMonomial(values, k);
        Assert.True(f.AsSpan().SequenceEqual(values), $"k {k}: round trip");
    }

    private static void Forward(ulong[] d, int filled, bool portable)
    {
        ulong[] table = new ulong[CarrylessMultiply.TableWords];
        if (portable)
        {
            AdditiveFft.Forward<PortableGf64Kernel>(d, filled, table);
        }
        else
        {
            AdditiveFft.Forward<ClmulGf64Kernel>(d, filled, table);
        }
    }

    private static void Inverse(ulong[] d, bool portable)
    {
        ulong[] table = new ulong[CarrylessMultiply.TableWords];
        if (portable)
        {
            AdditiveFft.Inverse<PortableGf64Kernel>(d, table);
        }
        else
        {
            AdditiveFft.Inverse<ClmulGf64Kernel>(d, table);
        }
    }

    private static void SkipIfNoHardware(bool portable) =>
        Assert.SkipWhen(!portable && !CarrylessMultiply.IsHardwareAccelerated, "No PCLMULQDQ or PMULL on this CPU (or DOTNET_EnableHWIntrinsic=0).");

    private static ulong[] RandomWords(Random random, int count)
    {
        ulong[] words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = Gf64Tests.NextUInt64(random);
        }

        return words;
    }
}
