using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// Decides whether a new trace (a root activity) is recorded, with X-Ray local sampling rules: the first rule that matches
/// (in file order) applies, else the default rule. The default default is X-Ray's: 1 trace per second, then 5 %.
/// Only roots are decided here; children follow their parent's decision.
/// </summary>
internal sealed class LocalSampler
{
    private readonly SamplingRule[] _rules;
    private readonly SamplingRule _default;
    private readonly TimeProvider _time;
    private readonly bool _needsAttributes;

    public LocalSampler(IReadOnlyList<SamplingRule> rules, SamplingRule defaultRule, TimeProvider time)
    {
        _rules = rules.ToArray();
        _default = defaultRule;
        _time = time;
        _needsAttributes = _rules.Any(r => !r.MatchesAll);
    }

    public IReadOnlyList<SamplingRule> Rules => _rules;

    public SamplingRule Default => _default;

    public bool ShouldSample(in ActivityCreationOptions<ActivityContext> options)
    {
        if (_rules.Length == 0)
        {
            return _default.Sample(this);
        }

        var request = _needsAttributes ? RequestAttributes.From(options) : default;
        foreach (var rule in _rules)
        {
            if (rule.Matches(request.Host, request.Method, request.Path))
            {
                return rule.Sample(this);
            }
        }

        return _default.Sample(this);
    }

    /// <summary>
    /// The current second for reservoirs. With the system clock, <see cref="Environment.TickCount64"/> (a few nanoseconds, and
    /// a millisecond-grained clock is enough to count per second) instead of a high-resolution timestamp; any other
    /// <see cref="TimeProvider"/> (tests) is asked directly.
    /// </summary>
    public long CurrentSecond() => ReferenceEquals(_time, TimeProvider.System)
        ? Environment.TickCount64 / 1000
        : _time.GetTimestamp() / _time.TimestampFrequency;

    /// <summary>
    /// Parses an X-Ray local sampling rules document (version 1 with <c>service_name</c> or version 2 with <c>host</c>).
    /// Returns an error message naming the problem instead of throwing.
    /// </summary>
    public static bool TryParse(string json, TimeProvider time, out LocalSampler? sampler, out string? error)
    {
        sampler = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the document must be a JSON object";
                return false;
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() is not (1 or 2))
            {
                error = "\"version\" must be 1 or 2";
                return false;
            }

            if (!root.TryGetProperty("default", out var defaultElement))
            {
                error = "a \"default\" rule with \"fixed_target\" and \"rate\" is required";
                return false;
            }

            if (!TryReadRule(defaultElement, isDefault: true, 0, out var defaultRule, out error))
            {
                return false;
            }

            var rules = new List<SamplingRule>();
            if (root.TryGetProperty("rules", out var rulesElement))
            {
                if (rulesElement.ValueKind != JsonValueKind.Array)
                {
                    error = "\"rules\" must be an array";
                    return false;
                }

                int index = 0;
                foreach (var element in rulesElement.EnumerateArray())
                {
                    if (!TryReadRule(element, isDefault: false, index++, out var rule, out error))
                    {
                        return false;
                    }

                    rules.Add(rule!);
                }
            }

            sampler = new LocalSampler(rules, defaultRule!, time);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = "not valid JSON: " + ex.Message;
            return false;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static bool TryReadRule(JsonElement element, bool isDefault, int index, out SamplingRule? rule, out string? error)
    {
        rule = null;
        var where = isDefault ? "the default rule" : "rule " + index.ToString(CultureInfo.InvariantCulture);
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = where + " must be an object";
            return false;
        }

        if (!element.TryGetProperty("fixed_target", out var fixedTarget) || fixedTarget.ValueKind != JsonValueKind.Number
            || !fixedTarget.TryGetInt32(out var target) || target < 0)
        {
            error = where + ": \"fixed_target\" must be a non-negative integer";
            return false;
        }

        double rate = element.TryGetProperty("rate", out var rateElement) && rateElement.ValueKind == JsonValueKind.Number ? rateElement.GetDouble() : double.NaN;
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            error = where + ": \"rate\" must be a number between 0 and 1";
            return false;
        }

        string Text(string name)
        {
            return element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "*" : "*";
        }

        var host = element.TryGetProperty("host", out _) ? Text("host") : Text("service_name");
        rule = new SamplingRule(Text("description"), host, Text("http_method"), Text("url_path"), target, rate);
        error = null;
        return true;
    }
}
