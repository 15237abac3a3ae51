using NodeAgent.Hal.Acquisition;
using NodeAgent.Node.Configuration;

namespace NodeAgent.Node.Devices;

/// <summary>Opens the hardware tagger <c>Node:Tagger</c> names (a seam: tests hand in a fake device).</summary>
public interface ITaggerDeviceFactory
{
    /// <summary>Opens and checks the device; the factory owns it and closes it when disposed.</summary>
    /// <param name="kind">A hardware kind (not <see cref="TaggerKind.Simulated"/>).</param>
    /// <exception cref="IOException">The device is absent or does not answer.</exception>
    ITimeTagger Open(TaggerKind kind);
}
