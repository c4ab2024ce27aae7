using System.Globalization;
using System.Text.Json;
using MatCarv.Observability.Context;
using MatCarv.Observability.Metrics.Emf;
using MatCarv.Observability.Metrics.Sinks;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Metrics;

/// <summary>
/// The metrics settings after merging code options with the environment, validated once at start-up: a configuration
/// error throws here with the setting's name and the fix, never later on a caller's thread.
/// </summary>
internal sealed class MetricsSettings
{
    public const string DefaultNamespace = "default_namespace";
    public const string ColdStartMetricName = "ColdStart";
    public const string FunctionNameDimension = "function_name";
    public const int DefaultAgentQueueCapacity = 10_000;

    /// <summary>One UDP datagram holds at most 65,507 bytes of payload; keep a margin for the newline.</summary>
    public const int MaxUdpDocumentBytes = 65_000;

    private MetricsSettings()
    {
    }

    public bool Enabled { get; private init; }

    public string Namespace { get; private init; } = DefaultNamespace;

    public JsonEncodedText EncodedNamespace { get; private init; }

    /// <summary>The service dimension key, or null when none is written.</summary>
    public string? ServiceKey { get; private init; }

    public string ServiceName { get; private init; } = ServiceIdentity.UndefinedServiceName;

    public IReadOnlyList<KeyValuePair<string, string>> DefaultDimensions { get; private init; } = [];

    public bool CaptureColdStart { get; private init; }

    public string? FunctionName { get; private init; }

    public TimeSpan ExportInterval { get; private init; }

    public bool IsLambda { get; private init; }

    public bool UseAgent { get; private init; }

    public AgentEndpoint? Agent { get; private init; }

    public string? LogGroupName { get; private init; }

    public string? LogStreamName { get; private init; }

    public int AgentQueueCapacity { get; private init; }

    public int MaxDocumentBytes { get; private init; }

    public IReadOnlyList<string> MeterNames { get; private init; } = [];

    public IReadOnlyList<string> MeterPrefixes { get; private init; } = [];

    public bool AllMeters { get; private init; }

    public MeterTagPolicy TagPolicy { get; private init; }

    public IReadOnlySet<string> TagAllowList { get; private init; } = new HashSet<string>();

    public int CardinalityLimit { get; private init; }

    public int MaxValuesPerMetric { get; private init; }

    public MetricResolution MeterResolution { get; private init; }

    /// <summary>Whether the meter bridge has anything to listen to.</summary>
    public bool HasMeters => AllMeters || MeterNames.Count > 0 || MeterPrefixes.Count > 0;

