using System.Buffers;
using System.Security.Cryptography;
using NodeAgent.Distillation.Bits;

namespace NodeAgent.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Alice's side of blind LDPC reconciliation of one frame: builds the frame (key bits, fresh random punctured bits,
/// zero shortened bits), sends its syndrome in round 1 and reveals the next punctured bits on each of Bob's requests.
/// </summary>
/// <remarks>
/// Messages, one per round: round 1 carries <see cref="Syndrome"/> (m bits); round r &gt; 1 carries the values of
/// the next <see cref="LdpcPlan.RevealStep"/> punctured bits (<see cref="RevealNext"/>), in the plan's order.
/// Alice never learns whether Bob's frame is right; verification hashing settles that. The frame is zeroed on
/// <see cref="Dispose"/>. Not thread-safe.
/// </remarks>
public sealed class LdpcAliceSession : IDisposable
{
    private readonly LdpcPlan _plan;
    private ulong[] _frame;
    private readonly ulong[] _syndrome;
    private int _revealed;

    /// <summary>
    /// Starts a session on <paramref name="key"/> (<see cref="LdpcPlan.PayloadBits"/> bits, packed), with the
    /// punctured positions filled from <paramref name="puncturedFill"/> (<see cref="LdpcPlan.InitialPunctured"/>
    /// bits that must be secret and uniformly random; <see cref="Create"/> draws them).
    /// </summary>
    public LdpcAliceSession(LdpcPlan plan, ReadOnlySpan<ulong> key, ReadOnlySpan<ulong> puncturedFill)
    {
        ArgumentNullException.ThrowIfNull(plan);
        CheckBits(key, plan.PayloadBits, nameof(key));
        CheckBits(puncturedFill, plan.InitialPunctured, nameof(puncturedFill));
        _plan = plan;
        QcLdpcCode code = plan.Code;
        _frame = ArrayPool<ulong>.Shared.Rent(code.Length / 64);
        Span<ulong> frame = _frame.AsSpan(0, code.Length / 64);
        frame.Clear();
        ReadOnlySpan<int> payload = plan.Layout.PayloadPositions;
        for (int i = 0; i < payload.Length; i++)
        {
            frame[payload[i] >> 6] |= ((key[i >> 6] >> (i & 63)) & 1) << (payload[i] & 63);
        }

        ReadOnlySpan<int> punctured = PuncturedPositions;
        for (int i = 0; i < punctured.Length; i++)
        {
            frame[punctured[i] >> 6] |= ((puncturedFill[i >> 6] >> (i & 63)) & 1) << (punctured[i] & 63);
        }

        _syndrome = new ulong[code.CheckCount / 64];
        code.ComputeSyndrome(frame, _syndrome);
    }

    /// <summary>Starts a session with punctured bits drawn from <see cref="RandomNumberGenerator"/>.</summary>
    public static LdpcAliceSession Create(LdpcPlan plan, ReadOnlySpan<ulong> key)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ulong[] fill = new ulong[BitVector.WordCount(plan.InitialPunctured)];
        try
        {
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(fill.AsSpan()));
            return new LdpcAliceSession(plan, key, fill);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(fill.AsSpan()));
        }
    }

    /// <summary>The plan.</summary>
    public LdpcPlan Plan => _plan;

    /// <summary>The syndrome H·x of the frame (round 1's message), <see cref="QcLdpcCode.CheckCount"/> bits.</summary>
    public ReadOnlySpan<ulong> Syndrome => _syndrome;

    /// <summary>Punctured bits revealed so far.</summary>
    public int Revealed => _revealed;

    /// <summary>True while punctured bits remain to reveal.</summary>
    public bool CanReveal => _revealed < _plan.InitialPunctured;

    /// <summary>Leakage so far: m − p + revealed (see <see cref="LdpcPlan"/>).</summary>
    public long DisclosedBits => _plan.Code.CheckCount - _plan.InitialPunctured + _revealed;

    /// <summary>
    /// Writes the values of the next punctured bits (at most <see cref="LdpcPlan.RevealStep"/>) to
    /// <paramref name="destination"/>, packed, and returns how many.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is left to reveal.</exception>
    public int RevealNext(Span<ulong> destination)
    {
        if (!CanReveal)
        {
            throw new InvalidOperationException("Every punctured bit has been revealed; the frame failed.");
        }

        ObjectDisposedException.ThrowIf(_frame.Length == 0, this);
        int count = Math.Min(_plan.RevealStep, _plan.InitialPunctured - _revealed);
        CheckBits(destination, count, nameof(destination));
        destination[..BitVector.WordCount(count)].Clear();
        ReadOnlySpan<int> punctured = PuncturedPositions.Slice(_revealed, count);
        for (int i = 0; i < count; i++)
        {
            destination[i >> 6] |= ((_frame[punctured[i] >> 6] >> (punctured[i] & 63)) & 1) << (i & 63);
        }

        _revealed += count;
        return count;
    }

    /// <summary>Zeroes the frame and returns it to the pool.</summary>
    public void Dispose()
    {
        ulong[] frame = _frame;
        _frame = [];
        if (frame.Length > 0)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame.AsSpan()));
            ArrayPool<ulong>.Shared.Return(frame);
        }
    }

    private ReadOnlySpan<int> PuncturedPositions => _plan.Layout.AdaptationPositions[_plan.InitialShortened..];

    internal static void CheckBits(ReadOnlySpan<ulong> words, int bits, string name)
    {
        if (words.Length < BitVector.WordCount(bits))
        {
            throw new ArgumentException($"Expected at least {bits} bits ({BitVector.WordCount(bits)} words), got {words.Length} words.", name);
        }
    }
}
