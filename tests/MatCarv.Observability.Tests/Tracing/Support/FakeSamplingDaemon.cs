using System.Collections.Concurrent;
using System.Text;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// The X-Ray daemon's TCP proxy on 127.0.0.1 (port chosen by the OS): a minimal HTTP/1.1 server (keep-alive, Content-Length
/// bodies) answering <c>POST /GetSamplingRules</c> and <c>POST /SamplingTargets</c> with the configured JSON and recording
/// every request body.
/// </summary>
public sealed class FakeSamplingDaemon : IDisposable
{
    private readonly LoopbackHttpServer _server;

    public FakeSamplingDaemon()
    {
        _server = new LoopbackHttpServer(Answer);
    }

    public int Port => _server.Port;

    public string RulesJson { get; set; } = "{\"SamplingRuleRecords\":[]}";

    public string TargetsJson { get; set; } = "{\"SamplingTargetDocuments\":[]}";

    public ConcurrentQueue<(string Path, string Body)> Requests { get; } = new();

    public void Dispose() => _server.Dispose();

    private LoopbackHttpServer.Response Answer(LoopbackHttpServer.Request request)
    {
        Requests.Enqueue((request.Path, Encoding.UTF8.GetString(request.Body)));
        var json = request.Path.EndsWith("GetSamplingRules", StringComparison.Ordinal) ? RulesJson : TargetsJson;
        return new LoopbackHttpServer.Response(200, "application/json", string.Empty, Encoding.UTF8.GetBytes(json));
    }
}
