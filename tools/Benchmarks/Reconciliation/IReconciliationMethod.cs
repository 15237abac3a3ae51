using NodeAgent.Distillation.Bits;

namespace NodeAgent.Benchmarks.Reconciliation;

/// <summary>One reconciliation method as the sweep runs it: both ends in process, Bob's key corrected in place.</summary>
internal interface IReconciliationMethod
{
    string Name { get; }

    /// <summary>False for sizes or QBERs the method has no code or schedule for.</summary>
    bool Supports(int n, double qber);

    /// <summary>Builds what every frame of (n, qber) shares, such as Cascade's schedule; called before the frames.</summary>
    void Prepare(int n, double qber);

    FrameOutcome Reconcile(BitVector alice, BitVector bob, int n, double qber, ulong seed);
}

/// <summary>What one frame cost and whether the method claims success (the sweep also compares the keys).</summary>
internal readonly record struct FrameOutcome(bool Success, long Disclosed, int RoundTrips, double Seconds = 0);
