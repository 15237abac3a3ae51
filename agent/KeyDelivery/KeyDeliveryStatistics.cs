namespace NodeAgent.KeyDelivery;

/// <summary>Answers of the key-delivery API by status code (thread-safe).</summary>
public sealed class KeyDeliveryStatistics
{
    private long _ok;
    private long _badRequest;
    private long _unauthorized;
    private long _unavailable;

    public long Ok => Interlocked.Read(ref _ok);

    public long BadRequest => Interlocked.Read(ref _badRequest);

    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    public long Unavailable => Interlocked.Read(ref _unavailable);

    public void Answered(int statusCode)
    {
        switch (statusCode)
        {
            case 200: Interlocked.Increment(ref _ok); break;
            case 400: Interlocked.Increment(ref _badRequest); break;
            case 401: Interlocked.Increment(ref _unauthorized); break;
            default: Interlocked.Increment(ref _unavailable); break;
        }
    }
}
