using System.Net;
using System.Text.Json;

namespace MatCarv.HealthEvents.Transport;

/// <summary>EventBridge/AWS error codes: how to read them from an awsJson1.1 error response, and which are worth retrying.</summary>
internal static class PutEventsErrors
{
    // AWSSDK.Core StandardRetryPolicy.ThrottlingErrorCodes (4.1.0); ThrottlingException is EventBridge's own.
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    };

    // Transient request-level errors (AWS SDK standard retry mode, EventBridge CommonErrors).
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "InternalException", "InternalFailure", "InternalServerError", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
    };

    /// <summary>PutEventsResultEntry codes that may succeed on retry (API reference); every other entry code is terminal.</summary>
    public static bool IsRetryableEntryCode(string code) => code is "InternalFailure" or "ThrottlingException";

    public static bool IsThrottling(string code) => ThrottlingCodes.Contains(code);

    public static bool IsRetryableRequest(string code, HttpStatusCode status) =>
        IsThrottling(code) || TransientCodes.Contains(code) || status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Temporary credentials expired: clear the cached ones and try again once.</summary>
    public static bool IsExpiredToken(string code) => code is "ExpiredTokenException" or "ExpiredToken" or "RequestExpiredToken";

    /// <summary>The signature's time is too far from the server's: correct the clock skew from the <c>Date</c> header and try again once.</summary>
    public static bool IsClockSkew(string code, string? message) =>
        code is "RequestExpired" or "RequestTimeTooSkewed" or "RequestInTheFuture"
        || (code is "InvalidSignatureException" or "SignatureDoesNotMatch" && message is not null
            && (message.Contains("Signature expired", StringComparison.OrdinalIgnoreCase) || message.Contains("Signature not yet current", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Reads an awsJson error the way the AWS parsers do: <c>X-Amzn-ErrorType</c> header, else body <c>code</c>, else
    /// <c>__type</c>; cut at the first ':'; drop a <c>namespace#</c> prefix. Message from <c>message</c>, else <c>Message</c>.
    /// </summary>
    public static (string? Code, string? Message) Parse(string? errorTypeHeader, ReadOnlySpan<byte> body)
    {
        string? code = errorTypeHeader;
        string? message = null;
        if (!body.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                string? bodyCode = null;
                string? bodyType = null;
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString();
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            reader.Skip();
                            continue;
                        }

                        switch (name)
                        {
                            case "code":
                                bodyCode = reader.GetString();
                                break;
                            case "__type":
                                bodyType = reader.GetString();
                                break;
                            case "message":
                                message = reader.GetString();
                                break;
                            case "Message":
                                message ??= reader.GetString();
                                break;
                        }
                    }
                }

                code ??= bodyCode ?? bodyType;
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page): the HTTP status decides.
            }
        }

        return (Sanitize(code), message);
    }

    internal static string? Sanitize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        code = code.Trim();
        return code.Length == 0 ? null : code;
    }
}
