using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Syndrome decoder for a <see cref="QcLdpcCode"/>: row-layered message passing (Hocevar, "A reduced complexity
/// decoder architecture via layered decoding of LDPC codes", SiPS 2004) on 8-bit saturated LLRs, one base row
/// (Z checks) per layer, the Z lanes of a circulant processed as SIMD vectors; the check rule is normalised min-sum
/// (Chen &amp; Fossorier, 2002) or box-plus with a linear correction (<see cref="CheckNodeRule"/>).
/// </summary>
/// <remarks>
/// <para>LLR convention: positive means bit 0. Channel LLRs are integers in [−127, 127]: ±127 is a known (shortened)
/// bit, 0 an unknown (punctured) one. Every addition saturates to [−127, 127] so that |x| never overflows, and the
/// check-node magnitude is scaled by α = 1 − 2^−shift with an integer shift: the vector and scalar kernels then do
/// exactly the same integer operations and give bit-identical results (the tests hold them to it).</para>
/// <para>A check i·Z + r with syndrome bit 1 flips the sign of every message it sends (the parity it enforces is
/// odd). Decoding stops when every layer saw its checks satisfied right after its update and a full syndrome check
/// of the hard decisions then passes.</para>
/// <para>Holds pooled scratch of about (edges + 2)·Z bytes; one decoder per thread. Buffers are zeroed when
/// returned, since they hold key-dependent values.</para>
/// </remarks>
public sealed partial class LdpcDecoder : IDisposable
{
    /// <summary>Largest LLR magnitude; a channel LLR of ±<see cref="MaxMagnitude"/> marks a known bit.</summary>
    public const sbyte MaxMagnitude = 127;

    private readonly QcLdpcCode _code;
    private readonly int _normalizationShift;
    private readonly CheckNodeRule _rule;
    private sbyte[] _forward;
    private sbyte[] _posterior;
    private sbyte[] _checkMessages;
    private sbyte[] _gathered;
    private sbyte[] _syndromeSigns;
    private ulong[] _checkBits;
    private DecoderKernel _kernel;
    private bool _started;

    /// <summary>
    /// Creates a decoder for <paramref name="code"/> with check rule <paramref name="rule"/> (min-sum scale
    /// α = 1 − 2^−<paramref name="normalizationShift"/>).
    /// </summary>
    public LdpcDecoder(QcLdpcCode code, CheckNodeRule rule = CheckNodeRule.NormalizedMinSum, int normalizationShift = 2)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentOutOfRangeException.ThrowIfLessThan(normalizationShift, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(normalizationShift, 6);
        _code = code;
        _rule = rule;
        _normalizationShift = normalizationShift;
        _forward = Rent<sbyte>(code.MaxRowDegree * Vector<sbyte>.Count);
        _posterior = Rent<sbyte>(code.Length);
        _checkMessages = Rent<sbyte>(code.BaseEdgeCount * code.LiftingSize);
        _gathered = Rent<sbyte>(code.MaxRowDegree * code.LiftingSize);
        _syndromeSigns = Rent<sbyte>(code.CheckCount);
        _checkBits = Rent<ulong>(code.CheckCount / 64);
    }

    /// <summary>The check rule.</summary>
    public CheckNodeRule Rule => _rule;

    /// <summary>The code decoded.</summary>
    public QcLdpcCode Code => _code;

    /// <summary>True if <see cref="Decode"/> runs the SIMD kernel on this machine for this code.</summary>
    public bool IsVectorized =>
        Vector.IsHardwareAccelerated && _code.LiftingSize % Vector<sbyte>.Count == 0;

    /// <summary>
    /// Finds a frame whose syndrome is <paramref name="syndrome"/>, starting from <paramref name="channel"/> LLRs
    /// (one per frame bit), and writes its hard decisions to <paramref name="decoded"/> (packed, Length bits).
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length or <paramref name="maxIterations"/> is not positive.</exception>
    public LdpcDecodeResult Decode(
        ReadOnlySpan<sbyte> channel, ReadOnlySpan<ulong> syndrome, int maxIterations, Span<ulong> decoded) =>
        DecodeWith(IsVectorized ? DecoderKernel.Vector : DecoderKernel.Scalar, channel, syndrome, maxIterations, decoded);

    internal LdpcDecodeResult DecodeWith(
        DecoderKernel kernel,
        ReadOnlySpan<sbyte> channel, ReadOnlySpan<ulong> syndrome, int maxIterations, Span<ulong> decoded)
    {
        int n = _code.Length;
        int m = _code.CheckCount;
        if (channel.Length != n)
        {
            throw new ArgumentException($"Expected {n} channel LLRs, got {channel.Length}.", nameof(channel));
        }

        CheckLengths(syndrome, decoded);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        if (kernel == DecoderKernel.Vector && _code.LiftingSize % Vector<sbyte>.Count != 0)
        {
            throw new InvalidOperationException("The lifting size is not a multiple of the vector width.");
        }

        Initialize(channel, syndrome);
        _kernel = kernel;
        _started = true;
        return Iterate(syndrome, maxIterations, decoded);
    }

    /// <summary>
    /// Continues the last <see cref="Decode"/> (same syndrome) after the bits at <paramref name="positions"/> became
    /// known, with LLRs <paramref name="llrs"/> (±<see cref="MaxMagnitude"/>): their posteriors are overwritten and
    /// the check messages kept, so a blind retry starts where the failed round stopped instead of from scratch.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a position is out of range, or no decoding was started.</exception>
    public LdpcDecodeResult Resume(
        ReadOnlySpan<int> positions, ReadOnlySpan<sbyte> llrs, ReadOnlySpan<ulong> syndrome, int maxIterations, Span<ulong> decoded)
    {
        if (!_started)
        {
            throw new InvalidOperationException("Resume needs a Decode first.");
        }

        if (positions.Length != llrs.Length)
        {
            throw new ArgumentException("One LLR per position is needed.", nameof(llrs));
        }

        CheckLengths(syndrome, decoded);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        for (int i = 0; i < positions.Length; i++)
        {
            if ((uint)positions[i] >= (uint)_code.Length)
            {
                throw new ArgumentException($"Position {positions[i]} is outside the frame.", nameof(positions));
            }

            _posterior[positions[i]] = Math.Max(llrs[i], (sbyte)-MaxMagnitude);
        }

        return Iterate(syndrome, maxIterations, decoded);
    }

    private LdpcDecodeResult Iterate(ReadOnlySpan<ulong> syndrome, int maxIterations, Span<ulong> decoded)
    {
        DecoderKernel kernel = _kernel;
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            bool layersSatisfied = true;
            for (int row = 0; row < _code.BaseRows; row++)
            {
                layersSatisfied &= (_rule, kernel) switch
                {
                    (CheckNodeRule.NormalizedMinSum, DecoderKernel.Vector) => UpdateLayerVector(row),
                    (CheckNodeRule.NormalizedMinSum, _) => UpdateLayerScalar(row),
                    (_, DecoderKernel.Vector) => UpdateLayerBoxPlusVector(row),
                    _ => UpdateLayerBoxPlusScalar(row),
                };
            }

            if (layersSatisfied && HardDecisionsMatch(syndrome, decoded))
            {
                return new LdpcDecodeResult(true, iteration);
            }
        }

        return new LdpcDecodeResult(HardDecisionsMatch(syndrome, decoded), maxIterations);
    }

    private void CheckLengths(ReadOnlySpan<ulong> syndrome, Span<ulong> decoded)
    {
        int n = _code.Length;
        int m = _code.CheckCount;
        if (syndrome.Length != m / 64)
        {
            throw new ArgumentException($"Expected a syndrome of {m} bits ({m / 64} words), got {syndrome.Length} words.", nameof(syndrome));
        }

        if (decoded.Length != n / 64)
        {
            throw new ArgumentException($"Expected {n / 64} words for the decoded frame, got {decoded.Length}.", nameof(decoded));
        }
    }

    /// <summary>Zeroes and returns the scratch buffers.</summary>
    public void Dispose()
    {
        Return(ref _posterior);
        Return(ref _checkMessages);
        Return(ref _gathered);
        Return(ref _syndromeSigns);
        Return(ref _checkBits);
        Return(ref _forward);
    }

    private void Initialize(ReadOnlySpan<sbyte> channel, ReadOnlySpan<ulong> syndrome)
    {
        Span<sbyte> posterior = _posterior.AsSpan(0, channel.Length);
        for (int i = 0; i < channel.Length; i++)
        {
            posterior[i] = Math.Max(channel[i], (sbyte)-MaxMagnitude); // −128 would overflow |x|
        }

        _checkMessages.AsSpan(0, _code.BaseEdgeCount * _code.LiftingSize).Clear();
        Span<sbyte> signs = _syndromeSigns.AsSpan(0, _code.CheckCount);
        for (int c = 0; c < signs.Length; c++)
        {
            signs[c] = (sbyte)-(int)((syndrome[c >> 6] >> (c & 63)) & 1);
        }
    }

    /// <summary>Packs the hard decisions (LLR &lt; 0 → 1) into <paramref name="decoded"/> and checks H·x = s.</summary>
    private bool HardDecisionsMatch(ReadOnlySpan<ulong> syndrome, Span<ulong> decoded)
    {
        ReadOnlySpan<sbyte> posterior = _posterior.AsSpan(0, _code.Length);
        for (int w = 0; w < decoded.Length; w++)
        {
            ulong word = 0;
            ReadOnlySpan<sbyte> lanes = posterior.Slice(w * 64, 64);
            for (int b = 0; b < 64; b++)
            {
                word |= (ulong)((uint)lanes[b] >> 31) << b;
            }

            decoded[w] = word;
        }

        Span<ulong> check = _checkBits.AsSpan(0, _code.CheckCount / 64);
        _code.ComputeSyndrome(decoded, check);
        return check.SequenceEqual(syndrome);
    }

    /// <summary>gathered[r] = posterior[block + (r + shift) mod Z]: the circulant's view of a variable block.</summary>
    private void Gather(int column, int shift, Span<sbyte> gathered)
    {
        int z = _code.LiftingSize;
        ReadOnlySpan<sbyte> block = _posterior.AsSpan(column * z, z);
        block[shift..].CopyTo(gathered);
        block[..shift].CopyTo(gathered[(z - shift)..]);
    }

    private void Scatter(int column, int shift, ReadOnlySpan<sbyte> gathered)
    {
        int z = _code.LiftingSize;
        Span<sbyte> block = _posterior.AsSpan(column * z, z);
        gathered[..(z - shift)].CopyTo(block[shift..]);
        gathered[(z - shift)..].CopyTo(block[..shift]);
    }

    private static T[] Rent<T>(int length)
    {
        T[] array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
        Array.Clear(array);
        return array;
    }

    private static void Return<T>(ref T[] array)
        where T : unmanaged
    {
        T[] old = array;
        array = [];
        if (old.Length > 0)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(old.AsSpan()));
            ArrayPool<T>.Shared.Return(old);
        }
    }
}
