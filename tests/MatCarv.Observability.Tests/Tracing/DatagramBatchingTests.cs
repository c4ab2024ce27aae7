using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Tests.Tracing;

/// <summary>
/// The exporter's send side (issue 11): datagrams queued in a <see cref="DatagramBatch"/> go out with one sendmmsg(2) on
/// Linux, and one send each on the portable path; either way every datagram arrives intact and on its own at a real UDP
/// receiver on 127.0.0.1.
/// </summary>
public sealed class DatagramBatchingTests
{
    // Two full batches and a partial one: three multi-message calls. Sizes stay small enough for the receiver's default
    // buffer to hold them all even when its thread is not scheduled while they are sent (a busy CI machine).
    private const int Datagrams = 2 * DatagramBatch.MaxDatagrams + 5;

    [Fact]
    public void Batch_arrives_as_one_intact_datagram_per_entry_through_sendmmsg_on_linux()
    {
        using var receiver = new RawReceiver();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        using var sender = new UdpDaemonSender(Address(receiver), diagnostics);
        var expected = Payloads(Datagrams);

        SendInBatches(sender, expected);

        Assert.Equal(expected, receiver.WaitFor(expected.Count));
        Assert.Equal(expected.Count, sender.Sent);
        Assert.Equal(0, diagnostics.GetDropCount("tracing", "send_failed"));
        if (OperatingSystem.IsLinux())
        {
            // The batch path itself, not the fallback, carried them.
            Assert.True(sender.UsesMultiMessage);
            Assert.Equal(expected.Count, sender.SentInBatches);
        }
    }

    [Fact]
    public void Fallback_sends_one_datagram_per_entry_when_multi_message_is_off()
    {
        using var receiver = new RawReceiver();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        using var sender = new UdpDaemonSender(Address(receiver), diagnostics, multiMessage: false);
        var expected = Payloads(Datagrams);

        SendInBatches(sender, expected);

        Assert.Equal(expected, receiver.WaitFor(expected.Count));
        Assert.Equal(expected.Count, sender.Sent);
        Assert.Equal(0, sender.SentInBatches);
        Assert.Equal(0, diagnostics.GetDropCount("tracing", "send_failed"));
    }

    [Fact]
    public void A_batch_refused_for_an_earlier_datagram_is_sent_one_by_one_and_batching_stays_on()
    {
        // A connected UDP socket reports an earlier datagram's ICMP "port unreachable" on its next send: here on the
        // multi-message call, which then sends nothing. The rest of the batch must still go, through the single path.
        int port;
        using (var gone = new RawReceiver())
        {
            port = gone.Port;
        }

        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        DaemonAddress.TryParse("127.0.0.1:" + port, out var address);
        using var sender = new UdpDaemonSender(address!, diagnostics);
        var probe = new DatagramBatch(1024);
        probe.TryAdd("nobody listens"u8);
        sender.Send(probe);
        long probeBatched = sender.SentInBatches;

        using var receiver = new RawReceiver(port);
        var expected = Payloads(DatagramBatch.MaxDatagrams);
        SendInBatches(sender, expected);

        Assert.Equal(expected, receiver.WaitFor(expected.Count));
        Assert.Equal(0, diagnostics.GetDropCount("tracing", "send_failed"));
        Assert.Equal(probeBatched, sender.SentInBatches);

        // The refusal concerned one earlier datagram: the next batch goes out through the multi-message call again.
        var next = Payloads(5);
        SendInBatches(sender, next);
        Assert.Equal(expected.Concat(next), receiver.WaitFor(expected.Count + next.Count));
        Assert.Equal(OperatingSystem.IsLinux(), sender.UsesMultiMessage);
        Assert.Equal(probeBatched + (OperatingSystem.IsLinux() ? next.Count : 0), sender.SentInBatches);
    }

    [Fact]
    public void Batch_refuses_an_entry_past_its_count_or_its_bytes()
    {
        var batch = new DatagramBatch(100);
        Assert.True(batch.TryAdd(new byte[60]));
        Assert.False(batch.TryAdd(new byte[41]));
        Assert.True(batch.TryAdd(new byte[40]));
        Assert.Equal(2, batch.Count);
        Assert.Equal(60, batch.Start(1));
        Assert.Equal(40, batch.Length(1));
        batch.Clear();
        for (int i = 0; i < DatagramBatch.MaxDatagrams; i++)
        {
            Assert.True(batch.TryAdd([(byte)i]));
        }

        Assert.False(batch.TryAdd([0]));
        Assert.Equal(DatagramBatch.MaxDatagrams, batch.Count);
        Assert.Equal([7], batch[7].ToArray());
    }

