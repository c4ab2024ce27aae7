using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Output;
using MatCarv.Observability.Tests.Support;

namespace MatCarv.Observability.Tests.Output;

/// <summary>stdout that is closed, blocked or full (issue 10, items 1, 2, 4 and 10).</summary>
public sealed class LineWriterFaultTests
{
    private static byte[] Line(int i) => Encoding.UTF8.GetBytes($"{{\"i\":{i},\"pad\":\"{new string('x', 200)}\"}}");

    [Fact]
    public async Task A_closed_stdout_never_throws_and_every_lost_line_is_counted()
    {
        var stream = new ClosedConsoleStream();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        using var writer = new LineWriter(stream, TimeSpan.FromMilliseconds(5), 16 * 1024 * 1024, diagnostics);
        for (int i = 0; i < 1000; i++)
        {
            writer.WriteLine(Line(i));
        }

        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(10)));
        writer.Flush();
        for (int i = 0; i < 500; i++)
        {
            Assert.False(writer.WriteLine(Line(i))); // once broken, lines are dropped at once
        }

        Assert.Equal(1500, diagnostics.GetDropCount("stdout", "write_failed"));
        Assert.Equal(1500, writer.DroppedLines);
    }

    [Fact]
    public async Task A_flush_keeps_its_deadline_when_stdout_blocks_and_the_lines_arrive_when_the_reader_resumes()
    {
        using var pipe = new StalledPipe();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        using var writer = new LineWriter(pipe.Writer, TimeSpan.FromMilliseconds(5), 16 * 1024 * 1024, diagnostics);
        const int Count = 5000; // about 1 MB, far beyond the pipe's buffer
        for (int i = 0; i < Count; i++)
        {
            Assert.True(writer.WriteLine(Line(i)));
        }

        var watch = Stopwatch.StartNew();
        bool flushed = await writer.FlushAsync(TimeSpan.FromMilliseconds(300));
        watch.Stop();
        Assert.False(flushed);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Equal(1, writer.FlushTimeouts);

        // The caller is not blocked either while stdout is.
        watch.Restart();
        Assert.True(writer.WriteLine(Line(Count)));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        pipe.Resume();
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        var lines = await pipe.WaitForLinesAsync(Count + 1, TimeSpan.FromSeconds(10));
        Assert.Equal(Count + 1, lines.Count);
        Assert.Equal(Enumerable.Range(0, Count + 1), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("i").GetInt32()));
        Assert.Empty(diagnostics.Drops());
    }

    [Fact]
    public void Lines_still_blocked_when_the_shutdown_deadline_passes_are_counted_as_shutdown_drops_on_the_meter()
    {
        using var pipe = new StalledPipe();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        long observed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SelfDiagnostics.MeterName && instrument.Name == "matcarv.telemetry.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && (string?)tag.Value == "shutdown")
                {
                    Interlocked.Add(ref observed, value);
                }
            }
        });
        listener.Start();

        var writer = new LineWriter(pipe.Writer, TimeSpan.FromMilliseconds(5), 16 * 1024 * 1024, diagnostics, shutdownTimeout: TimeSpan.FromMilliseconds(200));
        for (int i = 0; i < 5000; i++)
        {
            writer.WriteLine(Line(i));
        }

        var watch = Stopwatch.StartNew();
        writer.Dispose();
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        long lost = diagnostics.GetDropCount("stdout", "shutdown");
        Assert.InRange(lost, 4000, 5000); // at most one pipe-full of lines got out
        Assert.Equal(lost, Interlocked.Read(ref observed));
        Assert.False(writer.WriteLine(Line(0)));
    }

    [Fact]
    public void The_warning_about_a_full_buffer_is_written_although_the_buffer_is_full()
    {
        var stream = new MemoryStream();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        using var writer = new LineWriter(stream, TimeSpan.FromHours(1), 64 * 1024, diagnostics, background: false);
        diagnostics.SetWarningSink(writer);
        int dropped = 0;
        for (int i = 0; i < 1000; i++)
        {
            dropped += writer.WriteLine(Line(i)) ? 0 : 1;
        }

        writer.Flush();
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(dropped > 500);
        var warning = Assert.Single(lines, l => l.Contains("\"level\":\"Warning\"", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(warning);
        Assert.Equal("stdout", document.RootElement.GetProperty("signal").GetString());
        Assert.Equal("buffer_full", document.RootElement.GetProperty("reason").GetString());
        Assert.Equal(dropped, diagnostics.GetDropCount("stdout", "buffer_full"));
    }

    [Fact]
    public void A_warning_that_could_not_be_written_is_announced_with_the_next_drop()
    {
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        diagnostics.ReportDrop("metrics", "invalid_value"); // no sink yet: nothing written
        var stream = new MemoryStream();
        using var writer = new LineWriter(stream, TimeSpan.FromHours(1), 64 * 1024, diagnostics, background: false);
        diagnostics.SetWarningSink(writer);
        diagnostics.ReportDrop("metrics", "invalid_value");
        writer.Flush();
        var line = Assert.Single(Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, JsonDocument.Parse(line).RootElement.GetProperty("dropped_total").GetInt64());
    }
}
