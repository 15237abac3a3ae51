using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using NodeAgent.Hal.Gpio;

namespace NodeAgent.Hal.Linux;

/// <summary>
/// Edges of one input line through System.Device.Gpio's libgpiod v2 driver, for interrupt pins (the TDC7200's INTB)
/// where "something happened" matters more than exactly when: the callback only says which edge, so the timestamp is
/// taken from <see cref="TimeProvider"/> when it runs. Use <see cref="GpioChardevEdgeSource"/> for kernel timestamps.
/// </summary>
/// <remarks>
/// <see cref="ReadEdges"/> and <see cref="WaitForEdge"/> belong to one reader thread; the driver's callback thread
/// only appends. A bounded queue (<see cref="QueueCapacity"/>) keeps memory fixed: an edge arriving when it is full is
/// dropped, and the per-line sequence number skips so the reader can count the loss.
/// </remarks>
public sealed class LibgpiodEdgeSource : IGpioEdgeSource, IDisposable
{
    /// <summary>Edges held until read.</summary>
    public const int QueueCapacity = 256;

    private readonly GpioController _controller;
    private readonly int _line;
    private readonly TimeProvider _time;
    private readonly GpioEdge[] _queue = new GpioEdge[QueueCapacity];
    private readonly object _gate = new();
    private readonly PinChangeEventHandler _handler;
    private int _head;
    private int _count;
    private uint _sequence;
    private bool _disposed;

    /// <param name="chip">The gpiochip number (0 on a Pi 4; the header chip on a Pi 5).</param>
    /// <param name="line">The line offset (BCM GPIO number on a Pi).</param>
    /// <param name="edges">Which edges to report (the TDC7200's INTB is active low: falling).</param>
    /// <param name="time">Clock for the timestamps; <see cref="TimeProvider.System"/> when null.</param>
    public LibgpiodEdgeSource(int chip, int line, PinEventTypes edges = PinEventTypes.Falling, TimeProvider? time = null)
    {
        _line = line;
        _time = time ?? TimeProvider.System;
        _controller = new GpioController(new LibGpiodV2Driver(chip));
        try
        {
            _controller.OpenPin(line, PinMode.InputPullUp);
            _handler = OnEdge;
            _controller.RegisterCallbackForPinValueChangedEvent(line, edges, _handler);
        }
        catch
        {
            _controller.Dispose();
            throw;
        }
    }

    public int ReadEdges(Span<GpioEdge> destination)
    {
        lock (_gate)
        {
            int n = Math.Min(destination.Length, _count);
            for (int i = 0; i < n; i++)
            {
                destination[i] = _queue[(_head + i) % QueueCapacity];
            }

            _head = (_head + n) % QueueCapacity;
            _count -= n;
            return n;
        }
    }

    public bool WaitForEdge(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                Monitor.Wait(_gate, timeout);
            }

            return _count > 0;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _controller.UnregisterCallbackForPinValueChangedEvent(_line, _handler);
        _controller.Dispose();
    }

    private void OnEdge(object sender, PinValueChangedEventArgs args)
    {
        long nanoseconds = (long)(_time.GetTimestamp() * (1e9 / _time.TimestampFrequency));
        GpioEdgeKind kind = args.ChangeType == PinEventTypes.Rising ? GpioEdgeKind.Rising : GpioEdgeKind.Falling;
        lock (_gate)
        {
            _sequence++;
            if (_count < QueueCapacity)
            {
                _queue[(_head + _count) % QueueCapacity] = new GpioEdge(nanoseconds, args.PinNumber, kind, _sequence);
                _count++;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
