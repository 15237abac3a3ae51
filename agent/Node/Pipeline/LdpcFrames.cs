using NodeAgent.Distillation.Reconciliation.Ldpc;

namespace NodeAgent.Node.Pipeline;

/// <summary>
/// How a block's key is cut into LDPC frames, which both ends must do alike: frames of
/// <see cref="LdpcPlan.MaxPayloadBits"/> key bits in key order, the last one shorter, each with the plan of the
/// block's QBER estimate and the default <see cref="LdpcOptions"/>.
/// </summary>
internal static class LdpcFrames
{
    public static LdpcOptions Options => LdpcOptions.Default;

    public static int FrameBits => LdpcPlan.MaxPayloadBits(Options);

    public static LdpcPlan[] Plans(int keyBits, double qber)
    {
        // An estimate outside the family's range (or none) takes its lowest rate, the most robust code.
        double planQber = double.IsFinite(qber) ? Math.Clamp(qber, 0.0, LdpcPlan.MaxQber) : LdpcPlan.MaxQber;
        int frames = (int)(((long)keyBits + FrameBits - 1) / FrameBits);
        var plans = new LdpcPlan[frames];
        LdpcPlan? full = null;
        for (int f = 0; f < frames; f++)
        {
            int payload = Math.Min(FrameBits, keyBits - (f * FrameBits));
            plans[f] = payload == FrameBits
                ? full ??= LdpcPlan.Create(planQber, payload, Options)
                : LdpcPlan.Create(planQber, payload, Options);
        }

        return plans;
    }
}
