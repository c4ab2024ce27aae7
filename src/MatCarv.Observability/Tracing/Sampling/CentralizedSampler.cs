using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MatCarv.Observability.Context;

namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// X-Ray centralized sampling through the daemon's TCP proxy (the daemon signs and forwards): rules from
/// <c>POST /GetSamplingRules</c> every 5 minutes (+ up to 5 s jitter), quotas from <c>POST /SamplingTargets</c> every 10 s
/// (or the interval the service returns), matched by ascending priority with <c>*</c>/<c>?</c> globs. Until rules arrive,
/// when they are more than an hour old, or when no rule matches, the local rules decide. A missing daemon is quiet: one
/// notice line, then local sampling, never an exception or a retry storm (aws-xray-sdk-dotnet #80/#86).
/// Not used in Lambda, where Lambda decides.
/// </summary>
internal sealed class CentralizedSampler : IDisposable
{
    public static readonly TimeSpan RulesInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultTargetsInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RulesLifetime = TimeSpan.FromHours(1);

    private static readonly AsyncLocal<bool> Suppressed = new();

    private readonly TracingSettings _settings;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly string _clientId;
    private readonly string _serviceType;
    private readonly CancellationTokenSource _stop = new();
    private CentralizedRule[]? _rules;
    private bool _rulesNeedAttributes;
    private long _rulesFetchedAt;
    private long _lastRuleModification;
    private TimeSpan _targetsInterval = DefaultTargetsInterval;
    private int _noticeWritten;
    private Task? _loop;

    public CentralizedSampler(TracingSettings settings)
    {
        _settings = settings;
        _time = settings.Runtime.Time;
        var address = settings.DaemonAddress;
        var host = address.TcpHost.Contains(':', StringComparison.Ordinal) ? "[" + address.TcpHost + "]" : address.TcpHost;
        _baseUri = new Uri("http://" + host + ":" + address.TcpPort.ToString(CultureInfo.InvariantCulture) + "/");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        Span<byte> id = stackalloc byte[12];
        System.Security.Cryptography.RandomNumberGenerator.Fill(id);
        _clientId = Convert.ToHexString(id).ToLowerInvariant();
        _serviceType = settings.Runtime.Execution.Kind switch
        {
            ExecutionEnvironmentKind.Ecs => "AWS::ECS::Container",
            ExecutionEnvironmentKind.Eks => "AWS::EKS::Container",
            ExecutionEnvironmentKind.Ec2 => "AWS::EC2::Instance",
            _ => string.Empty,
        };
    }

    /// <summary>True on the sampler's own HTTP calls, so that they are never traced (they would sample themselves).</summary>
    public static bool IsSuppressed => Suppressed.Value;

    public IReadOnlyList<CentralizedRule>? Rules => Volatile.Read(ref _rules);

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The centralized decision for a new trace, or null when the local rules must decide.</summary>
    public bool? ShouldSample(in ActivityCreationOptions<ActivityContext> options)
    {
        var rules = Volatile.Read(ref _rules);
        if (rules is null)
        {
            return null;
        }

        long nowSeconds = _time.GetUtcNow().ToUnixTimeSeconds();
        if (nowSeconds - Volatile.Read(ref _rulesFetchedAt) > (long)RulesLifetime.TotalSeconds)
        {
            return null;
        }

        var request = _rulesNeedAttributes ? RequestAttributes.From(options) : default;

        var service = _settings.Runtime.Identity.Name;
        foreach (var rule in rules)
        {
            if (rule.Matches(service, _serviceType, request.Host, request.Method, request.Path))
            {
                return rule.Sample(nowSeconds);
            }
        }

        return null;
    }

