namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// The eavesdropper the simulated link contains (setting <c>Simulation:Attack</c>). Eve sits at Alice's output, so she
/// sees every pulse before the fibre's loss; the attacked slots are a fraction <see cref="SimulatedLinkOptions.AttackFraction"/>
/// chosen by a hash of (seed, slot). The README describes each attack and what the decoy-state analysis sees.
/// </summary>
public enum EavesdropperAttack
{
    /// <summary>No eavesdropper (unless the shorthand <see cref="SimulatedLinkOptions.EavesdropperFraction"/> is set).</summary>
    None = 0,

    /// <summary>
    /// Intercept-resend (Bennett, Bessette, Brassard, Salvail &amp; Smolin, J. Cryptology 5, 3 (1992)): Eve measures in a
    /// random basis and resends what she saw, keeping Bob's gain; about 25 % QBER on the attacked slots.
    /// </summary>
    InterceptResend = 1,

    /// <summary>
    /// Photon-number splitting with lossless channel substitution (Brassard, Lütkenhaus, Mor &amp; Sanders, PRL 85,
    /// 1330 (2000)): Eve keeps one photon of every multi-photon pulse, blocks single-photon pulses as needed to keep Bob's
    /// signal gain, and forwards the rest over a lossless channel. No errors; the decoy gain falls below what a Poisson
    /// channel with the signal's gain would give.
    /// </summary>
    PhotonNumberSplitting = 2,

    /// <summary>
    /// Detector blinding with faked states (Lydersen et al., Nature Photonics 4, 686 (2010)): Eve measures each pulse
    /// with her own detectors and, when she detects, forces a click of Bob's detector for her basis and bit with bright
    /// light. Almost no errors; the gain of each intensity follows Eve's detection probability, not the fibre's.
    /// </summary>
    DetectorBlinding = 3,
}
