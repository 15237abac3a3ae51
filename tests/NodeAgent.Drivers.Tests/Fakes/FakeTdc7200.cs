using System.Numerics;
using NodeAgent.Hal.Buses;

namespace NodeAgent.Drivers.Tests.Fakes;

/// <summary>
/// A TDC7200 as the datasheet (TI SNAS647) describes it, behind its SPI port: a register file with the reset values,
/// the command byte (AI bit 7, RW bit 6, address 5..0), 8-bit config and 24-bit result registers, write-1-to-clear
/// INT_STATUS, START_MEAS running a measurement of the stops the test scheduled, parity when PARITY_EN, counter
/// overflow when a stop never comes, and INTB pulled low on completion.
/// </summary>
internal sealed class FakeTdc7200 : ISpiBus
{
    private static readonly int[] s_calibrationPeriods = [2, 10, 20, 40];

    private readonly byte[] _config = [0x00, 0x40, 0x00, 0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00];
    private readonly int[] _results = new int[13];

    public BusFault Fault { get; set; }

    /// <summary>The ring oscillator's true period (the driver only learns it through calibration).</summary>
    public double RingLsbPicoseconds { get; set; } = 55.3;

    public double ClockHz { get; set; } = 8e6;

    /// <summary>Mode 2: time from START to the next reference clock edge.</summary>
    public double StartPhasePicoseconds { get; set; } = 40_000;

    /// <summary>Stops (picoseconds after START) of the next measurement; fewer than NUM_STOP makes it time out.</summary>
    public double[] Stops { get; set; } = [];

    /// <summary>False: START never comes, the measurement never completes.</summary>
    public bool StartArrives { get; set; } = true;

    /// <summary>Flip bit 0 of TIME1 after the parity is computed, once.</summary>
    public bool CorruptNextResult { get; set; }

    public FakeInterruptLine Intb { get; } = new();

    public List<byte[]> Transactions { get; } = [];

    public int Measurements { get; private set; }

    public byte Register(int address) => _config[address];

    public void TransferFullDuplex(ReadOnlySpan<byte> write, Span<byte> read)
    {
        Transactions.Add(write.ToArray());
        switch (Fault)
        {
            case BusFault.Throws:
                throw new IOException("SPI transfer timed out");
            case BusFault.AbsentPullUp:
                read.Fill(0xFF);
                return;
            case BusFault.StuckLow:
                read.Fill(0x00);
                return;
        }

        byte command = write[0];
        bool autoIncrement = (command & 0x80) != 0;
        bool isWrite = (command & 0x40) != 0;
        int address = command & 0x3F;
        read[0] = 0;
        int i = 1;
        while (i < write.Length)
        {
            if (isWrite)
            {
                read[i] = 0;
                WriteRegister(address, write[i]);
                i++;
            }
            else if (address <= 0x09)
            {
                read[i++] = _config[address];
            }
            else if (address is >= 0x10 and <= 0x1C)
            {
                int value = _results[address - 0x10];
                for (int b = 2; b >= 0 && i < write.Length; b--)
                {
                    read[i++] = (byte)(value >> (8 * b));
                }
            }
            else
            {
                read[i++] = 0;
            }

            if (autoIncrement)
            {
                address++;
            }
        }
    }

    private void WriteRegister(int address, byte value)
    {
        if (address == 0x02)
        {
            _config[2] &= (byte)~value;
            if ((_config[2] & 0x07) == 0)
            {
                Intb.Release();
            }
        }
        else if (address == 0x00)
        {
            _config[0] = (byte)(value & 0xFE);
            if ((value & 0x01) != 0)
            {
                Measure();
            }
        }
        else if (address <= 0x09)
        {
            _config[address] = value;
        }
    }

    private void Measure()
    {
        Measurements++;
        Array.Clear(_results);
        if (!StartArrives)
        {
            return;
        }

        bool mode2 = ((_config[0] >> 1) & 0x03) == 1;
        int stops = (_config[1] & 0x07) + 1;
        int periods = s_calibrationPeriods[_config[1] >> 6];
        double clock = 1e12 / ClockHz;
        double lsb = RingLsbPicoseconds;
        int clockOverflow = (_config[6] << 8) | _config[7];
        _config[2] |= 0x08;

        int timed = 0;
        for (int n = 1; n <= Math.Min(stops, Stops.Length); n++)
        {
            double s = Stops[n - 1];
            if (mode2)
            {
                int k = (int)Math.Ceiling((s - StartPhasePicoseconds) / clock);
                if (k > clockOverflow)
                {
                    break;
                }

                _results[0] = (int)Math.Round(StartPhasePicoseconds / lsb);
                _results[(2 * n) - 1] = k;
                _results[2 * n] = (int)Math.Round((StartPhasePicoseconds + (k * clock) - s) / lsb);
            }
            else
            {
                _results[2 * (n - 1)] = (int)Math.Round(s / lsb);
            }

            timed++;
        }

        if (timed < stops)
        {
            _config[2] |= (byte)(mode2 ? 0x04 : 0x02);
        }

        // Calibration runs after every measurement (FORCE_CAL also after a timeout): 1 and N clock periods.
        _results[11] = (int)Math.Round(clock / lsb);
        _results[12] = (int)Math.Round(periods * clock / lsb);
        if ((_config[0] & 0x40) != 0)
        {
            for (int i = 0; i < _results.Length; i++)
            {
                _results[i] |= (BitOperations.PopCount((uint)_results[i]) & 1) << 23;
            }
        }

        if (CorruptNextResult)
        {
            _results[0] ^= 1;
            CorruptNextResult = false;
        }

        _config[2] |= 0x11;
        Intb.Assert();
    }
}
