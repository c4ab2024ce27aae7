using System.Diagnostics.Metrics;
using MatCarv.Observability.Diagnostics;

namespace MatCarv.Observability.Tests.Diagnostics;

/// <summary>
/// The drop counter (<c>matcarv.telemetry.dropped</c>) is created with the first drop (cold start: a process that never drops
/// never builds the meter), and a listener started before still sees that first drop.
/// </summary>
public sealed class SelfDiagnosticsTests
{
    [Fact]
    public void The_drop_meter_is_published_with_the_first_drop_and_records_it()
    {
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        var published = new List<Instrument>();
        long observed = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Other tests' instances publish the same meter name in parallel: only instruments of this instance count.
                if (instrument.Meter.Name == SelfDiagnostics.MeterName && instrument.Name == SelfDiagnostics.DroppedCounterName)
                {
                    lock (published)
                    {
                        published.Add(instrument);
                    }

                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "signal" && (string?)tag.Value == "self-diagnostics-test")
                {
                    Interlocked.Add(ref observed, value);
                }
            }
        });
        listener.Start();
        int before;
        lock (published)
        {
            before = published.Count;
        }

        diagnostics.ReportDrop("self-diagnostics-test", "first", 3);
        diagnostics.ReportDrop("self-diagnostics-test", "second");
        diagnostics.ReportDrop("self-diagnostics-test", "first");

        Assert.Equal(4, diagnostics.GetDropCount("self-diagnostics-test", "first"));
        Assert.Equal(1, diagnostics.GetDropCount("self-diagnostics-test", "second"));
        Assert.Equal(0, diagnostics.GetDropCount("self-diagnostics-test", "third"));
        Assert.Equal(0, diagnostics.GetDropCount("other", "first"));
        Assert.Equal(5, Interlocked.Read(ref observed));
        lock (published)
        {
            Assert.True(published.Count > before);
        }

        var drops = diagnostics.Snapshot().Drops;
        Assert.Equal(["first", "second"], drops.Select(d => d.Reason));
    }

    [Fact]
    public void Without_a_drop_no_meter_is_created()
    {
        var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        Assert.Null(typeof(SelfDiagnostics).GetField("_meter", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(diagnostics));
        diagnostics.Dispose();

        // After disposal a drop is still counted, and no meter is created for it.
        diagnostics.ReportDrop("self-diagnostics-test", "late");
        Assert.Equal(1, diagnostics.GetDropCount("self-diagnostics-test", "late"));
        Assert.Null(typeof(SelfDiagnostics).GetField("_meter", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(diagnostics));
    }
}
