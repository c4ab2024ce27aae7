using System.Reflection;
using System.Text.Json;
using CsCheck;
using MatCarv.Observability.Context;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Otlp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tests.Hosting;

/// <summary>
/// Environment variables are outside input (issue 10): any value of any variable the SDK reads either fails start-up with
/// an <see cref="OptionsValidationException"/> naming the variable, or the SDK starts and then logs, meters, traces,
/// flushes and shuts down without an exception, every stdout line one JSON object. Never a crash later. The variables are
/// read from the SDK's own name lists, so a variable added there is fuzzed here without touching this test.
/// </summary>
public sealed class EnvironmentValuePropertyTests
{
    private static readonly string[] Variables = [.. ConstantsOf(typeof(EnvironmentVariables)), .. ConstantsOf(typeof(OtlpEnvironmentVariables))];

    /// <summary>Values aimed at each kind of setting (rates, levels, casings, sizes, booleans, addresses, URLs, names) and arbitrary text.</summary>
    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.OneOf(
            Gen.Const("-1"), Gen.Const("0"), Gen.Const("1"), Gen.Const("2"), Gen.Const("0.5"), Gen.Const(" 0.1 "), Gen.Const("1e400"),
            Gen.Const("NaN"), Gen.Const("Infinity"), Gen.Const("-0"), Gen.Const("1,5"), Gen.Const("٣"), Gen.Const("2147483648"),
            Gen.Const("99999999999999999999"), Gen.Const("0x10"), Gen.Const("true"), Gen.Const("FALSE"), Gen.Const("yes"),
            Gen.Const("debug"), Gen.Const("WARN"), Gen.Const("Fatal"), Gen.Const("None"), Gen.Const("6"), Gen.Const("verbose"),
            Gen.Const("snake_case"), Gen.Const("kebab"), Gen.Const("JSON"), Gen.Const("Text"), Gen.Const("Agent"), Gen.Const("Lambda"),
            Gen.Const("ECS"), Gen.Const("local"), Gen.Const("127.0.0.1:0"), Gen.Const("127.0.0.1:65536"), Gen.Const("[::1]:2000"),
            Gen.Const("::1:2000"), Gen.Const("tcp:127.0.0.1:1 udp:127.0.0.1:2"), Gen.Const("udp:127.0.0.1:2"), Gen.Const("tcp://127.0.0.1:1"),
            Gen.Const("udp://[::1]:25888/"), Gen.Const("tcp://:1"), Gen.Const("http://"), Gen.Const("http://127.0.0.1:1/v1/traces"),
            Gen.Const("ftp://127.0.0.1:1"), Gen.Const("grpc"), Gen.Const("http/protobuf"), Gen.Const("gzip"), Gen.Const("otlp,xray"),
            Gen.Const("a=b,c"), Gen.Const("=,=,"), Gen.Const("key=%ZZ"), Gen.Const("$LATEST"), Gen.Const("arn:aws:lambda"), Gen.Const("/aws/lambda/x"),
            Gen.Const("a:b*c"), Gen.Const("Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=1")),
        Gen.String[Gen.Char['\0', '\u001f'], 1, 8],
        Gen.String[Gen.Char["0123456789.-+eE:/[]tcpud "], 1, 24],
        Gen.String,
        Gen.Int[300, 5000].Select(n => new string('x', n)));

    [Fact]
    public void Any_value_of_any_variable_fails_start_up_naming_it_or_runs_without_an_exception()
    {
        using var collector = new UdpCollector();
        int failures = 0;
        Gen.Select(Gen.OneOf(Variables), Value, Gen.Bool).Sample((variable, value, lambda) =>
        {
            var environment = new Dictionary<string, string?>
            {
                ["POWERTOOLS_SERVICE_NAME"] = "fuzz",
                ["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address,
                ["AWS_REGION"] = "eu-west-1",
            };
            if (lambda)
            {
                environment["AWS_LAMBDA_FUNCTION_NAME"] = "fuzz-fn";
            }

            environment[variable] = value;
            var output = new MemoryStream();
            MatCarvLambda telemetry;
            try
            {
                telemetry = MatCarvLambda.Create(
                    o =>
                    {
                        o.Output = output;
                        o.EnvironmentVariables = environment;
                    },
                    b => b.WithLogging().WithMetrics(m => m.Namespace ??= "Fuzz").WithTracing());
            }
            catch (OptionsValidationException ex)
            {
                // Fail-fast: the message names the variable that was set.
                Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
                Interlocked.Increment(ref failures);
                return;
            }

            using (telemetry)
            {
                telemetry.RunAsync(new LambdaInvocation("req-1"), _ =>
                {
                    telemetry.LoggerFactory.CreateLogger("fuzz").LogInformation("value {Value}", value);
                    telemetry.Metrics.AddMetric("Fuzzed", 1, MetricUnit.Count);
                    using var span = telemetry.Tracer.StartSpan("fuzz");
                    return Task.FromResult(0);
                }).GetAwaiter().GetResult();
                telemetry.FlushAsync(TimeSpan.FromSeconds(2)).AsTask().GetAwaiter().GetResult();
            }

            foreach (var line in System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var document = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            }
        }, iter: 150, threads: 1, print: t => $"{t.Item1}={JsonSerializer.Serialize(t.Item2)} lambda={t.Item3}");

        // The generator reaches both outcomes.
        Assert.InRange(failures, 1, 149);
    }

    private static IEnumerable<string> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);
}
