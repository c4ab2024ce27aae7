using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>
/// A PutEvents endpoint on 127.0.0.1 (Kestrel, port 0) that speaks awsJson1.1 as the EventBridge API reference documents it:
/// checks the target, content type and SigV4 signature (independent implementation), validates entries (1–10, Source,
/// DetailType, Detail as a JSON object string, total size under 256 KiB by the documented formula) and answers with one
/// result per entry. Scripted behaviours make the next requests throttle, fail, fail single entries or stall.
/// </summary>
internal sealed class FakeEventBridge : IAsyncDisposable
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "TOKEN-123";
    public const string Region = "eu-west-1";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<Request, Task<Response?>>> _script = new();
    private readonly object _gate = new();
    private readonly List<Request> _requests = new();
    private readonly List<JsonElement> _accepted = new();
    private int _concurrent;
    private int _maxConcurrent;

    private FakeEventBridge(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public string? ExpectedSessionToken { get; set; } = SessionToken;

    public IReadOnlyList<Request> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>The <c>detail</c> objects of every accepted entry, in acceptance order.</summary>
    public IReadOnlyList<JsonElement> Accepted
    {
        get
        {
            lock (_gate)
            {
                return _accepted.ToArray();
            }
        }
    }

    public int SignatureFailures { get; private set; }

    /// <summary>The most requests the fake was handling at the same time.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxConcurrent);

    /// <summary>Answers every request while set and the script is empty (a throttling storm, an outage); null answers normally.</summary>
    public Func<Request, Task<Response?>>? Always { get; set; }

    /// <summary>A marker answer: the fake drops the connection without answering (the client sees a reset).</summary>
    public static Response Abort { get; } = new(HttpStatusCode.ServiceUnavailable, "abort");

    public static async Task<FakeEventBridge> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEventBridge(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address + "/");
        return fake;
    }

    /// <summary>Scripts the next request's answer; null from the behaviour means "answer normally".</summary>
    public void Next(Func<Request, Task<Response?>> behaviour) => _script.Enqueue(behaviour);

    public void NextThrottle() => Next(_ => Task.FromResult<Response?>(Response.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded")));

    public void NextServerError() => Next(_ => Task.FromResult<Response?>(Response.Error(HttpStatusCode.InternalServerError, "InternalException", "Internal error")));

    /// <summary>Drops the next request's connection without an answer (a failed request: reset, load balancer hiccup).</summary>
    public void NextAbort() => Next(_ => Task.FromResult<Response?>(Abort));

    /// <summary>Fails the entries at <paramref name="indexes"/> with <paramref name="code"/>, accepts the rest.</summary>
    public void NextFailEntries(string code, params int[] indexes) => Next(request => Task.FromResult<Response?>(Response.Partial(request, indexes, code)));

    /// <summary>Holds the next request until <paramref name="release"/> completes, then answers normally (unless the client gave up).</summary>
    public void NextStall(Task release) => Next(async _ =>
    {
        await release;
        return null;
    });

    /// <summary>Forgets every recorded request and accepted entry (one server for many property-test cases).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _accepted.Clear();
        }

        _script.Clear();
    }

    public async Task<bool> WaitForAcceptedAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (Accepted.Count >= count)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return Accepted.Count >= count;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _concurrent);
        int max;
        while (now > (max = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, now, max) != max)
        {
        }

        try
        {
            await HandleCoreAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        using var ms = new MemoryStream();
        await context.Request.Body.CopyToAsync(ms);
        var body = ms.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new Request(context.Request.Method, context.Request.Path.Value ?? "/", headers, body);
        lock (_gate)
        {
            _requests.Add(request);
        }

        var answer = Check(request);
        if (answer is null && _script.TryDequeue(out var behaviour))
        {
            answer = await behaviour(request);
        }
        else if (answer is null && Always is { } always)
        {
            answer = await always(request);
        }

        if (ReferenceEquals(answer, Abort))
        {
            context.Abort();
            return;
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client gave up (timeout): nothing was accepted.
        }

        answer ??= Accept(request);
        if (answer.Failed is { } failedIndexes)
        {
            answer = AcceptPartial(request, failedIndexes, answer.Code!);
        }
        context.Response.StatusCode = (int)answer.Status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer.Body));
    }

    private Response? Check(Request request)
    {
        if (request.Method != "POST" || request.Path != "/")
        {
            return Response.Error(HttpStatusCode.NotFound, "UnknownOperationException", "POST / expected");
        }

        if (request.Header("x-amz-target") != "AWSEvents.PutEvents")
        {
            return Response.Error(HttpStatusCode.BadRequest, "UnknownOperationException", "X-Amz-Target must be AWSEvents.PutEvents");
        }

        if (request.Header("content-type") != "application/x-amz-json-1.1")
        {
            return Response.Error(HttpStatusCode.BadRequest, "SerializationException", "Content-Type must be application/x-amz-json-1.1");
        }

        var signatureProblem = VerifySignature(request);
        if (signatureProblem is not null)
        {
            SignatureFailures++;
            return Response.Error(HttpStatusCode.Forbidden, "InvalidSignatureException", signatureProblem);
        }

        using var document = JsonDocument.Parse(request.Body);
        if (!document.RootElement.TryGetProperty("Entries", out var entries) || entries.ValueKind != JsonValueKind.Array
            || entries.GetArrayLength() is < 1 or > 10)
        {
            return Response.Error(HttpStatusCode.BadRequest, "ValidationException", "Entries must hold 1 to 10 items");
        }

        long size = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var source = entry.GetProperty("Source").GetString()!;
            var detailType = entry.GetProperty("DetailType").GetString()!;
            var detail = entry.GetProperty("Detail").GetString()!;
            if (source.StartsWith("aws.", StringComparison.Ordinal))
            {
                return Response.Error(HttpStatusCode.BadRequest, "ValidationException", "Source aws.* is reserved");
            }

            size += (entry.TryGetProperty("Time", out var time) && time.ValueKind == JsonValueKind.Number ? 14 : 0)
                + Encoding.UTF8.GetByteCount(source) + Encoding.UTF8.GetByteCount(detailType) + Encoding.UTF8.GetByteCount(detail);
            if (entry.TryGetProperty("Resources", out var resources))
            {
                size += resources.EnumerateArray().Sum(r => Encoding.UTF8.GetByteCount(r.GetString()!));
            }
        }

        return size > 256 * 1024 ? Response.Error(HttpStatusCode.BadRequest, "ValidationException", "Total size of the entries in the request is over the limit.") : null;
    }

    private string? VerifySignature(Request request)
    {
        if (!SigV4Verifier.TryParseAuthorization(request.Header("authorization"), out var credential, out var signedHeaders, out var signature))
        {
            return "Missing or malformed Authorization header";
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != AccessKey || scope[2] != Region || scope[3] != "events" || scope[4] != "aws4_request")
        {
            return $"Credential scope '{credential}' is not {AccessKey}/date/{Region}/events/aws4_request";
        }

        var amzDate = request.Header("x-amz-date");
        if (amzDate is null || amzDate[..8] != scope[1])
        {
            return "X-Amz-Date missing or not matching the credential scope";
        }

        if (Math.Abs((SigV4Verifier.ParseAmzDate(amzDate) - DateTime.UtcNow).TotalMinutes) > 15)
        {
            return "Signature expired: " + amzDate + " is now earlier than the allowed skew";
        }

        foreach (var required in new[] { "host", "x-amz-date", "x-amz-target", "content-type" })
        {
            if (!signedHeaders.Contains(required))
            {
                return $"{required} must be signed";
            }
        }

        if (ExpectedSessionToken is not null && (request.Header("x-amz-security-token") != ExpectedSessionToken || !signedHeaders.Contains("x-amz-security-token")))
        {
            return "The security token included in the request is invalid";
        }

        if (request.Header("x-amz-content-sha256") is { } declared && declared != SigV4Verifier.Hex(SHA256.HashData(request.Body)))
        {
            return "X-Amz-Content-SHA256 does not match the body";
        }

        var headerValues = new List<KeyValuePair<string, string>>();
        foreach (var name in signedHeaders)
        {
            var value = request.Header(name);
            if (value is null)
            {
                return $"Signed header {name} is missing";
            }

            headerValues.Add(new(name, value));
        }

        var expected = SigV4Verifier.ComputeSignature(request.Method, request.Path, string.Empty, headerValues, request.Body, amzDate, Region, "events", SecretKey);
        return expected == signature ? null : "The request signature we calculated does not match the signature you provided.";
    }

    private Response Accept(Request request)
    {
        using var document = JsonDocument.Parse(request.Body);
        var results = new StringBuilder("{\"FailedEntryCount\":0,\"Entries\":[");
        int i = 0;
        foreach (var entry in document.RootElement.GetProperty("Entries").EnumerateArray())
        {
            RecordAccepted(entry);
            results.Append(i++ == 0 ? string.Empty : ",").Append("{\"EventId\":\"").Append(Guid.NewGuid()).Append("\"}");
        }

        return new Response(HttpStatusCode.OK, results.Append("]}").ToString());
    }

    private Response AcceptPartial(Request request, int[] failed, string code)
    {
        using var document = JsonDocument.Parse(request.Body);
        var results = new StringBuilder();
        int i = 0;
        int failedCount = 0;
        foreach (var entry in document.RootElement.GetProperty("Entries").EnumerateArray())
        {
            results.Append(i == 0 ? string.Empty : ",");
            if (failed.Contains(i))
            {
                failedCount++;
                results.Append("{\"ErrorCode\":\"").Append(code).Append("\",\"ErrorMessage\":\"scripted failure\"}");
            }
            else
            {
                RecordAccepted(entry);
                results.Append("{\"EventId\":\"").Append(Guid.NewGuid()).Append("\"}");
            }

            i++;
        }

        return new Response(HttpStatusCode.OK, $"{{\"FailedEntryCount\":{failedCount},\"Entries\":[{results}]}}");
    }

    internal void RecordAccepted(JsonElement entry)
    {
        using var detail = JsonDocument.Parse(entry.GetProperty("Detail").GetString()!);
        lock (_gate)
        {
            _accepted.Add(detail.RootElement.Clone());
        }
    }

    internal sealed record Request(string Method, string Path, Dictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

        public JsonElement[] Entries()
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.GetProperty("Entries").EnumerateArray().Select(e => e.Clone()).ToArray();
        }

        /// <summary>The sequence numbers carried in this request's entries, in request order.</summary>
        public long[] Sequences() => Entries().Select(e =>
        {
            using var detail = JsonDocument.Parse(e.GetProperty("Detail").GetString()!);
            return detail.RootElement.GetProperty("sequence").GetInt64();
        }).ToArray();
    }

    internal sealed record Response(HttpStatusCode Status, string Body)
    {
        public List<(string Name, string Value)> Headers { get; } = new();

        public static Response Error(HttpStatusCode status, string type, string message) =>
            new(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));

        /// <summary>A 200 answer failing the given entries; the fake records the others as accepted.</summary>
        public static Response Partial(Request request, int[] failed, string code)
        {
            return new Response(HttpStatusCode.OK, string.Empty) { Failed = failed, Code = code };
        }

        public int[]? Failed { get; init; }

        public string? Code { get; init; }
    }
}
