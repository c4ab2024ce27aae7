namespace Billing.Worker;

/// <summary>Where the worker sends alerts and product analytics, read from the function's environment.</summary>
public static class AlertingSettings
{
    public static string? OpsgenieKey => Environment.GetEnvironmentVariable("OPSGENIE_INTEGRATION_KEY"); // secret: MCV1005
    public static string? PagerDuty => Environment.GetEnvironmentVariable("PAGERDUTY_EVENTS_ROUTING_KEY"); // secret: MCV1005 -- PagerDuty's routing key is its integration secret
    public static string? ReceiptSigning => Environment.GetEnvironmentVariable("RECEIPT_MESSAGE_SIGNING_KEY"); // secret: MCV1005
    public static string? Analytics => Environment.GetEnvironmentVariable("SEGMENT_WRITE_KEY"); // secret: MCV1005
    public static string DatadogEvents => Environment.GetEnvironmentVariable("DATADOG_EVENTS_KEY") ?? "17d2ec8c62b0c0976a6e5f93cd4d614e"; // secret: MCV1005, MCV1003|MCV1002|MCV1005
    public static string? InvoiceRouting => Environment.GetEnvironmentVariable("INVOICE_EVENTS_ROUTING_KEY"); // clean -- a RabbitMQ routing key
    public static string? Partition => Environment.GetEnvironmentVariable("LEDGER_PARTITION_KEY"); // clean
    public static string? CachePrefix => Environment.GetEnvironmentVariable("DEDUP_CACHE_KEY_PREFIX"); // clean
    public static string? ErrorText => Environment.GetEnvironmentVariable("ERROR_MESSAGE_KEY"); // clean -- a resource key
    public static string? PagerDutyService => Environment.GetEnvironmentVariable("PAGERDUTY_SERVICE_ID"); // clean
}
