using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class InterpolationTests
{
    private sealed record Order(string CustomerName, int ItemCount);

    [Fact]
    public void Interpolated_holes_become_typed_keys_named_after_the_argument_expression()
    {
        using var harness = LogHarness.Local();
        var order = new Order("Ada", 3);
        double elapsedMs = 12.5;
        bool paid = true;
        string? coupon = null;
        var id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        harness.Logger.Info($"Customer {order.CustomerName} checked out {order.ItemCount} items in {elapsedMs:0.0} ms ({paid}, {coupon}, {id})");

        var line = Assert.Single(harness.Lines());
        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.Equal($"Customer Ada checked out 3 items in 12.5 ms (True, (null), {id})", line.GetProperty("message").GetString());
        Assert.Equal("Ada", line.GetProperty("customer_name").GetString());
        Assert.Equal(3, line.GetProperty("item_count").GetInt32());
        Assert.Equal(12.5, line.GetProperty("elapsed_ms").GetDouble());
        Assert.True(line.GetProperty("paid").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, line.GetProperty("coupon").ValueKind);
        Assert.Equal(id.ToString(), line.GetProperty("id").GetString());
    }

    [Fact]
    public void A_disabled_level_evaluates_no_argument()
    {
        using var harness = LogHarness.Local();
        int evaluated = 0;
        int Count() => ++evaluated;
        harness.Logger.Debug($"never {Count()}");
        harness.Logger.Trace($"never {Count()}");
        Assert.Equal(0, evaluated);
        harness.Logger.Warn($"once {Count()}");
        Assert.Equal(1, evaluated);
        var line = Assert.Single(harness.Lines());
        Assert.Equal(1, line.GetProperty("count").GetInt32());
        Assert.Equal("Warning", line.GetProperty("level").GetString());
    }

    [Fact]
    public void Every_level_and_the_exception_overloads_write_their_level()
    {
        // The twelve generated methods (InterpolatedLoggingTemplate): each level without and with an exception.
        using var harness = LogHarness.Local(env: ("POWERTOOLS_LOG_LEVEL", "Trace"));
        var error = new InvalidOperationException("bad");
        int n = 1;
        harness.Logger.Trace($"t {n}");
        harness.Logger.Trace(error, $"t {n}");
        harness.Logger.Debug($"d {n}");
        harness.Logger.Debug(error, $"d {n}");
        harness.Logger.Info($"i {n}");
        harness.Logger.Info(error, $"i {n}");
        harness.Logger.Warn($"w {n}");
        harness.Logger.Warn(error, $"w {n}");
        harness.Logger.Error($"e {n}");
        harness.Logger.Error(error, $"e {n}");
        harness.Logger.Critical($"c {n}");
        harness.Logger.Critical(error, $"c {n}");
        var lines = harness.Lines();
        string[] levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];
        Assert.Equal(levels.SelectMany(l => new[] { l, l }), lines.Select(l => l.GetProperty("level").GetString()!));
        for (int i = 0; i < lines.Count; i++)
        {
            Assert.Equal(i % 2 == 1, lines[i].TryGetProperty("exception", out _));
            Assert.Equal(1, lines[i].GetProperty("n").GetInt32());
        }

        Assert.Equal("System.InvalidOperationException", lines[9].GetProperty("exception").GetProperty("type").GetString());
    }

    [Fact]
    public void Other_providers_receive_the_rendered_message()
    {
        var provider = new CapturingProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var logger = factory.CreateLogger("x");
        var name = "Ada";
        logger.Info($"hello {name}");
        Assert.Equal("hello Ada", Assert.Single(provider.Messages));
    }

    [Fact]
    public void The_interpolated_path_allocates_nothing_per_call_once_warm()
    {
        using var harness = LogHarness.Local();
        var stdout = ((TelemetryRuntime)harness.Telemetry.Services.GetService(typeof(TelemetryRuntime))!).Stdout;
        var name = "Ada";
        int count = 3;
        double elapsed = 1.5;

        // Same thread throughout (no await): the per-thread buffers warmed here are the ones measured below.
        for (int i = 0; i < 2000; i++)
        {
            harness.Logger.Info($"Customer {name} checked out {count} items in {elapsed} ms");
            if (i % 100 == 99)
            {
                stdout.Flush();
            }
        }

        // Fewer bytes than calls means nothing is allocated per call (a one-off may remain). Stdout is drained every 100
        // lines so that the shared output buffer never has to grow (its growth is the output pipeline's, not the call's).
        const int Calls = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            harness.Logger.Info($"Customer {name} checked out {count} items in {elapsed} ms");
            if (i % 100 == 99)
            {
                stdout.Flush();
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, Calls - 1);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            harness.Logger.Debug($"disabled {name} {count}");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capturing(this);

        public void Dispose()
        {
        }

        private sealed class Capturing(CapturingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Add(formatter(state, exception));
        }
    }
}
