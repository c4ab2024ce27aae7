using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class XRayExporterTests
{
    [Fact]
    public async Task Local_root_arrives_as_a_segment_with_its_children_nested_and_valid_against_the_schema()
    {
        await using var harness = new TracingHarness();
        Activity root, client, inner;
        using (root = harness.Source.StartActivity("GET /orders/{id}", ActivityKind.Server)!)
        {
            root.SetTag("http.request.method", "GET");
            root.SetTag("url.scheme", "https");
            root.SetTag("server.address", "api.example.com");
            root.SetTag("url.path", "/orders/42");
            root.SetTag("user_agent.original", "curl/8");
            root.SetTag("client.address", "10.0.0.1");
            root.SetTag("http.response.status_code", 200);
            root.SetTag("http.route", "/orders/{id}");
            using (client = harness.Source.StartActivity("GET", ActivityKind.Client)!)
            {
                client.SetTag("http.request.method", "GET");
                client.SetTag("url.full", "https://inventory.internal/stock/42");
                client.SetTag("server.address", "inventory.internal");
                client.SetTag("http.response.status_code", 404);
            }

            using (inner = harness.Source.StartActivity("compute-price")!)
            {
                inner.SetTag("price.currency", "EUR");
            }
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([root.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var segment = Assert.Single(datagrams, d => d.Id == root.SpanId.ToHexString()).Body;

        Assert.False(segment.TryGetProperty("type", out _));
        Assert.Equal("orders", segment.GetProperty("name").GetString());
        Assert.Equal(XRayTraceId.Format(root.TraceId), segment.GetProperty("trace_id").GetString());
        Assert.False(segment.TryGetProperty("parent_id", out _));
        AssertTimes(root, segment);
        var request = segment.GetProperty("http").GetProperty("request");
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal("https://api.example.com/orders/42", request.GetProperty("url").GetString());
        Assert.Equal("curl/8", request.GetProperty("user_agent").GetString());
        Assert.Equal("10.0.0.1", request.GetProperty("client_ip").GetString());
        Assert.Equal(200, segment.GetProperty("http").GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal("/orders/{id}", segment.GetProperty("metadata").GetProperty("default").GetProperty("http.route").GetString());
        Assert.Equal("MatCarv.Observability for .NET", segment.GetProperty("aws").GetProperty("xray").GetProperty("sdk").GetString());

        var children = segment.GetProperty("subsegments").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal(2, children.Count);
        var remote = children[client.SpanId.ToHexString()];
        Assert.Equal("inventory.internal", remote.GetProperty("name").GetString());
        Assert.Equal("remote", remote.GetProperty("namespace").GetString());
        Assert.True(remote.GetProperty("error").GetBoolean());
        Assert.False(remote.TryGetProperty("fault", out _));
        Assert.Equal("https://inventory.internal/stock/42", remote.GetProperty("http").GetProperty("request").GetProperty("url").GetString());
        AssertTimes(client, remote);
        var local = children[inner.SpanId.ToHexString()];
        Assert.Equal("compute-price", local.GetProperty("name").GetString());
        Assert.False(local.TryGetProperty("namespace", out _));
        Assert.Equal("EUR", local.GetProperty("metadata").GetProperty("default").GetProperty("price.currency").GetString());
        AssertTimes(inner, local);

        // Children lie within their parent.
        foreach (var child in children.Values)
        {
            Assert.True(child.GetProperty("start_time").GetDouble() >= segment.GetProperty("start_time").GetDouble());
            Assert.True(child.GetProperty("end_time").GetDouble() <= segment.GetProperty("end_time").GetDouble());
        }
    }

    [Fact]
    public async Task Status_codes_and_error_status_become_error_throttle_and_fault()
    {
        await using var harness = new TracingHarness();
        var spans = new Dictionary<string, Activity>();
        Activity root;
        using (root = harness.Source.StartActivity("batch")!)
        {
            foreach (var (name, status) in new[] { ("not-found", 404), ("throttled", 429), ("unavailable", 503), ("ok", 200) })
            {
                using var span = harness.Source.StartActivity(name, ActivityKind.Client)!;
                span.SetTag("http.request.method", "POST");
                span.SetTag("http.response.status_code", status);
                spans[name] = span;
            }

            using var failed = harness.Source.StartActivity("failed")!;
            failed.SetStatus(ActivityStatusCode.Error, "database unreachable");
            spans["failed"] = failed;
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([root.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var nodes = datagrams.SelectMany(d => d.Flatten()).ToDictionary(n => n.Node.GetProperty("id").GetString()!, n => n.Node);

        static (bool Error, bool Throttle, bool Fault) Flags(JsonElement e) =>
            (e.TryGetProperty("error", out var a) && a.GetBoolean(), e.TryGetProperty("throttle", out var b) && b.GetBoolean(), e.TryGetProperty("fault", out var c) && c.GetBoolean());

        Assert.Equal((true, false, false), Flags(nodes[spans["not-found"].SpanId.ToHexString()]));
        Assert.Equal((true, true, false), Flags(nodes[spans["throttled"].SpanId.ToHexString()]));
        Assert.Equal((false, false, true), Flags(nodes[spans["unavailable"].SpanId.ToHexString()]));
        Assert.Equal((false, false, false), Flags(nodes[spans["ok"].SpanId.ToHexString()]));
        var failedNode = nodes[spans["failed"].SpanId.ToHexString()];
        Assert.Equal((false, false, true), Flags(failedNode));
        Assert.Equal("database unreachable", failedNode.GetProperty("cause").GetProperty("exceptions")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Exceptions_become_cause_with_integer_line_numbers_and_annotations_are_sanitised()
    {
        await using var harness = new TracingHarness();
        Activity activity;
        using (var span = harness.Tracer.StartSpan("charge-card"))
        {
            activity = span.Activity!;
            span.AddAnnotation("order id", "A-1")
                .AddAnnotation("items", 3L)
                .AddAnnotation("paid", true)
                .AddAnnotation("ratio", 0.5)
                .AddAnnotation("bad", double.NaN)
                .AddAnnotation("long_value", new string('x', 1500))
                .AddMetadata("payload", "{\"a\":1}");
            try
            {
                Thrower.Throw();
            }
            catch (InvalidOperationException ex)
            {
                span.CaptureError(ex);
            }
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([activity.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var segment = Assert.Single(datagrams, d => d.Id == activity.SpanId.ToHexString()).Body;

        var annotations = segment.GetProperty("annotations");
        Assert.Equal("A-1", annotations.GetProperty("order_id").GetString());
        Assert.Equal(3, annotations.GetProperty("items").GetInt32());
        Assert.True(annotations.GetProperty("paid").GetBoolean());
        Assert.Equal(0.5, annotations.GetProperty("ratio").GetDouble());
        Assert.False(annotations.TryGetProperty("bad", out _));
        Assert.Equal(1000, annotations.GetProperty("long_value").GetString()!.Length);
        Assert.True(harness.Telemetry.GetDiagnostics().GetDropCount("tracing", "invalid_annotation") >= 1);
        Assert.Equal("{\"a\":1}", segment.GetProperty("metadata").GetProperty("orders").GetProperty("payload").GetString());

        Assert.True(segment.GetProperty("fault").GetBoolean());
        var cause = segment.GetProperty("cause");
        Assert.Equal(Environment.CurrentDirectory, cause.GetProperty("working_directory").GetString());
        var exception = cause.GetProperty("exceptions")[0];
        Assert.Equal(16, exception.GetProperty("id").GetString()!.Length);
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.GetProperty("type").GetString());
        Assert.Equal("card declined", exception.GetProperty("message").GetString());
        var frames = exception.GetProperty("stack").EnumerateArray().ToList();
        var thrower = Assert.Single(frames, f => f.GetProperty("label").GetString()!.Contains(nameof(Thrower.Throw), StringComparison.Ordinal));
        if (thrower.TryGetProperty("line", out var line))
        {
            Assert.Equal(JsonValueKind.Number, line.ValueKind);
            Assert.True(line.GetInt32() > 0);
            Assert.EndsWith("XRayExporterTests.cs", thrower.GetProperty("path").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Trace_with_1000_subsegments_arrives_complete_in_datagrams_of_at_most_64_KB()
    {
        await using var harness = new TracingHarness();
        var ids = new List<string>();
        var parentOf = new Dictionary<string, string>();
        Activity root;
        using (root = harness.Source.StartActivity("import")!)
        {
            // 500 direct children, then 10 children with 50 grandchildren each: 1,010 subsegments.
            for (int i = 0; i < 500; i++)
            {
                using var child = harness.Source.StartActivity("row-" + i.ToString(CultureInfo.InvariantCulture))!;
                child.SetTag("row.index", i);
                ids.Add(child.SpanId.ToHexString());
                parentOf[child.SpanId.ToHexString()] = root.SpanId.ToHexString();
            }

            for (int i = 0; i < 10; i++)
            {
                using var batch = harness.Source.StartActivity("batch-" + i.ToString(CultureInfo.InvariantCulture))!;
                ids.Add(batch.SpanId.ToHexString());
                parentOf[batch.SpanId.ToHexString()] = root.SpanId.ToHexString();
                for (int j = 0; j < 50; j++)
                {
                    using var item = harness.Source.StartActivity("item")!;
                    item.SetTag("item.description", new string('d', 100));
                    ids.Add(item.SpanId.ToHexString());
                    parentOf[item.SpanId.ToHexString()] = batch.SpanId.ToHexString();
                }
            }
        }

        ids.Add(root.SpanId.ToHexString());
        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync(ids);
        XRaySchema.AssertDatagrams(datagrams);
        Assert.True(datagrams.Count > 1, "a trace this large cannot fit one datagram");

        var seen = new Dictionary<string, string?>();
        foreach (var datagram in datagrams.Where(d => d.Body.GetProperty("trace_id").GetString() == XRayTraceId.Format(root.TraceId)))
        {
            foreach (var (node, container) in datagram.Flatten())
            {
                var id = node.GetProperty("id").GetString()!;
                Assert.True(seen.TryAdd(id, container ?? (node.TryGetProperty("parent_id", out var p) ? p.GetString() : null)), "span " + id + " was sent twice");
                if (container is null && id != root.SpanId.ToHexString())
                {
                    Assert.True(datagram.IsSubsegmentDocument);
                    Assert.Equal(XRayTraceId.Format(root.TraceId), datagram.TraceId);
                }
            }
        }

        Assert.Equal(ids.Count, seen.Count);
        foreach (var (id, parent) in parentOf)
        {
            Assert.Equal(parent, seen[id]);
        }
    }

    [Fact]
    public async Task Oversized_metadata_is_trimmed_with_a_marker_instead_of_being_lost()
    {
        await using var harness = new TracingHarness();
        Activity activity;
        using (var span = harness.Tracer.StartSpan("upload"))
        {
            activity = span.Activity!;
            span.AddAnnotation("customer", "C-9");
            span.AddMetadata("blob", new string('z', 100_000));
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([activity.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var segment = Assert.Single(datagrams, d => d.Id == activity.SpanId.ToHexString()).Body;
        Assert.Equal("metadata", segment.GetProperty("metadata").GetProperty("matcarv").GetProperty("trimmed").GetString());
        Assert.False(segment.GetProperty("metadata").TryGetProperty("orders", out _));
        Assert.Equal("C-9", segment.GetProperty("annotations").GetProperty("customer").GetString());
        Assert.Equal(1, harness.Telemetry.GetDiagnostics().GetDropCount("tracing", "document_trimmed"));
    }

    [Fact]
    public async Task Many_concurrent_traces_each_arrive_complete_with_their_own_trace_id()
    {
        await using var harness = new TracingHarness();
        var expected = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForAsync(0, 64, async (i, _) =>
        {
            using var root = harness.Source.StartActivity("request", ActivityKind.Server)!;
            expected[root.SpanId.ToHexString()] = XRayTraceId.Format(root.TraceId);
            for (int j = 0; j < 5; j++)
            {
                await Task.Yield();
                using var child = harness.Source.StartActivity("step")!;
                expected[child.SpanId.ToHexString()] = XRayTraceId.Format(child.TraceId);
            }
        });

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync(expected.Keys.ToList());
        XRaySchema.AssertDatagrams(datagrams);
        var traceOf = new Dictionary<string, string>();
        foreach (var datagram in datagrams)
        {
            foreach (var (node, _) in datagram.Flatten())
            {
                traceOf.Add(node.GetProperty("id").GetString()!, datagram.TraceId);
            }
        }

        Assert.Equal(64 * 6, expected.Count);
        foreach (var (id, traceId) in expected)
        {
            Assert.Equal(traceId, traceOf[id]);
        }

        Assert.Equal(64, datagrams.Count(d => !d.IsSubsegmentDocument));
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_spans_and_every_accepted_span_is_sent()
    {
        await using var harness = new TracingHarness(configure: o => o.QueueCapacity = 16);
        var ids = new List<string>();
        for (int i = 0; i < 2000; i++)
        {
            using var activity = harness.Source.StartActivity("burst")!;
            ids.Add(activity.SpanId.ToHexString());
        }

        await harness.FlushAsync();
        long dropped = harness.Telemetry.GetDiagnostics().GetDropCount("tracing", "queue_full");
        Assert.True(dropped > 0, "2,000 spans in a tight loop must overflow a queue of 16");
        var received = await harness.Collector.WaitForAsync(d => d.Count >= ids.Count - dropped);
        XRaySchema.AssertDatagrams(received);
        Assert.Equal(ids.Count, received.Count + dropped);
        Assert.Equal(received.Count, harness.Exporter.DatagramsSent);
        Assert.All(received, d => Assert.Contains(d.Id, ids));
    }

    [Fact]
    public async Task A_flush_with_no_span_since_the_last_one_completes_at_once_and_one_with_a_pending_child_waits_for_it()
    {
        await using var harness = new TracingHarness();

        // Nothing ever queued: done on the caller's thread, without a round trip through the exporter's loop.
        Assert.True(harness.Exporter.FlushAsync(CancellationToken.None).IsCompletedSuccessfully);

        // A child whose root is still open is pending in the assembler: the flush must wait for the loop to send it.
        using var root = harness.Source.StartActivity("root")!;
        string childId;
        using (var child = harness.Source.StartActivity("child")!)
        {
            childId = child.SpanId.ToHexString();
        }

        await harness.Exporter.FlushAsync(CancellationToken.None);
        Assert.Single(await harness.Collector.WaitForIdsAsync([childId]));

        // Everything queued was flushed: the next flush has nothing to wait for.
        Assert.True(harness.Exporter.FlushAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Segments_on_ECS_carry_origin_and_container_and_continue_a_remote_parent()
    {
        var environment = new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "orders",
            ["ECS_CONTAINER_METADATA_URI_V4"] = "http://169.254.170.2/v4/abc",
            ["HOSTNAME"] = "ip-10-0-0-1",
            ["MATCARV_SERVICE_VERSION"] = "1.2.3",
        };
        await using var harness = new TracingHarness(environment);
        var header = XRayTraceHeader.Create(XRayTraceId.Format(XRayTraceId.NewActivityTraceId()), "53995c3f42cd8ad8", sampled: true);
        Activity activity;
        using (var span = harness.Tracer.StartSpan("consume", header, ActivityKind.Consumer))
        {
            activity = span.Activity!;
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([activity.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var segment = Assert.Single(datagrams).Body;
        Assert.Equal("AWS::ECS::Container", segment.GetProperty("origin").GetString());
        Assert.Equal("ip-10-0-0-1", segment.GetProperty("aws").GetProperty("ecs").GetProperty("container").GetString());
        Assert.Equal("1.2.3", segment.GetProperty("service").GetProperty("version").GetString());
        Assert.Equal(header.Root, segment.GetProperty("trace_id").GetString());
        Assert.Equal("53995c3f42cd8ad8", segment.GetProperty("parent_id").GetString());
        Assert.Equal("consume", segment.GetProperty("metadata").GetProperty("default").GetProperty("span_name").GetString());
    }

    [Fact]
    public async Task New_trace_ids_are_valid_XRay_trace_ids_with_the_current_epoch_second()
    {
        await using var harness = new TracingHarness();
        using var activity = harness.Source.StartActivity("anything")!;
        var xray = XRayTraceId.Format(activity.TraceId);
        Assert.True(XRayTraceId.IsValid(xray));
        var seconds = long.Parse(xray.AsSpan(2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(seconds, now - 300, now + 5);
    }

    [Fact]
    public async Task POWERTOOLS_TRACE_DISABLED_turns_the_exporter_off()
    {
        await using var harness = new TracingHarness(new Dictionary<string, string?> { ["POWERTOOLS_TRACE_DISABLED"] = "true" });
        using (var span = harness.Tracer.StartSpan("ignored"))
        {
            Assert.False(span.IsRecording);
            span.AddAnnotation("still", "safe");
        }

        using var activity = harness.Source.StartActivity("ignored-too");
        Assert.Null(activity);
        await harness.FlushAsync();
        Assert.Equal(0, harness.Exporter.DatagramsSent);
    }

    private static void AssertTimes(Activity activity, JsonElement node)
    {
        var start = (activity.StartTimeUtc - DateTime.UnixEpoch).Ticks;
        var end = start + activity.Duration.Ticks;
        Assert.Equal(start / 10, ParseMicros(node.GetProperty("start_time")));
        Assert.Equal(end / 10, ParseMicros(node.GetProperty("end_time")));
    }

    private static long ParseMicros(JsonElement time)
    {
        var text = time.GetRawText();
        var parts = text.Split('.');
        Assert.Equal(6, parts[1].Length);
        return (long.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000) + long.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    private static class Thrower
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void Throw() => throw new InvalidOperationException("card declined");
    }
}
