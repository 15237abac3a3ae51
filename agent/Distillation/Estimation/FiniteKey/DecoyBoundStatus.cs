namespace NodeAgent.Distillation.Estimation.FiniteKey;

/// <summary>Why the decoy bounds of a block yield no key (or <see cref="Ok"/>).</summary>
internal enum DecoyBoundStatus
{
    Ok = 0,
    KeySinglePhotonNotPositive,
    TestSinglePhotonNotPositive,
    NoSinglePhotonErrors,
    PhaseErrorTooHigh,
    NotFinite,
}
