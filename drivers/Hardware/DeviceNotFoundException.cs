namespace NodeAgent.Drivers.Hardware;

/// <summary>
/// The bus works but the expected device does not answer as itself (a wrong or missing ID, MISO floating to all 0xFF
/// or all 0x00, a register that does not keep what was written).
/// </summary>
public sealed class DeviceNotFoundException : IOException
{
    public DeviceNotFoundException()
    {
    }

    public DeviceNotFoundException(string message)
        : base(message)
    {
    }

    public DeviceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
