namespace NodeAgent.Drivers.Simulated;

/// <summary>
/// What the simulated eavesdropper did, for tests and demonstrations (<see cref="SimulatedLink.GetEavesdropperStatistics"/>).
/// The agent never sees it: it only holds the hal seams.
/// </summary>
/// <remarks>
/// The simulator draws only the slots that click (thinning), so Eve's actions are counted where they reach Bob's
/// record: among his registered clicks (after dead time). <see cref="PulsesAttacked"/> is the exception, counted over
/// every slot simulated.
/// </remarks>
/// <param name="Attack">The attack in effect (intercept-resend when only the <c>EavesdropperFraction</c> shorthand is set).</param>
/// <param name="PulsesAttacked">Slots of [0, slots simulated) that Eve attacked, whether or not Bob clicked.</param>
/// <param name="AttackedClicks">
/// Registered clicks Eve's action produced: her resent states (intercept-resend), the photons she forwarded (PNS), the
/// clicks she forced (blinding). Dark counts are not included.
/// </param>
/// <param name="PhotonsKept">PNS: registered clicks of pulses Eve kept a photon of; she learns these bits without error.</param>
/// <param name="ForcedClicks">Blinding: registered clicks Eve forced with bright light after a detection of her own.</param>
public readonly record struct EavesdropperStatistics(
    EavesdropperAttack Attack, long PulsesAttacked, long AttackedClicks, long PhotonsKept, long ForcedClicks);
