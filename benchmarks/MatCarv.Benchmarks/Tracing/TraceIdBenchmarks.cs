using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>
/// The cost of one new trace id: the runtime's default (<see cref="ActivityTraceId.CreateRandom"/>, a fast non-cryptographic
/// generator) against the X-Ray compatible one (epoch second + 96 bits from the OS cryptographic generator, drawn from a
/// per-thread 4 KiB buffer). This is the part of a root span's cost that child spans do not pay.
/// </summary>
[MemoryDiagnoser]
public class TraceIdBenchmarks
{
    [Benchmark(Baseline = true)]
    public ActivityTraceId Default_random() => ActivityTraceId.CreateRandom();

    [Benchmark]
    public ActivityTraceId XRay_crypto() => XRayTraceId.NewActivityTraceId();
}
