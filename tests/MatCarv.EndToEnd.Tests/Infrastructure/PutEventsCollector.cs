using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 that accepts EventBridge PutEvents (JSON 1.1) requests, keeps them, and answers
/// as EventBridge does: one result per entry with an EventId.
/// </summary>
internal sealed class PutEventsCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public PutEventsCollector()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new CapturedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body));

            int entries = 0;
            try
            {
                using var doc = JsonDocument.Parse(body);
                entries = doc.RootElement.TryGetProperty("Entries", out var e) ? e.GetArrayLength() : 0;
            }
            catch (JsonException)
            {
            }

            var response = new StringBuilder("{\"FailedEntryCount\":0,\"Entries\":[");
            for (int i = 0; i < entries; i++)
            {
                response.Append(i == 0 ? "" : ",").Append("{\"EventId\":\"").Append(Guid.NewGuid()).Append("\"}");
            }

            response.Append("]}");
            var bytes = Encoding.UTF8.GetBytes(response.ToString());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.AddHeader("x-amzn-RequestId", Guid.NewGuid().ToString());
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    internal sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
}
