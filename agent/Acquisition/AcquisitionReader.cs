using NodeAgent.Hal.Acquisition;

namespace NodeAgent.Acquisition;

/// <summary>
/// Drains an <see cref="ITimeTagger"/> on a dedicated thread into an <see cref="SpscRing{T}"/> of events that the
/// pipeline reads through <see cref="Output"/> (or <see cref="Ring"/>). The thread touches only the tagger and the
/// ring — never the network, never a lock — so a slow peer link cannot stall acquisition; when the pipeline falls
/// behind, memory stays at the ring's size and the loss is counted (<see cref="RingFullPolicy"/>).
/// </summary>
/// <remarks>
/// The tagger reads straight into the ring's free slots (no copy, no allocation per event or per batch). A tagger
/// that throws is counted in <see cref="AcquisitionStatistics.ReadErrors"/>, its message kept in
/// <see cref="LastError"/>, and read again after <see cref="AcquisitionOptions.ErrorBackoff"/>: the reader never dies.
/// Thread-safety: <see cref="Start"/>, <see cref="Stop"/> and <see cref="Dispose"/> from one controlling thread;
/// <see cref="Statistics"/> and <see cref="LastError"/> from any; <see cref="Output"/> from one consumer thread.
/// </remarks>
public sealed class AcquisitionReader : IDisposable
{
    private readonly ITimeTagger _tagger;
    private readonly AcquisitionOptions _options;
    private readonly DetectionEvent[] _discard;
    private readonly ManualResetEventSlim _stopSignal = new(false);
    private Thread? _thread;
    private volatile bool _stopping;
    private bool _disposed;
    private volatile string? _lastError;
    private long _reads;
    private long _published;
    private long _dropped;
    private long _deviceLost;
    private long _fullWaits;
    private long _readErrors;
    private long _peakFill;

    /// <exception cref="ArgumentException">A setting is invalid (all are listed).</exception>
    public AcquisitionReader(ITimeTagger tagger, AcquisitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _tagger = tagger;
        _options = options;
        Ring = new SpscRing<DetectionEvent>(options.RingCapacity);
        _discard = options.FullPolicy == RingFullPolicy.DropNewest ? new DetectionEvent[options.BatchSize] : [];
        Output = new RingTimeTagger(this);
    }

    /// <summary>The ring the reader fills (consumer side: <see cref="SpscRing{T}.GetReadSpan"/> / <see cref="SpscRing{T}.Release"/>).</summary>
    public SpscRing<DetectionEvent> Ring { get; }

    /// <summary>The ring seen as a tagger, for a pipeline written against <see cref="ITimeTagger"/>; reports every loss.</summary>
    public ITimeTagger Output { get; }

    /// <summary>The tagger being drained.</summary>
    public ITimeTagger Source => _tagger;

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool IsRunning => _thread is not null;

    /// <summary>The last tagger error, for logs; null when none.</summary>
    public string? LastError => _lastError;

    /// <summary>The counters now.</summary>
    public AcquisitionStatistics Statistics => new(
        Volatile.Read(ref _reads), Volatile.Read(ref _published), Volatile.Read(ref _dropped),
        Volatile.Read(ref _deviceLost), Volatile.Read(ref _fullWaits), Volatile.Read(ref _readErrors),
        Volatile.Read(ref _peakFill));

    /// <summary>
    /// Starts the reader thread. It asks for <see cref="ThreadPriority.Highest"/>, which Windows honours and Linux
    /// ignores (every .NET thread there runs at the process's nice value): on Linux, give the process its priority
    /// from outside (systemd <c>Nice=</c> or <c>CPUSchedulingPolicy=</c>, <c>chrt</c>).
    /// </summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("the reader is already running");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "tagger-reader", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>Stops the thread and waits for it; events already in the ring stay readable.</summary>
    public void Stop()
    {
        Thread? thread = _thread;
        if (thread is null)
        {
            return;
        }

        _stopping = true;
        _stopSignal.Set();
        thread.Join();
        _thread = null;
        _stopping = false;
        _stopSignal.Reset();
    }

    /// <summary>
    /// One read of the tagger into the ring (what the thread does in a loop). Call it yourself only when the thread is
    /// not running (tests, a single-threaded host). Returns the events read from the device (published or dropped).
    /// </summary>
    public int PollOnce() => Poll(out _);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Stop();
        _disposed = true;
        _stopSignal.Dispose();
    }

    /// <summary><see cref="PollOnce"/>, also saying how many events were asked of the tagger (0: none, the ring was full).</summary>
    private int Poll(out int asked)
    {
        Span<DetectionEvent> free = Ring.GetWriteSpan();
        asked = 0;
        if (free.IsEmpty)
        {
            if (_options.FullPolicy == RingFullPolicy.Wait)
            {
                Volatile.Write(ref _fullWaits, _fullWaits + 1);
                return 0;
            }

            asked = _discard.Length;

            // Keep the device drained so its FIFO never overflows; what cannot be kept is counted, not buffered.
            TaggerReadResult discarded = _tagger.Read(_discard);
            Volatile.Write(ref _reads, _reads + 1);
            Volatile.Write(ref _dropped, _dropped + discarded.Count);
            Volatile.Write(ref _deviceLost, _deviceLost + discarded.LostEvents);
            return discarded.Count;
        }

        if (free.Length > _options.BatchSize)
        {
            free = free[.._options.BatchSize];
        }

        asked = free.Length;
        TaggerReadResult read = _tagger.Read(free);
        Ring.Publish(read.Count);
        Volatile.Write(ref _reads, _reads + 1);
        Volatile.Write(ref _published, _published + read.Count);
        if (read.LostEvents != 0)
        {
            Volatile.Write(ref _deviceLost, _deviceLost + read.LostEvents);
        }

        int fill = Ring.Count;
        if (fill > _peakFill)
        {
            Volatile.Write(ref _peakFill, fill);
        }

        return read.Count;
    }

    /// <summary>
    /// Reads while the device has more, then sleeps: a read that fills what was asked, or returns as many events as
    /// the largest read so far (the device's own burst limit, if smaller than the batch), is followed at once by the
    /// next; a shorter one means the device is drained for now, and the thread spins
    /// <see cref="AcquisitionOptions.IdleSpins"/> times, then sleeps <see cref="AcquisitionOptions.IdleSleep"/> while
    /// the device fills its FIFO. Not spinning matters on a small host: a thread that never sleeps uses up its share
    /// of the CPU and is then descheduled for long stretches when other work competes, and it takes the core the
    /// pipeline needs (docs/performance.md, acquisition path).
    /// </summary>
    private void Run()
    {
        int idle = 0;
        int largestRead = 1;
        var spinner = default(SpinWait);
        while (!_stopping)
        {
            int n;
            int asked;
            try
            {
                n = Poll(out asked);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Volatile.Write(ref _readErrors, _readErrors + 1);
                _lastError = $"{e.GetType().Name}: {e.Message}";
                _stopSignal.Wait(_options.ErrorBackoff);
                continue;
            }

            largestRead = Math.Max(largestRead, n);
            if (n > 0 && n >= Math.Min(asked, largestRead))
            {
                // As much as was asked, or as a read ever brings: the device may hold more.
                idle = 0;
                spinner.Reset();
            }
            else if (++idle <= _options.IdleSpins)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            else
            {
                idle = 0;
                spinner.Reset();
                _stopSignal.Wait(_options.IdleSleep);
            }
        }
    }
}
