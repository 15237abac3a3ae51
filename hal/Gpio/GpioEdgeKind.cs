namespace NodeAgent.Hal.Gpio;

/// <summary>Which transition of a GPIO input an event reports.</summary>
public enum GpioEdgeKind
{
    /// <summary>Low to high.</summary>
    Rising = 1,

    /// <summary>High to low.</summary>
    Falling = 2,
}
