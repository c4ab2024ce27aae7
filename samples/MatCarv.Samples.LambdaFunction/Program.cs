using System.Security.Cryptography;
using MatCarv.Samples.LambdaFunction;
using MatCarv.Samples.LambdaFunction.LocalInvoke;
using MatCarv.Samples.LambdaFunction.Orders;

// A local invoke loop: it sets up what the Lambda runtime would (environment, _X_AMZN_TRACE_ID per invocation),
// then invokes the handler cold, warm, with a failing payment and again healthy, and exits.
// stdout carries exactly what CloudWatch Logs would receive: JSON log lines, EMF documents and (with no AWS
// configured) health events; the X-Ray documents go over UDP to AWS_XRAY_DAEMON_ADDRESS.
const string FunctionName = "orders-fn";
const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + FunctionName;

SetIfAbsent("AWS_LAMBDA_FUNCTION_NAME", FunctionName);
SetIfAbsent("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
SetIfAbsent("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
SetIfAbsent("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FunctionName);
SetIfAbsent("AWS_REGION", "us-east-1");
SetIfAbsent("POWERTOOLS_SERVICE_NAME", "orders");
SetIfAbsent("POWERTOOLS_LOG_LEVEL", "Debug"); // debug lines are buffered and only written when the invocation logs an error

// Without a daemon address, start a stand-in daemon so the traces are visible locally.
using var daemon = Environment.GetEnvironmentVariable("AWS_XRAY_DAEMON_ADDRESS") is null ? new LocalXRayDaemon() : null;
if (daemon is not null)
{
    Environment.SetEnvironmentVariable("AWS_XRAY_DAEMON_ADDRESS", daemon.Address);
}

var function = new OrderFunction();
OrderRequest[] invocations =
[
    new("ord-1001", "alice", 3, 59.90, "web"),
    new("ord-1002", "bob", 1, 12.50, "mobile"),
    new("ord-1003", "carol", 2, 30.00, "partner", FailPayment: true),
    new("ord-1004", "dave", 5, 101.25, "web"),
];

int failures = 0;
foreach (var request in invocations)
{
    // The runtime sets a fresh trace header per invocation; keep one that the caller provided.
    var header = Environment.GetEnvironmentVariable("MATCARV_SAMPLE_TRACE_HEADER") ?? NewTraceHeader();
    Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", header);
    try
    {
        var response = await function.HandleAsync(request, new LocalLambdaContext(FunctionArn, TimeSpan.FromSeconds(30), header));
        await Console.Error.WriteLineAsync($"invoke {request.OrderId}: {response.Status}");
    }
    catch (Exception ex)
    {
        failures++;
        await Console.Error.WriteLineAsync($"invoke {request.OrderId}: failed with {ex.GetType().Name}: {ex.Message}");
    }
}

// The end of the process: the shutdown flush (ShutdownFlushTimeout) delivers what is still being retried.
await OrderFunction.ShutdownAsync();

// Give the stand-in daemon a moment to read the last datagrams (they were sent before each invocation returned).
await Task.Delay(200);
daemon?.PrintSummary();
return failures == 1 ? 0 : 1;

static void SetIfAbsent(string name, string value)
{
    if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
    {
        Environment.SetEnvironmentVariable(name, value);
    }
}

static string NewTraceHeader()
{
    var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    var parent = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    return $"Root=1-{epoch}-{random};Parent={parent};Sampled=1;Lineage=a87bd80c:1";
}
