using System.Net.Http.Headers;

namespace Shipping.Api.Observability;

public static class TelemetrySetup
{
    public const string HoneycombEndpoint = "https://api.eu1.honeycomb.io/v1/traces"; // clean
    private const string HoneycombIngestKey = "hcaik_01g5m9dgn4pgv6wre72pt480x2c1jh8dq8cneyq29mt8cl5d81gkzwmcln"; // secret(honeycomb): MCV1002|MCV1003
    private const string DatadogApiKey = "60eb3956ed170682f0268105353e4b60"; // secret(dd-api): MCV1003|MCV1002
    private const string DatadogAppKey = "570a0d13bd47446de19b06dc6b7c2c37202f8c74"; // secret(dd-app): MCV1003|MCV1002
    private const string NewRelicLicenseKey = "beb8a64ebe3fab2f916f857c7bfaf6a69122NRAL"; // secret(newrelic): MCV1002|MCV1003
    private const string NewRelicUserKey = "NRAK-90ANL93IELXA7YXIMRTYL8G76PU"; // secret(nr-user): MCV1002|MCV1003
    private const string SentryDsn = "https://8f6b784fb754cf0f9c4d0dde0884b2f3@o2814759.ingest.de.sentry.io/6131555"; // clean -- Sentry documents DSNs as safe to be public
    private const string AppInsights = "InstrumentationKey=8b2e6bbe-342e-4d75-b8a5-f7fb2299b605;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/"; // clean -- instrumentation keys are identifiers
    private const string DatadogSite = "datadoghq.eu"; // clean

    public static Dictionary<string, string> OtlpHeaders() => new()
    {
        ["x-honeycomb-team"] = HoneycombIngestKey, // same(honeycomb)
        ["x-honeycomb-dataset"] = "shipping-api", // clean
    };

    public static HttpClient NewRelicLogs()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://log-api.eu.newrelic.com/log/v1") };
        http.DefaultRequestHeaders.Add("X-License-Key", NewRelicLicenseKey); // same(newrelic)
        return http;
    }

    public static HttpClient Datadog()
    {
        var http = new HttpClient { BaseAddress = new Uri($"https://api.{DatadogSite}/") };
        http.DefaultRequestHeaders.Add("DD-API-KEY", DatadogApiKey); // same(dd-api)
        http.DefaultRequestHeaders.Add("DD-APPLICATION-KEY", DatadogAppKey); // same(dd-app)
        return http;
    }

    public static HttpClient NerdGraph()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.eu.newrelic.com/graphql") };
        http.DefaultRequestHeaders.Add("API-Key", NewRelicUserKey); // same(nr-user)
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    public static (string Dsn, string AppInsights) Public() => (SentryDsn, AppInsights);

    public static Dictionary<string, string?> CollectorEnvironment() => new()
    {
        ["DD_API_KEY"] = Environment.GetEnvironmentVariable("DD_API_KEY"), // secret: MCV1005
        ["DD_SITE"] = DatadogSite, // clean
        ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-honeycomb-team=" + Environment.GetEnvironmentVariable("HONEYCOMB_API_KEY"), // secret: MCV1005
        ["OTEL_SERVICE_NAME"] = "shipping-api", // clean
    };
}
