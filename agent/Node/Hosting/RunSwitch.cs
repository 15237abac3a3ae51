namespace NodeAgent.Node.Hosting;

/// <summary>
/// Runs a cancellable body, stopping it (by cancelling its token) when switched off and running it again from the
/// start when switched on. The body decides what cancellation means; Bob's endpoint finishes the block in progress.
/// </summary>
/// <remarks>Thread-safe: <see cref="Set"/> may be called from any thread.</remarks>
public sealed class RunSwitch
{
    private readonly Lock _gate = new();
    private bool _running = true;
    private TaskCompletionSource _on = Completed();
    private CancellationTokenSource? _current;

    /// <summary>Whether the body is meant to run.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Switches the body on (it starts again) or off (its token is cancelled).</summary>
    public void Set(bool running)
    {
        lock (_gate)
        {
            if (running == _running)
            {
                return;
            }

            _running = running;
            if (running)
            {
                _on.TrySetResult();
            }
            else
            {
                _on = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                // Callbacks (the body's continuations) run on the thread pool, not under this lock or the caller's.
                _ = _current?.CancelAsync();
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> whenever switched on, until <paramref name="stopping"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="stopping"/> was signalled while switched off.</exception>
    public async Task RunAsync(Func<CancellationToken, Task> body, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Task on;
            lock (_gate)
            {
                on = _on.Task;
            }

            await on.WaitAsync(stopping).ConfigureAwait(false);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            lock (_gate)
            {
                if (!_running)
                {
                    continue;
                }

                _current = run;
            }

            try
            {
                await body(run.Token).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _current = null;
                }
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
