namespace NodeAgent.Drivers.Hardware.Tmp117;

/// <summary>TMP117 register pointers (TI SNOSD82, section 7.6 "Register Map"); every register is 16 bits, MSB first.</summary>
public enum Tmp117Register : byte
{
    /// <summary>Temperature result: two's complement, 7.8125 m°C per LSB; 8000h (−256 °C) until the first conversion.</summary>
    TemperatureResult = 0x00,

    /// <summary>Configuration: 15 HIGH_Alert, 14 LOW_Alert, 13 Data_Ready, 12 EEPROM_Busy, 11..10 MOD, 9..7 CONV, 6..5 AVG. Reset 0220h.</summary>
    Configuration = 0x01,
    HighLimit = 0x02,
    LowLimit = 0x03,
    EepromUnlock = 0x04,
    Eeprom1 = 0x05,
    Eeprom2 = 0x06,
    TemperatureOffset = 0x07,
    Eeprom3 = 0x08,

    /// <summary>Device ID: 15..12 revision, 11..0 DID = 117h.</summary>
    DeviceId = 0x0F,
}
