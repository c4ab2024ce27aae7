using System.Diagnostics;
using System.Net.Sockets;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Metrics.Aggregation;

namespace MatCarv.Observability.Metrics.Sinks;

/// <summary>
/// EMF to the CloudWatch agent (ECS, EKS, EC2): UTF-8, one document per line, over TCP or UDP. Callers only copy the
/// document into a bounded queue; one background thread owns the socket. TCP: a connection the agent closed is noticed
/// before writing and replaced by a fresh socket (never reused, unlike aws-embedded-metrics: Java #99), with exponential
/// backoff between attempts; documents stay queued while the agent is away. UDP: one datagram per document. A full
/// queue drops the new document and counts it (<c>agent_queue_full</c>).
/// </summary>
internal sealed class AgentEmfSink : IEmfSink
{
    private const int BatchBytes = 64 * 1024;

    private readonly AgentEndpoint _endpoint;
    private readonly SelfDiagnostics _diagnostics;
    private readonly int _capacity;
    private readonly TimeSpan _shutdownTimeout;
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly object _gate = new();
    private readonly Queue<byte[]> _queue = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread _thread;
    private readonly byte[] _batch = new byte[BatchBytes];
    private Socket? _socket;
    private int _sending;
    private TimeSpan _backoff;
    private volatile bool _disposed;

    public AgentEmfSink(AgentEndpoint endpoint, int capacity, TimeSpan shutdownTimeout, SelfDiagnostics diagnostics, TimeSpan? initialBackoff = null, TimeSpan? maxBackoff = null)
    {
        _endpoint = endpoint;
        _capacity = capacity;
        _shutdownTimeout = shutdownTimeout;
        _diagnostics = diagnostics;
        _initialBackoff = initialBackoff ?? TimeSpan.FromMilliseconds(100);
        _maxBackoff = maxBackoff ?? TimeSpan.FromSeconds(10);
        _backoff = _initialBackoff;
        _thread = new Thread(Run) { IsBackground = true, Name = "MatCarv.Observability EMF agent" };
        _thread.Start();
    }

    /// <summary>Documents waiting to be sent (for tests and diagnostics).</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count + _sending;
            }
        }
    }

    public void WriteDocument(ReadOnlySpan<byte> document)
    {
        // Agent protocol: newline-terminated, one event per line (documents never contain a raw newline).
        var line = new byte[document.Length + 1];
        document.CopyTo(line);
        line[^1] = (byte)'\n';
        lock (_gate)
        {
            if (_disposed || _queue.Count >= _capacity)
            {
                _diagnostics.ReportDrop(DropReasons.Signal, DropReasons.QueueFull);
                return;
            }

            _queue.Enqueue(line);
        }

        _wake.Set();
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        // Bounded in real time too: the caller's deadline may run on a test clock that never advances.
        var started = Stopwatch.GetTimestamp();
        while (Queued > 0 && !cancellationToken.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < _shutdownTimeout)
        {
            _wake.Set();
            try
            {
                await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        while (Queued > 0 && Stopwatch.GetElapsedTime(started) < _shutdownTimeout && _thread.IsAlive)
        {
            _wake.Set();
            Thread.Sleep(2);
        }

        _disposed = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(2));
        int lost;
        lock (_gate)
        {
            lost = _queue.Count;
            _queue.Clear();
        }

        if (lost > 0)
        {
            _diagnostics.ReportDrop(DropReasons.Signal, DropReasons.SendFailed, lost);
        }

        CloseSocket();
        _wake.Dispose();
    }

    private void Run()
    {
        while (!_disposed)
        {
            _wake.Wait(TimeSpan.FromSeconds(1));
            _wake.Reset();
            try
            {
                while (!_disposed && SendSome())
                {
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                CloseSocket();
                _diagnostics.ReportDrop(DropReasons.Signal, DropReasons.SendFailed);
            }
        }
    }

    /// <summary>Sends one batch; false when the queue is empty or the agent is unreachable (after waiting the backoff).</summary>
    private bool SendSome()
    {
        int count;
        int length = 0;
        byte[]? single = null;
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                return false;
            }

            count = 0;
            foreach (var line in _queue)
            {
                if (!_endpoint.IsTcp)
                {
                    single = line;
                    count = 1;
                    break;
                }

                if (count > 0 && length + line.Length > BatchBytes)
                {
                    break;
                }

                if (line.Length > BatchBytes)
                {
                    single = line;
                    count = 1;
                    break;
                }

                line.CopyTo(_batch, length);
                length += line.Length;
                count++;
            }

            _sending = count;
        }

        bool sent;
        try
        {
            sent = _endpoint.IsTcp ? SendTcp(single ?? _batch, single?.Length ?? length) : SendUdp(single!);
        }
        finally
        {
            lock (_gate)
            {
                _sending = 0;
            }
        }

        if (!sent && _endpoint.IsTcp)
        {
            // Keep the documents; wait before the next connection attempt (exponential, capped).
            _wake.Wait(_backoff);
            _backoff = TimeSpan.FromTicks(Math.Min(_maxBackoff.Ticks, _backoff.Ticks * 2));
            return false;
        }

        lock (_gate)
        {
            for (int i = 0; i < count && _queue.Count > 0; i++)
            {
                _queue.Dequeue();
            }
        }

        return true;
    }

    private bool SendTcp(byte[] buffer, int length)
    {
        try
        {
            var socket = _socket;
            if (socket is not null && socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
            {
                // The agent closed the connection (restart): readable with nothing to read. Never reuse it.
                CloseSocket();
                socket = null;
            }

            if (socket is null)
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = 5000 };
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    socket.ConnectAsync(_endpoint.Host, _endpoint.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                _socket = socket;
            }

            int offset = 0;
            while (offset < length)
            {
                offset += socket.Send(buffer, offset, length - offset, SocketFlags.None);
            }

            _backoff = _initialBackoff;
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            CloseSocket();
            return false;
        }
    }

    private bool SendUdp(byte[] line)
    {
        try
        {
            var socket = _socket;
            if (socket is null)
            {
                socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    socket.Connect(_endpoint.Host, _endpoint.Port);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                _socket = socket;
            }

            socket.Send(line, SocketFlags.None);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // UDP has no delivery to wait for: the datagram is lost; count it and start over with a fresh socket.
            CloseSocket();
            _diagnostics.ReportDrop(DropReasons.Signal, DropReasons.SendFailed);
        }

        return true;
    }

    private void CloseSocket()
    {
        var socket = Interlocked.Exchange(ref _socket, null);
        if (socket is null)
        {
            return;
        }

        try
        {
            socket.Dispose();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closing a broken socket can fail; it is gone either way.
        }
    }
}