    /// <summary>Fetches the rules once (the background loop calls it every 5 minutes). Returns false when no daemon answered.</summary>
    public async Task<bool> RefreshRulesAsync(CancellationToken cancellationToken)
    {
        using var document = await PostAsync("GetSamplingRules", "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        if (document is null || !document.RootElement.TryGetProperty("SamplingRuleRecords", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var previous = Volatile.Read(ref _rules)?.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var rules = new List<CentralizedRule>();
        foreach (var record in records.EnumerateArray())
        {
            if (!record.TryGetProperty("SamplingRule", out var r) || r.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            // Rules this client cannot evaluate are skipped: other versions, a specific resource ARN, custom attributes.
            if (Int(r, "Version") != 1 || Text(r, "ResourceARN") != "*"
                || (r.TryGetProperty("Attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object && attributes.EnumerateObject().Any()))
            {
                continue;
            }

            var rule = new CentralizedRule(
                Text(r, "RuleName"), Int(r, "Priority"), Number(r, "FixedRate"), Int(r, "ReservoirSize"),
                Text(r, "ServiceName"), Text(r, "ServiceType"), Text(r, "Host"), Text(r, "HTTPMethod"), Text(r, "URLPath"));
            // An unchanged rule keeps its object: its quota, assigned rate, reservoir and statistics survive the refresh.
            rules.Add(previous is not null && previous.TryGetValue(rule.Name, out var old) && old.HasSameDefinition(rule) ? old : rule);
        }

        rules.Sort(static (a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : string.CompareOrdinal(a.Name, b.Name));
        _rulesNeedAttributes = rules.Any(r => r.Host != "*" || r.HttpMethod != "*" || r.UrlPath != "*");
        Volatile.Write(ref _rulesFetchedAt, _time.GetUtcNow().ToUnixTimeSeconds());
        Volatile.Write(ref _rules, rules.ToArray());
        return true;
    }

    /// <summary>Reports statistics and takes the quotas and rates the service assigns. Returns false when no daemon answered.</summary>
    public async Task<bool> ReportTargetsAsync(CancellationToken cancellationToken)
    {
        var rules = Volatile.Read(ref _rules);
        if (rules is null || rules.Length == 0)
        {
            return false;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("SamplingStatisticsDocuments");
            long now = _time.GetUtcNow().ToUnixTimeSeconds();
            foreach (var rule in rules)
            {
                var (requests, sampled, borrowed) = rule.TakeStatistics();
                w.WriteStartObject();
                w.WriteString("RuleName", rule.Name);
                w.WriteString("ClientID", _clientId);
                w.WriteNumber("Timestamp", now);
                w.WriteNumber("RequestCount", requests);
                w.WriteNumber("SampledCount", sampled);
                w.WriteNumber("BorrowCount", borrowed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        using var document = await PostAsync("SamplingTargets", buffer.WrittenSpan.ToArray(), cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return false;
        }

        var root = document.RootElement;
        if (root.TryGetProperty("SamplingTargetDocuments", out var targets) && targets.ValueKind == JsonValueKind.Array)
        {
            var byName = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
            foreach (var target in targets.EnumerateArray())
            {
                if (!byName.TryGetValue(Text(target, "RuleName"), out var rule))
                {
                    continue;
                }

                if (target.TryGetProperty("FixedRate", out var rate) && rate.ValueKind == JsonValueKind.Number)
                {
                    rule.FixedRate = rate.GetDouble();
                }

                if (target.TryGetProperty("ReservoirQuota", out var quota) && quota.ValueKind == JsonValueKind.Number)
                {
                    var ttl = target.TryGetProperty("ReservoirQuotaTTL", out var t) && t.ValueKind == JsonValueKind.Number ? (long)t.GetDouble() : 0;
                    rule.SetQuota(quota.GetInt32(), ttl);
                }

                if (target.TryGetProperty("Interval", out var interval) && interval.ValueKind == JsonValueKind.Number && interval.GetInt32() > 0)
                {
                    _targetsInterval = TimeSpan.FromSeconds(interval.GetInt32());
                }
            }
        }

        if (root.TryGetProperty("LastRuleModification", out var modified) && modified.ValueKind == JsonValueKind.Number)
        {
            var value = (long)modified.GetDouble();
            if (value > _lastRuleModification)
            {
                bool first = _lastRuleModification == 0;
                _lastRuleModification = value;
                if (!first && value > Volatile.Read(ref _rulesFetchedAt))
                {
                    await RefreshRulesAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return true;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextRules = _time.GetUtcNow();
        var nextTargets = nextRules + DefaultTargetsInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                if (now >= nextRules)
                {
                    await RefreshRulesAsync(cancellationToken).ConfigureAwait(false);
                    nextRules = now + RulesInterval + TimeSpan.FromMilliseconds(Random.Shared.Next(5000));
                }

                if (now >= nextTargets)
                {
                    await ReportTargetsAsync(cancellationToken).ConfigureAwait(false);
                    nextTargets = now + _targetsInterval + TimeSpan.FromMilliseconds(Random.Shared.Next(100));
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<JsonDocument?> PostAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        bool previous = Suppressed.Value;
        Suppressed.Value = true;
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(new Uri(_baseUri, operation), content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Notice(operation + " answered " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                return null;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return JsonDocument.Parse(bytes);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or IOException or InvalidOperationException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Notice(ex.GetType().Name);
            return null;
        }
        finally
        {
            Activity.Current = current;
            Suppressed.Value = previous;
        }
    }

    private void Notice(string reason)
    {
        if (Interlocked.Exchange(ref _noticeWritten, 1) == 0)
        {
            _settings.Runtime.Diagnostics.Warn(
                "X-Ray centralized sampling: the daemon at " + _baseUri + " did not answer (" + reason + "); local sampling rules apply until it does.",
                "tracing");
        }
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "*" : "*";

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : 0;

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends with cancellation.
        }

        _stop.Dispose();
        _http.Dispose();
    }
}
