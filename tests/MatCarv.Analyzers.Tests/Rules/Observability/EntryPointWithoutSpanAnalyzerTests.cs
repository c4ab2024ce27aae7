using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Observability.EntryPointWithoutSpanAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Observability;

public class EntryPointWithoutSpanAnalyzerTests
{
    [Fact]
    public Task Lambda_handler_without_span_is_reported() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.Lambda.Core;
        public class Function
        {
            public Task<string> [|HandleAsync|](string input, ILambdaContext context) => Task.FromResult(input.ToUpperInvariant());
        }
        """);

    [Fact]
    public Task Lambda_handler_that_starts_an_activity_or_runs_in_the_sdk_scope_is_not_reported() => Verify.VerifyAsync("""
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Amazon.Lambda.Core;
        using MatCarv.Observability.Lambda;
        public class Function
        {
            private static readonly ActivitySource Source = new("Orders");
            private readonly MatCarvLambda _lambda = new();
            public string Handle(string input, ILambdaContext context)
            {
                using var activity = Source.StartActivity("Handle");
                return input;
            }
            public Task HandleScoped(string input, ILambdaContext context) => _lambda.RunAsync(context.AwsRequestId, () => Task.CompletedTask);
            public string Helper(string input) => input;
        }
        """);

    [Fact]
    public Task Lambda_expression_handler_without_span_is_reported() => Verify.VerifyAsync("""
        using System;
        using Amazon.Lambda.Core;
        public class Program
        {
            public Func<string, ILambdaContext, string> Handler = [|(input, context) => input.Trim()|];
        }
        """);

    [Fact]
    public Task Configured_entry_points_are_checked_and_configured_span_methods_count() => Verify.VerifyAsync(
        """
        public class Worker
        {
            public void [|ProcessBatch|](string[] items) { }
            public void ProcessOne(string item) { Tracing.Begin("one"); }
            public void NotConfigured() { }
        }
        public static class Tracing { public static void Begin(string name) { } }
        """,
        "dotnet_code_quality.MCV2001.entry_points = Worker.ProcessBatch, Worker.ProcessOne\ndotnet_code_quality.MCV2001.span_methods = Tracing.Begin");
}