    public static MetricsSettings Resolve(MatCarvMetricsOptions options, TelemetryRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        var env = runtime.Environment;
        var errors = new List<string>();

        string ns = options.Namespace ?? env.Get(EnvironmentVariables.MetricsNamespace) ?? env.Get(EnvironmentVariables.EmfNamespace)
            ?? runtime.Identity.Namespace ?? DefaultNamespace;
        if (!EmfRules.IsValidNamespace(ns))
        {
            errors.Add($"MatCarv:Metrics:Namespace (MatCarvMetricsOptions.Namespace, or POWERTOOLS_METRICS_NAMESPACE) '{ns}' is not a valid CloudWatch namespace: use 1-255 letters, digits, spaces and . _ # : / -, not starting with 'AWS/'.");
        }

        string? serviceKey = string.IsNullOrEmpty(options.ServiceDimensionKey) || !runtime.Identity.IsDefined ? null : options.ServiceDimensionKey;
        if (serviceKey is not null && !EmfRules.IsValidDimensionKey(serviceKey))
        {
            errors.Add($"MatCarv:Metrics:ServiceDimensionKey (MatCarvMetricsOptions.ServiceDimensionKey) '{serviceKey}' is not a valid dimension key: use 1-250 printable ASCII characters not starting with ':'.");
        }

        if (serviceKey is not null && !EmfRules.IsValidDimensionValue(runtime.Identity.Name))
        {
            errors.Add($"The service name (POWERTOOLS_SERVICE_NAME or MatCarv:ServiceName (MatCarvObservabilityOptions.ServiceName)) '{runtime.Identity.Name}' is not a valid dimension value: use 1-1024 printable ASCII characters.");
        }

        var defaults = new List<KeyValuePair<string, string>>();
        foreach (var pair in options.DefaultDimensions)
        {
            if (!EmfRules.IsValidDimensionKey(pair.Key) || !EmfRules.IsValidDimensionValue(pair.Value))
            {
                errors.Add($"MatCarv:Metrics:DefaultDimensions (MatCarvMetricsOptions.DefaultDimensions)['{pair.Key}'] is invalid: keys are 1-250 and values 1-1024 printable ASCII characters, not only white space.");
            }
            else if (string.Equals(pair.Key, serviceKey, StringComparison.Ordinal))
            {
                errors.Add($"MatCarv:Metrics:DefaultDimensions (MatCarvMetricsOptions.DefaultDimensions)['{pair.Key}'] repeats the service dimension: remove it or change ServiceDimensionKey.");
            }
            else
            {
                defaults.Add(new(pair.Key, pair.Value));
            }
        }

        defaults.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (defaults.Count + (serviceKey is null ? 0 : 1) > EmfRules.MaxDimensionsPerSet - 1)
        {
            errors.Add($"MatCarv:Metrics:DefaultDimensions (MatCarvMetricsOptions.DefaultDimensions) has {defaults.Count} entries: at most {EmfRules.MaxDimensionsPerSet - 2} fit with the service dimension, leaving room for one metric dimension (EMF: 30 keys per dimension set).");
        }

        string? functionName = options.FunctionName ?? env.Get(EnvironmentVariables.MetricsFunctionName);
        if (functionName is not null && !EmfRules.IsValidDimensionValue(functionName))
        {
            errors.Add($"MatCarv:Metrics:FunctionName (MatCarvMetricsOptions.FunctionName, or POWERTOOLS_METRICS_FUNCTION_NAME) '{functionName}' is not a valid dimension value.");
        }

        if (options.ExportInterval <= TimeSpan.Zero)
        {
            errors.Add("MatCarv:Metrics:ExportInterval (MatCarvMetricsOptions.ExportInterval) must be positive.");
        }

        bool isLambda = runtime.Execution.IsLambda;
        string? endpointText = options.AgentEndpoint ?? env.Get(EnvironmentVariables.EmfAgentEndpoint);
        string? emfEnvironment = env.Get(EnvironmentVariables.EmfEnvironment);
        if (emfEnvironment is not null && emfEnvironment is not ("Local" or "Lambda" or "Agent" or "EC2" or "ECS"))
        {
            errors.Add($"AWS_EMF_ENVIRONMENT '{emfEnvironment}' is not one of Local, Lambda, Agent, EC2, ECS.");
        }

        bool useAgent = options.Destination switch
        {
            MetricsDestination.Agent => true,
            MetricsDestination.Stdout => false,
            _ => emfEnvironment switch
            {
                "Agent" or "EC2" or "ECS" => true,
                "Local" or "Lambda" => false,
                _ => !isLambda && endpointText is not null,
            },
        };

        AgentEndpoint? agent = null;
        if (useAgent && !AgentEndpoint.TryParse(endpointText ?? AgentEndpoint.Default, out agent))
        {
            errors.Add($"MatCarv:Metrics:AgentEndpoint (MatCarvMetricsOptions.AgentEndpoint, or AWS_EMF_AGENT_ENDPOINT) '{endpointText}' is not an agent address: use tcp://host:port or udp://host:port, for example tcp://127.0.0.1:25888.");
        }

        string? logGroup = options.LogGroupName ?? env.Get(EnvironmentVariables.EmfLogGroupName) ?? $"{runtime.Identity.Name}-metrics";
        if (useAgent && !EmfRules.IsValidLogGroupName(logGroup))
        {
            errors.Add($"MatCarv:Metrics:LogGroupName (MatCarvMetricsOptions.LogGroupName, or AWS_EMF_LOG_GROUP_NAME) '{logGroup}' is not a log group name: use 1-512 letters, digits and _ - / . #.");
        }

        string? logStream = options.LogStreamName ?? env.Get(EnvironmentVariables.EmfLogStreamName);
        if (useAgent && logStream is not null && (logStream.Length > 512 || logStream.Contains(':', StringComparison.Ordinal) || logStream.Contains('*', StringComparison.Ordinal)))
        {
            errors.Add($"MatCarv:Metrics:LogStreamName (MatCarvMetricsOptions.LogStreamName, or AWS_EMF_LOG_STREAM_NAME) '{logStream}' is not a log stream name: at most 512 characters, no ':' or '*'.");
        }

        int queue = DefaultAgentQueueCapacity;
        if (options.AgentQueueCapacity is { } configuredQueue)
        {
            queue = configuredQueue;
        }
        else if (env.Get(EnvironmentVariables.EmfAgentBufferSize) is { } bufferText && !int.TryParse(bufferText, NumberStyles.Integer, CultureInfo.InvariantCulture, out queue))
        {
            errors.Add($"AWS_EMF_AGENT_BUFFER_SIZE '{bufferText}' is not an integer.");
        }

        if (queue < 1)
        {
            errors.Add("MatCarv:Metrics:AgentQueueCapacity (MatCarvMetricsOptions.AgentQueueCapacity, or AWS_EMF_AGENT_BUFFER_SIZE) must be at least 1.");
        }

        if (options.MaxDocumentBytes < 4096)
        {
            errors.Add("MatCarv:Metrics:MaxDocumentBytes (MatCarvMetricsOptions.MaxDocumentBytes) must be at least 4096.");
        }

        var names = new List<string>();
        var prefixes = new List<string>();
        bool all = false;
        foreach (var meter in options.Meters)
        {
            if (string.IsNullOrWhiteSpace(meter))
            {
                errors.Add("MatCarv:Metrics:Meters (MatCarvMetricsOptions.Meters) contains an empty name: use a meter name, a prefix ending with '*', or '*'.");
            }
            else if (meter == "*")
            {
                all = true;
            }
            else if (meter.EndsWith('*'))
            {
                prefixes.Add(meter[..^1]);
            }
            else
            {
                names.Add(meter);
            }
        }

        foreach (var tag in options.MeterTagAllowList)
        {
            if (!EmfRules.IsValidDimensionKey(tag))
            {
                errors.Add($"MatCarv:Metrics:MeterTagAllowList (MatCarvMetricsOptions.MeterTagAllowList) contains '{tag}', which is not a valid dimension key.");
            }
        }

        if (options.MeterTagPolicy == MeterTagPolicy.AllowList && options.MeterTagAllowList.Count == 0)
        {
            errors.Add("MatCarv:Metrics:MeterTagPolicy (MatCarvMetricsOptions.MeterTagPolicy) is AllowList but MeterTagAllowList is empty: add the tag names to keep, or use MeterTagPolicy.None.");
        }

        if (!Enum.IsDefined(options.MeterTagPolicy))
        {
            errors.Add("MatCarv:Metrics:MeterTagPolicy (MatCarvMetricsOptions.MeterTagPolicy) is not a defined value.");
        }

        if (options.MeterResolution is not (MetricResolution.Standard or MetricResolution.High))
        {
            errors.Add("MatCarv:Metrics:MeterResolution (MatCarvMetricsOptions.MeterResolution) must be Standard (60) or High (1): EMF StorageResolution accepts no other value.");
        }

        if (options.CardinalityLimit < 1)
        {
            errors.Add("MatCarv:Metrics:CardinalityLimit (MatCarvMetricsOptions.CardinalityLimit) must be at least 1.");
        }

        if (options.MaxValuesPerMetric < 0)
        {
            errors.Add("MatCarv:Metrics:MaxValuesPerMetric (MatCarvMetricsOptions.MaxValuesPerMetric) must be 0 or more.");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(MatCarvMetricsOptions), typeof(MatCarvMetricsOptions), errors);
        }

