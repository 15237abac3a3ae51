namespace NodeAgent.Drivers.Simulated;

/// <summary>What caused a simulated click, for the eavesdropper's counters (never visible through the hal).</summary>
[Flags]
internal enum ClickOrigin : byte
{
    /// <summary>Alice's photon through the honest fibre, or a dark count.</summary>
    None = 0,

    /// <summary>Eve's action made this click: a state she resent, photons she forwarded, or a click she forced.</summary>
    Eavesdropper = 1,

    /// <summary>PNS: Eve kept a photon of this pulse and learns its bit once the bases are announced.</summary>
    PhotonKept = 2,

    /// <summary>Blinding: Eve forced this click with bright light after a detection of her own.</summary>
    Forced = 4,
}
