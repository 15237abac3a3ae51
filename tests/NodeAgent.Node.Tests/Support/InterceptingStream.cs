namespace NodeAgent.Node.Tests.Support;

/// <summary>
/// A man in the middle on one direction of a stream: passes writes through, or holds them back, and keeps a copy of
/// each write while <see cref="Recording"/> or <see cref="Holding"/> (a <c>PeerConnection</c> writes one frame per call).
/// </summary>
public sealed class InterceptingStream(Stream inner) : Stream
{
    /// <summary>Copies writes into <see cref="Frames"/> and still passes them on.</summary>
    public bool Recording { get; set; }

    /// <summary>Copies writes into <see cref="Frames"/> and does not pass them on.</summary>
    public bool Holding { get; set; }

    /// <summary>The writes seen while recording or holding, in order.</summary>
    public List<byte[]> Frames { get; } = [];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Recording || Holding)
        {
            Frames.Add(buffer.ToArray());
        }

        if (!Holding)
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
    }
}
