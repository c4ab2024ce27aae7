using System.Globalization;
using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Otlp;
using MatCarv.Observability.Tracing.Sampling;
using MatCarv.Observability.Tracing.Transport;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tracing;

/// <summary>
/// The tracing settings resolved once from <see cref="MatCarvTracingOptions"/> and the environment. Building it validates
/// every setting; <see cref="TracingOptionsValidation"/> reports the same errors at start-up.
/// </summary>
internal sealed class TracingSettings
{
    private readonly string[] _exactSources;
    private readonly string[] _prefixSources;

    public TracingSettings(IOptions<MatCarvTracingOptions> options, TelemetryRuntime runtime)
        : this(options.Value, runtime)
    {
    }

    /// <param name="options">The options.</param>
    /// <param name="runtime">The shared runtime.</param>
    /// <param name="daemonOnly">
    /// True for the export stage used by another tracer (<see cref="XRaySegmentExporter"/>): documents always go to the daemon, so
    /// the OTLP options and <c>OTEL_TRACES_EXPORTER</c>/<c>OTEL_EXPORTER_OTLP_*</c> (which configure that tracer's own OTLP
    /// exporter) are neither read nor validated.
    /// </param>
    public TracingSettings(MatCarvTracingOptions options, TelemetryRuntime runtime, bool daemonOnly = false)
    {
        var errors = Validate(options, runtime, out var address, out var sampler, out var otlp, daemonOnly);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(MatCarvTracingOptions), typeof(MatCarvTracingOptions), errors);
        }

        Runtime = runtime;
        var env = runtime.Environment;
        Enabled = options.Enabled ?? !env.GetBool(EnvironmentVariables.TraceDisabled, false);
        CaptureResponse = options.CaptureResponse ?? env.GetBool(EnvironmentVariables.TracerCaptureResponse, true);
        CaptureError = options.CaptureError ?? env.GetBool(EnvironmentVariables.TracerCaptureError, true);
        DaemonAddress = address!;
        Sampler = sampler!;
        SamplingMode = options.SamplingMode;
        Destination = daemonOnly ? TraceDestination.XRayDaemon : OtlpSettings.ResolveDestination(options, env);
        OtlpExport = otlp;
        OpenTelemetrySendsToXRay = Coexistence.DoubleExportCheck.OpenTelemetrySendsToXRay(env);
        LogGroups = new CloudWatchLogs.LogGroupDiscovery(runtime);
        SegmentName = XRayNames.SanitizeName(options.SegmentName ?? runtime.Identity.Name);
        UseXRayTraceIds = options.UseXRayTraceIds;
        PropagateXRayHeader = options.PropagateXRayHeader;
        QueueCapacity = options.QueueCapacity;
        AnnotationTags = options.AnnotationTags.ToHashSet(StringComparer.Ordinal);
        IsLambda = runtime.Execution.IsLambda;
        CentralizedSampling = options.CentralizedSampling && !IsLambda;
        Hostname = env.Get(EnvironmentVariables.Hostname);
        Ec2InstanceId = env.Get(EnvironmentVariables.Ec2InstanceIdHint);
        HandlerName = env.Get(EnvironmentVariables.LambdaHandler) ?? runtime.Execution.FunctionName ?? "handler";

        var exact = new List<string> { runtime.Identity.Name };
        var prefixes = new List<string>();
        if (options.TraceHttpClient)
        {
            exact.Add("System.Net.Http");
        }

        if (options.TraceAspNetCore)
        {
            exact.Add("Microsoft.AspNetCore");
        }

        if (options.TraceAwsSdk)
        {
            prefixes.Add("AWSSDK.");
            prefixes.Add("Amazon.AWS");
        }

        foreach (var source in options.Sources)
        {
            if (source.EndsWith('*'))
            {
                prefixes.Add(source[..^1]);
            }
            else
            {
                exact.Add(source);
            }
        }

        _exactSources = exact.Distinct(StringComparer.Ordinal).ToArray();
        _prefixSources = prefixes.Distinct(StringComparer.Ordinal).ToArray();
    }

    private int _activeInvocations;

    public TelemetryRuntime Runtime { get; }

    /// <summary>
    /// Whether a Lambda invocation of this pipeline is in progress somewhere: only then is <see cref="InvocationContext.Current"/>
    /// (an async-local read) consulted when a new trace starts.
    /// </summary>
    public bool InvocationsInProgress => Volatile.Read(ref _activeInvocations) > 0;

    public void InvocationStarted() => Interlocked.Increment(ref _activeInvocations);

    public void InvocationEnded() => Interlocked.Decrement(ref _activeInvocations);

    public bool Enabled { get; }

    public bool CaptureResponse { get; }

    public bool CaptureError { get; }

    public DaemonAddress DaemonAddress { get; }

    public LocalSampler Sampler { get; }

    /// <summary>The CloudWatch Logs groups of this process (segments' <c>aws.cloudwatch_logs</c>, the OTLP resource).</summary>
    public CloudWatchLogs.LogGroupDiscovery LogGroups { get; }

    /// <summary>Where spans go: the X-Ray daemon (UDP) or an OTLP endpoint.</summary>
    public TraceDestination Destination { get; }

    /// <summary>The OTLP exporter's settings when <see cref="Destination"/> is an OTLP one, else null.</summary>
    public OtlpSettings? OtlpExport { get; }

    /// <summary>Why the OpenTelemetry environment variables say an OpenTelemetry SDK sends traces to X-Ray, or null (double-export check).</summary>
    public string? OpenTelemetrySendsToXRay { get; }

    /// <summary>Who decides what X-Ray receives: our rules (default) or whatever any listener recorded.</summary>
    public XRaySamplingMode SamplingMode { get; }

    /// <summary>The name of segments (local roots outside Lambda), already sanitised.</summary>
    public string SegmentName { get; }

    public bool UseXRayTraceIds { get; }

    public bool PropagateXRayHeader { get; }

    public int QueueCapacity { get; }

    public HashSet<string> AnnotationTags { get; }

    public bool IsLambda { get; }

    /// <summary>Whether the daemon's centralized sampling rules are polled (never in Lambda).</summary>
    public bool CentralizedSampling { get; }

    public string? Hostname { get; }

    public string? Ec2InstanceId { get; }

    /// <summary>Lambda: the handler's name (<c>_HANDLER</c>), used for the handler subsegment <c>## name</c> as Powertools does.</summary>
    public string HandlerName { get; }

    /// <summary>Whether activities of a source with this name are exported (besides the SDK's own source instance).</summary>
    public bool ListensTo(string sourceName)
    {
        foreach (var name in _exactSources)
        {
            if (string.Equals(name, sourceName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var prefix in _prefixSources)
        {
            if (sourceName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every configuration error, each naming the setting and the fix.</summary>
    public static List<string> Validate(MatCarvTracingOptions options, TelemetryRuntime runtime, out DaemonAddress? address, out LocalSampler? sampler, out OtlpSettings? otlp, bool daemonOnly = false)
    {
        var errors = new List<string>();
        sampler = null;
        otlp = null;
        if (daemonOnly)
        {
            // The daemon is the only destination: nothing to resolve.
        }
        else if (options.Destination is { } chosen && !Enum.IsDefined(chosen))
        {
            errors.Add("MatCarv:Tracing:Destination (MatCarvTracingOptions.Destination) is " + ((int)chosen).ToString(CultureInfo.InvariantCulture) + "; use TraceDestination.XRayDaemon, Otlp or XRayOtlp.");
        }
        else if (OtlpSettings.ResolveDestination(options, runtime.Environment) is var destination && destination != TraceDestination.XRayDaemon)
        {
            otlp = OtlpSettings.Resolve(options, destination, runtime.Environment, runtime.Identity.Region, errors);
        }

        var fromEnvironment = options.DaemonAddress is null;
        var addressText = options.DaemonAddress ?? runtime.Environment.Get(EnvironmentVariables.XRayDaemonAddress) ?? Transport.DaemonAddress.Default;
        if (!Transport.DaemonAddress.TryParse(addressText, out address))
        {
            errors.Add((fromEnvironment ? EnvironmentVariables.XRayDaemonAddress : "MatCarv:Tracing:DaemonAddress (MatCarvTracingOptions.DaemonAddress)")
                + " is '" + addressText + "', which is not an X-Ray daemon address. Use 'host:port' (for example 127.0.0.1:2000) or 'tcp:host:port udp:host:port'.");
        }

        if (!Enum.IsDefined(options.SamplingMode))
        {
            errors.Add("MatCarv:Tracing:SamplingMode (MatCarvTracingOptions.SamplingMode) is " + ((int)options.SamplingMode).ToString(CultureInfo.InvariantCulture) + "; use XRaySamplingMode.OwnRules or XRaySamplingMode.FollowRecorded.");
        }

        if (options.QueueCapacity < 16 || options.QueueCapacity > 1 << 20)
        {
            errors.Add("MatCarv:Tracing:QueueCapacity (MatCarvTracingOptions.QueueCapacity) is " + options.QueueCapacity.ToString(CultureInfo.InvariantCulture) + "; use a value from 16 to 1048576.");
        }

        if (options.SamplingRulesFile is { } file)
        {
            string? json = null;
            try
            {
                json = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                errors.Add("MatCarv:Tracing:SamplingRulesFile (MatCarvTracingOptions.SamplingRulesFile) '" + file + "' cannot be read (" + ex.Message + "). Point it at an X-Ray sampling rules JSON file or remove the setting.");
            }

            if (json is not null && !LocalSampler.TryParse(json, runtime.Time, out sampler, out var error))
            {
                errors.Add("MatCarv:Tracing:SamplingRulesFile (MatCarvTracingOptions.SamplingRulesFile) '" + file + "' is not a valid X-Ray sampling rules document: " + error + ".");
            }
        }
        else if (options.SamplingFixedTarget < 0 || double.IsNaN(options.SamplingRate) || options.SamplingRate < 0 || options.SamplingRate > 1)
        {
            errors.Add("MatCarv:Tracing:SamplingFixedTarget (MatCarvTracingOptions.SamplingFixedTarget) must be >= 0 and SamplingRate between 0 and 1 (they are "
                + options.SamplingFixedTarget.ToString(CultureInfo.InvariantCulture) + " and " + options.SamplingRate.ToString(CultureInfo.InvariantCulture) + ").");
        }
        else
        {
            sampler = new LocalSampler([], new SamplingRule("default", "*", "*", "*", options.SamplingFixedTarget, options.SamplingRate), runtime.Time);
        }

        return errors;
    }
}