        return new MetricsSettings
        {
            Enabled = options.Enabled ?? !env.GetBool(EnvironmentVariables.MetricsDisabled, false),
            Namespace = ns,
            EncodedNamespace = JsonEncodedText.Encode(ns),
            ServiceKey = serviceKey,
            ServiceName = runtime.Identity.Name,
            DefaultDimensions = defaults,
            CaptureColdStart = options.CaptureColdStart,
            FunctionName = functionName,
            ExportInterval = options.ExportInterval,
            IsLambda = isLambda,
            UseAgent = useAgent,
            Agent = agent,
            LogGroupName = useAgent ? logGroup : null,
            LogStreamName = useAgent ? logStream : null,
            AgentQueueCapacity = queue,
            MaxDocumentBytes = useAgent && agent is { IsTcp: false } ? Math.Min(options.MaxDocumentBytes, MaxUdpDocumentBytes) : options.MaxDocumentBytes,
            MeterNames = names,
            MeterPrefixes = prefixes,
            AllMeters = all,
            TagPolicy = options.MeterTagPolicy,
            TagAllowList = new HashSet<string>(options.MeterTagAllowList, StringComparer.Ordinal),
            CardinalityLimit = options.CardinalityLimit,
            MaxValuesPerMetric = options.MaxValuesPerMetric,
            MeterResolution = options.MeterResolution,
        };
    }

    /// <summary>Whether a meter is selected by <see cref="MatCarvMetricsOptions.Meters"/>.</summary>
    public bool IsMeterSelected(string meterName)
    {
        if (AllMeters)
        {
            return true;
        }

        foreach (var name in MeterNames)
        {
            if (string.Equals(name, meterName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var prefix in MeterPrefixes)
        {
            if (meterName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
