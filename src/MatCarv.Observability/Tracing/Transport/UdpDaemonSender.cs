using System.Net;
using System.Net.Sockets;
using MatCarv.Observability.Diagnostics;

namespace MatCarv.Observability.Tracing.Transport;

/// <summary>
/// Sends datagrams to the X-Ray daemon (or the CloudWatch agent) over UDP. Used only by the exporter's background loop:
/// a datagram costs microseconds of syscall, which never lands on a caller's thread. Never throws.
/// <para>
/// A <see cref="DatagramBatch"/> goes out with one <c>sendmmsg(2)</c> on Linux (<see cref="LinuxMultiMessageSend"/>);
/// whatever that does not send (a partial send, an error, another OS) is sent one datagram at a time with
/// <see cref="Send(ReadOnlySpan{byte})"/>, which keeps the single-datagram error handling and drop counting. An error that
/// means the syscall cannot work here (ENOSYS under an old kernel or a seccomp profile, for example) turns batching off for
/// the life of the sender.
/// </para>
/// </summary>
internal sealed class UdpDaemonSender : IDisposable
{
    /// <summary>The first wait after a daemon host name failed to resolve; it doubles up to <see cref="MaxResolveBackoff"/>.</summary>
    internal static readonly TimeSpan InitialResolveBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two resolutions of a host name that does not resolve.</summary>
    internal static readonly TimeSpan MaxResolveBackoff = TimeSpan.FromSeconds(30);

    private readonly DaemonAddress _address;
    private readonly SelfDiagnostics _diagnostics;
    private Socket? _socket;
    private SafeSocketHandle? _handle;
    private bool _multiMessage;
    private long _sent;
    private long _sentInBatches;
    private long _resolveAgainAt;
    private TimeSpan _resolveBackoff = InitialResolveBackoff;
    private bool _announcedUnresolved;

    /// <param name="address">Where datagrams go.</param>
    /// <param name="diagnostics">Where failed sends are counted.</param>
    /// <param name="multiMessage">Use <c>sendmmsg(2)</c> where supported (false: one send per datagram, the portable path).</param>
    public UdpDaemonSender(DaemonAddress address, SelfDiagnostics diagnostics, bool multiMessage = true)
    {
        _address = address;
        _diagnostics = diagnostics;
        _multiMessage = multiMessage && LinuxMultiMessageSend.IsSupported;
    }

    /// <summary>Datagrams handed to the socket so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Of <see cref="Sent"/>, those sent by a multi-message syscall (diagnostics and tests).</summary>
    public long SentInBatches => Interlocked.Read(ref _sentInBatches);

    /// <summary>Whether batches still go out with one multi-message syscall (false after a permanent error, or off this OS).</summary>
    public bool UsesMultiMessage => _multiMessage;

    /// <summary>Sends every datagram of <paramref name="batch"/> (it is not cleared).</summary>
    public void Send(DatagramBatch batch)
    {
        if (ResolutionBackingOff())
        {
            _diagnostics.ReportDrop("tracing", "send_failed", batch.Count);
            return;
        }

        int sent = _multiMessage ? SendMultiple(batch) : 0;
        for (int i = sent; i < batch.Count; i++)
        {
            Send(batch[i]);
        }
    }

    /// <summary>Sends as much of <paramref name="batch"/> as the multi-message syscall takes; returns how many datagrams that was.</summary>
    private int SendMultiple(DatagramBatch batch)
    {
        int sent = 0;
        try
        {
            if (_handle is null)
            {
                _socket ??= Connect();
                _handle = _socket.SafeHandle;
            }

            while (sent < batch.Count)
            {
                int taken = LinuxMultiMessageSend.Send(_handle, batch, sent, out int error);
                if (taken > 0)
                {
                    // A partial send: the kernel stopped at a datagram it could not take; the loop offers it again, and an
                    // error on it then sends the rest one by one.
                    sent += taken;
                    Interlocked.Add(ref _sent, taken);
                    Interlocked.Add(ref _sentInBatches, taken);
                    continue;
                }

                if (taken < 0 && error == LinuxMultiMessageSend.EINTR)
                {
                    continue;
                }

                if (taken < 0 && LinuxMultiMessageSend.IsPermanent(error))
                {
                    _multiMessage = false;
                }

                // Any other error (ECONNREFUSED from an earlier datagram's ICMP, EAGAIN, ...): the single-datagram path
                // handles and counts it.
                break;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _multiMessage = false;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ArgumentException or InvalidOperationException)
        {
            // Connecting failed: the single-datagram path tries again and counts the drops.
            ResetSocket();
        }

        return sent;
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        // A host name that did not resolve is not asked again for every datagram (a DNS query per span would stall the
        // exporter and flood the resolver): until the backoff passes, datagrams are counted as not sent right away.
        if (ResolutionBackingOff())
        {
            _diagnostics.ReportDrop("tracing", "send_failed");
            return;
        }

        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                var socket = _socket ??= Connect();
                socket.Send(datagram, SocketFlags.None);
                Interlocked.Increment(ref _sent);
                return;
            }
            catch (SocketException ex) when (attempt == 0 && ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // A connected UDP socket reports the ICMP "port unreachable" of an earlier datagram on the next send
                // (nothing listened then); this datagram was not sent, so try once more.
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ArgumentException or InvalidOperationException)
            {
                ResetSocket();
                _diagnostics.ReportDrop("tracing", "send_failed");
                return;
            }
        }

        _diagnostics.ReportDrop("tracing", "send_failed");
    }

    /// <summary>Whether the daemon host failed to resolve and its backoff has not passed (datagrams are counted, not sent).</summary>
    private bool ResolutionBackingOff() => _socket is null && _resolveAgainAt != 0 && Environment.TickCount64 < _resolveAgainAt;

    private Socket Connect()
    {
        // Resolved here, on the background loop, so that a slow DNS answer never blocks start-up or a caller.
        IPAddress ip;
        if (IPAddress.TryParse(_address.UdpHost, out var literal))
        {
            ip = literal;
        }
        else
        {
            try
            {
                ip = Dns.GetHostAddresses(_address.UdpHost).First(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
                _resolveAgainAt = 0;
                _resolveBackoff = InitialResolveBackoff;
            }
            catch (Exception ex) when (ex is SocketException or InvalidOperationException or ArgumentException)
            {
                _resolveAgainAt = Environment.TickCount64 + (long)_resolveBackoff.TotalMilliseconds;
                _resolveBackoff = _resolveBackoff * 2 < MaxResolveBackoff ? _resolveBackoff * 2 : MaxResolveBackoff;
                if (!_announcedUnresolved)
                {
                    _announcedUnresolved = true;
                    _diagnostics.Warn(
                        $"The X-Ray daemon host '{_address.UdpHost}' does not resolve ({ex.Message}); segments are counted as dropped (send_failed) and the name is resolved again with backoff (waits of up to 30 s).",
                        "tracing",
                        "daemon_unresolved");
                }

                throw new SocketException((int)SocketError.HostNotFound);
            }
        }

        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(new IPEndPoint(ip, _address.UdpPort));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void ResetSocket()
    {
        _socket?.Dispose();
        _socket = null;
        _handle = null;
    }

    public void Dispose() => ResetSocket();
}