    [Fact]
    public async Task Assembler_sends_root_spans_queued_in_a_pass_as_one_valid_segment_each()
    {
        using var collector = new UdpCollector();
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "orders" };
            o.Output = Stream.Null;
        }).WithTracing(o => o.DaemonAddress = collector.Address);
        using var provider = services.BuildServiceProvider();
        var settings = provider.GetRequiredService<TracingSettings>();
        using var sender = new UdpDaemonSender(settings.DaemonAddress, settings.Runtime.Diagnostics);
        using var assembler = new TraceAssembler(settings, sender.Send, static _ => true);
        using var source = new ActivitySource("Tests.Tracing.Batching." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        var ids = new List<string>();
        for (int i = 0; i < Datagrams; i++)
        {
            using var root = source.StartActivity("GET /orders/{id}", ActivityKind.Server)!;
            root.SetTag("http.request.method", "GET");
            root.Stop();
            ids.Add(root.SpanId.ToHexString());
            assembler.Add(root, 0);
        }

        // Two full batches went out while adding; the last partial one waits for the end of the pass.
        Assert.Equal(2 * DatagramBatch.MaxDatagrams, sender.Sent);
        assembler.SendQueued();

        var datagrams = await collector.WaitForAsync(r => r.Count >= Datagrams);
        Assert.Equal(ids, datagrams.Select(d => d.Id));
        XRaySchema.AssertDatagrams(datagrams);
        Assert.Equal(Datagrams, sender.Sent);
    }

    private static DaemonAddress Address(RawReceiver receiver)
    {
        Assert.True(DaemonAddress.TryParse("127.0.0.1:" + receiver.Port, out var address));
        return address!;
    }

    /// <summary>Distinct payloads of varied sizes (1 byte to ~1.5 KB) whose bytes say which one they are.</summary>
    private static List<byte[]> Payloads(int count)
    {
        var payloads = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            var bytes = new byte[1 + (i * 389 % 1500)];
            for (int b = 0; b < bytes.Length; b++)
            {
                bytes[b] = (byte)(i + b);
            }

            payloads.Add(bytes);
        }

        return payloads;
    }

    /// <summary>Queues the payloads into a batch and sends it whenever it is full, as the assembler does.</summary>
    private static void SendInBatches(UdpDaemonSender sender, List<byte[]> payloads)
    {
        var batch = new DatagramBatch(2 * TraceAssembler.MaxDatagramBytes);
        foreach (var payload in payloads)
        {
            if (!batch.TryAdd(payload))
            {
                sender.Send(batch);
                batch.Clear();
                Assert.True(batch.TryAdd(payload));
            }
        }

        sender.Send(batch);
    }

    /// <summary>A plain UDP socket on 127.0.0.1 that keeps every datagram's bytes, in arrival order.</summary>
    private sealed class RawReceiver : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly List<byte[]> _received = new();
        private readonly Thread _thread;

        public RawReceiver(int port = 0)
        {
            _socket.ReceiveBufferSize = 4 * 1024 * 1024;
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
            _thread = new Thread(Receive) { IsBackground = true, Name = "RawReceiver" };
            _thread.Start();
        }

        public int Port { get; }

        /// <summary>What arrived once <paramref name="count"/> datagrams did, or after 15 s (not a timing assertion).</summary>
        public List<byte[]> WaitFor(int count)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                lock (_received)
                {
                    if (_received.Count >= count)
                    {
                        break;
                    }
                }

                Thread.Sleep(10);
            }

            lock (_received)
            {
                return _received.ToList();
            }
        }

        private void Receive()
        {
            var buffer = new byte[70_000];
            while (true)
            {
                try
                {
                    int length = _socket.Receive(buffer);
                    lock (_received)
                    {
                        _received.Add(buffer.AsSpan(0, length).ToArray());
                    }
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }
}
