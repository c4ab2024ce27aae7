namespace MatCarv.HealthEvents.Transport;

/// <summary>The outcome of one PutEvents attempt.</summary>
internal sealed class PutEventsResult
{
    private PutEventsResult()
    {
    }

    /// <summary>True when the request itself failed (no entry was accepted).</summary>
    public bool RequestFailed { get; private init; }

    /// <summary>Per-entry error codes in request order (null = accepted); null when every entry was accepted or the request failed.</summary>
    public IReadOnlyList<string?>? EntryErrorCodes { get; private init; }

    /// <summary>Per-entry error messages in request order, when <see cref="EntryErrorCodes"/> is set.</summary>
    public IReadOnlyList<string?>? EntryErrorMessages { get; private init; }

    /// <summary>The request-level error code (<c>ThrottlingException</c>, <c>http_503</c>, <c>timeout</c>, <c>connection_failed</c>…).</summary>
    public string? ErrorCode { get; private init; }

    /// <summary>The request-level error message, if any.</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>Whether a request-level failure may succeed when retried.</summary>
    public bool Retryable { get; private init; }

    /// <summary>Whether a request-level failure is throttling (longer backoff, cheaper retry token).</summary>
    public bool Throttling { get; private init; }

    /// <summary>The server's <c>x-amz-retry-after</c> hint, if any.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    public static PutEventsResult AllAccepted { get; } = new();

    public static PutEventsResult PerEntry(string?[] codes, string?[] messages) => new() { EntryErrorCodes = codes, EntryErrorMessages = messages };

    public static PutEventsResult Failed(string code, string? message, bool retryable, bool throttling = false, TimeSpan? retryAfter = null) =>
        new() { RequestFailed = true, ErrorCode = code, ErrorMessage = message, Retryable = retryable, Throttling = throttling, RetryAfter = retryAfter };
}
