using System.Buffers;
using NodeAgent.Hal.Acquisition;
using NodeAgent.Hal.Gpio;

namespace NodeAgent.Drivers.Hardware.GpioTagger;

/// <summary>
/// A low-rate time-tagger from GPIO edges with kernel timestamps (monitoring inputs, the PPS input of the timebase):
/// one tick is one nanosecond of the edge source's clock, and each configured line is one channel.
/// </summary>
/// <remarks>
/// Not thread-safe: one reader thread. Lost edges come from gaps in the kernel's per-line sequence numbers (its event
/// queue overflowed) and are reported as <see cref="TaggerReadResult.LostEvents"/>. Edges from unconfigured lines or
/// earlier than the previous edge are counted and skipped. No allocation per read (one pooled buffer).
/// </remarks>
public sealed class GpioEdgeTagger : ITimeTagger, IDisposable
{
    private readonly IGpioEdgeSource _source;
    private readonly int[] _lines;
    private readonly uint[] _lastSequence;
    private readonly int _maxBatch;
    private GpioEdge[]? _buffer;
    private long _lastTick = long.MinValue;

    /// <exception cref="ArgumentException">A setting is invalid (all are listed).</exception>
    public GpioEdgeTagger(IGpioEdgeSource source, GpioEdgeTaggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _source = source;
        _lines = [.. options.Lines];
        _lastSequence = new uint[_lines.Length];
        _maxBatch = options.MaxBatch;
        _buffer = ArrayPool<GpioEdge>.Shared.Rent(_maxBatch);
    }

    public int ChannelCount => _lines.Length;

    /// <summary>One nanosecond.</summary>
    public double TickPicoseconds => 1000;

    /// <summary>Edges on lines not in the options (skipped).</summary>
    public long UnknownLineEdges { get; private set; }

    /// <summary>Edges stamped earlier than the previous one (skipped: the output stays ascending).</summary>
    public long OutOfOrderEdges { get; private set; }

    /// <summary>Edges the source dropped, from sequence-number gaps.</summary>
    public long LostEdges { get; private set; }

    public TaggerReadResult Read(Span<DetectionEvent> destination)
    {
        GpioEdge[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(GpioEdgeTagger));
        int n = _source.ReadEdges(buffer.AsSpan(0, Math.Min(destination.Length, _maxBatch)));
        int count = 0;
        long lost = 0;
        for (int i = 0; i < n; i++)
        {
            GpioEdge edge = buffer[i];
            int channel = Array.IndexOf(_lines, edge.Line);
            if (channel < 0)
            {
                UnknownLineEdges++;
                continue;
            }

            if (edge.LineSequence != 0)
            {
                uint last = _lastSequence[channel];
                if (last != 0 && edge.LineSequence > last + 1)
                {
                    lost += edge.LineSequence - last - 1;
                }

                _lastSequence[channel] = edge.LineSequence;
            }

            if (edge.TimestampNanoseconds < _lastTick)
            {
                OutOfOrderEdges++;
                continue;
            }

            _lastTick = edge.TimestampNanoseconds;
            destination[count++] = new DetectionEvent(edge.TimestampNanoseconds, channel);
        }

        LostEdges += lost;
        return new TaggerReadResult(count, lost);
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<GpioEdge>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
