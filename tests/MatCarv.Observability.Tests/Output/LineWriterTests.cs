using System.Text;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Output;

namespace MatCarv.Observability.Tests.Output;

public sealed class LineWriterTests
{
    [Fact]
    public void Lines_from_many_threads_arrive_whole_and_none_is_lost()
    {
        var stream = new MemoryStream();
        using (var writer = new LineWriter(stream, TimeSpan.FromMilliseconds(5), 64 * 1024 * 1024, diagnostics: null))
        {
            Parallel.For(0, 8, t =>
            {
                for (int i = 0; i < 5000; i++)
                {
                    writer.WriteLine(Encoding.UTF8.GetBytes($"{{\"thread\":{t},\"i\":{i},\"pad\":\"{new string('x', i % 50)}\"}}"));
                }
            });
        }

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8 * 5000, lines.Length);
        var seen = new HashSet<(int, int)>();
        foreach (var line in lines)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            Assert.True(seen.Add((doc.RootElement.GetProperty("thread").GetInt32(), doc.RootElement.GetProperty("i").GetInt32())));
        }
    }

    [Fact]
    public void Nothing_reaches_the_stream_before_a_flush_when_the_background_writer_is_off()
    {
        var stream = new MemoryStream();
        using var writer = new LineWriter(stream, TimeSpan.FromHours(1), 1024 * 1024, diagnostics: null, background: false);
        writer.WriteLine("{\"a\":1}"u8);
        Assert.Equal(0, stream.Length);
        writer.Flush();
        Assert.Equal("{\"a\":1}\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void A_full_buffer_drops_and_counts_instead_of_growing_without_bound()
    {
        var stream = new MemoryStream();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        using var writer = new LineWriter(stream, TimeSpan.FromHours(1), 64 * 1024, diagnostics, background: false);
        var line = new byte[1000];
        line.AsSpan().Fill((byte)'a');
        int accepted = 0;
        for (int i = 0; i < 100; i++)
        {
            accepted += writer.WriteLine(line) ? 1 : 0;
        }

        Assert.Equal(65, accepted); // 65 * 1001 bytes fit in 64 KiB
        Assert.Equal(35, writer.DroppedLines);
        Assert.Equal(35, diagnostics.GetDropCount("stdout", "buffer_full"));
    }

    [Fact]
    public void A_closed_output_never_throws_into_the_caller()
    {
        var stream = new MemoryStream();
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        using var writer = new LineWriter(stream, TimeSpan.FromHours(1), 1024 * 1024, diagnostics, background: false);
        stream.Dispose();
        Assert.True(writer.WriteLine("{}"u8));
        writer.Flush();
        Assert.Equal(1, diagnostics.GetDropCount("stdout", "write_failed"));
    }
}
