namespace MatCarv.Observability.AspNetCore;

/// <summary>Settings of the ASP.NET Core integration (<c>WithAspNetCore</c>).</summary>
public sealed class MatCarvAspNetCoreOptions
{
    /// <summary>
    /// Tags each request's activity with the OpenTelemetry HTTP semantic conventions when the request ends (method, route,
    /// URL, status, client address…), so X-Ray request segments get their <c>http</c> block. ASP.NET Core tags its
    /// activities itself only from .NET 11; when it (or OpenTelemetry's instrumentation) already did, nothing is changed.
    /// Default true.
    /// </summary>
    public bool TagRequestActivities { get; set; } = true;

    /// <summary>
    /// Query-string parameters whose values are written as <c>REDACTED</c> in <c>url.query</c>, in addition to the ones the
    /// semantic conventions name (<c>AWSAccessKeyId</c>, <c>Signature</c>, <c>sig</c>, <c>X-Goog-Signature</c>) and any
    /// whose name contains token, password, secret, signature, credential or api key (ignoring case and separators).
    /// </summary>
    public ICollection<string> RedactedQueryParameters { get; } = new List<string>();
}
