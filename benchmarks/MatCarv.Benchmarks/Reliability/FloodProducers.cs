using System.Diagnostics;

namespace MatCarv.Benchmarks.Reliability;

/// <summary>
/// Producer threads that call one operation flat out at the same time and time every single call: two
/// <see cref="Stopwatch.GetTimestamp"/> reads around it, the difference stored into a pre-allocated array (no allocation,
/// no lock on the timed path). The threads live for the whole benchmark; each <see cref="Run"/> releases them once and
/// returns when all finished their calls. The latencies of a run are folded into a <see cref="LatencyHistogram"/> after it,
/// outside the timed calls.
/// </summary>
internal sealed class FloodProducers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly long[][] _latencies;
    private readonly Barrier _start;
    private readonly Barrier _done;
    private readonly int _callsPerThread;
    private Action<int>? _operation;
    private volatile bool _stopping;

    public FloodProducers(int threads, int callsPerThread)
    {
        _callsPerThread = callsPerThread;
        _latencies = new long[threads][];
        _start = new Barrier(threads + 1);
        _done = new Barrier(threads + 1);
        _threads = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            _latencies[t] = new long[callsPerThread];
            int index = t;
            _threads[t] = new Thread(() => Produce(index)) { IsBackground = true, Name = "FloodProducer" + t };
            _threads[t].Start();
        }
    }

    public int Calls => _threads.Length * _callsPerThread;

    /// <summary>Every thread calls <paramref name="operation"/> (with the call's index) <c>callsPerThread</c> times; returns when all are done.</summary>
    public void Run(Action<int> operation, LatencyHistogram into)
    {
        _operation = operation;
        _start.SignalAndWait();
        _done.SignalAndWait();
        foreach (var latencies in _latencies)
        {
            foreach (var ticks in latencies)
            {
                into.Record(ticks);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _start.Dispose();
        _done.Dispose();
    }

    private void Produce(int index)
    {
        var latencies = _latencies[index];
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            var operation = _operation!;
            for (int i = 0; i < latencies.Length; i++)
            {
                long started = Stopwatch.GetTimestamp();
                operation(i);
                latencies[i] = Stopwatch.GetTimestamp() - started;
            }

            _done.SignalAndWait();
        }
    }
}
