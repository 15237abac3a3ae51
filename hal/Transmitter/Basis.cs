namespace NodeAgent.Hal.Transmitter;

/// <summary>BB84 preparation or measurement basis.</summary>
public enum Basis : byte
{
    /// <summary>Rectilinear (computational, "key") basis.</summary>
    Z = 0,

    /// <summary>Diagonal ("test") basis.</summary>
    X = 1,
}
