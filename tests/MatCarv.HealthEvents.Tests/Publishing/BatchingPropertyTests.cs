using System.Text;
using System.Text.Json;
using CsCheck;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.HealthEvents.Tests.Transport;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Publishing;

/// <summary>Batching through the real sender and a real endpoint, for arbitrary event sizes and byte budgets.</summary>
public sealed class BatchingPropertyTests
{
    private static int FormulaSize(JsonElement entry) =>
        14 + Encoding.UTF8.GetByteCount(entry.GetProperty("Source").GetString()!)
        + Encoding.UTF8.GetByteCount(entry.GetProperty("DetailType").GetString()!)
        + Encoding.UTF8.GetByteCount(entry.GetProperty("Detail").GetString()!);

    [Fact]
    public async Task Requests_hold_at_most_10_entries_within_the_byte_budget_greedily_and_in_order()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var cases = Gen.Select(Gen.Int[1024, 8192], Gen.Int[0, 3000].Array[1, 40]);
        await cases.SampleAsync(async tuple =>
        {
            var (budget, reasonLengths) = tuple;
            server.Reset();
            var gate = new TaskCompletionSource();
            server.NextStall(gate.Task);
            await using var stack = TestStack.Create(TestStack.ForServer(server, o =>
            {
                o.MaxRequestBytes = budget;
                o.MaxConcurrentRequests = 1; // one request at a time, so that batches are cut from a full queue
            }));

            // The first event is held by the endpoint so that the rest queue up and are batched from a full queue.
            stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Healthy, "first"));
            await EventBridgeDeliveryTests.WaitUntil(() => server.Requests.Count == 1);
            foreach (var length in reasonLengths)
            {
                stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Degraded, new string('é', length)));
            }

            gate.SetResult();
            await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(20));

            var requests = server.Requests.Skip(1).Select(r => r.Entries()).ToArray();
            var sent = requests.SelectMany(r => r).ToArray();
            var tooLarge = stack.DropCount("health_events", "entry_too_large");
            Assert.Equal(reasonLengths.Length, sent.Length + tooLarge);
            foreach (var request in requests)
            {
                Assert.InRange(request.Length, 1, 10);
                Assert.True(request.Sum(FormulaSize) <= budget);
            }

            // Greedy: a request was closed only because it was full or the next entry would not fit.
            for (int i = 0; i + 1 < requests.Length; i++)
            {
                Assert.True(requests[i].Length == 10 || requests[i].Sum(FormulaSize) + FormulaSize(requests[i + 1][0]) > budget);
            }

            var sequences = server.Requests.Skip(1).SelectMany(r => r.Sequences()).ToArray();
            Assert.Equal(sequences.Order(), sequences);
            Assert.Equal(server.Accepted.Count, server.Accepted.Select(d => d.GetProperty("dedupKey").GetString()).Distinct().Count());
        }, iter: 25, threads: 1);
    }
}
