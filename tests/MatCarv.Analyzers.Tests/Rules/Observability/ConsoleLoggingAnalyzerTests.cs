using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Observability.ConsoleLoggingAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Observability;

public class ConsoleLoggingAnalyzerTests
{
    [Fact]
    public Task Console_debug_and_trace_output_are_reported_in_a_service() => Verify.VerifyAsync("""
        using System;
        using System.Diagnostics;
        class OrderService
        {
            void Place(string id)
            {
                [|Console.WriteLine("placing " + id)|];
                [|Console.Write(id)|];
                [|Console.Error.WriteLine("failed")|];
                [|Debug.WriteLine("debug")|];
                [|Trace.TraceWarning("slow")|];
            }
        }
        """);

    [Fact]
    public Task Reading_console_input_and_test_projects_are_not_reported() => Verify.VerifyAsync(
        """
        using System;
        class Cli
        {
            string? Read() => Console.ReadLine();
            void Print() => Console.WriteLine("test output");
        }
        """,
        testProject: true);

    [Fact]
    public Task Project_without_logging_or_lambda_is_not_a_service_unless_configured() => Verify.VerifyAsync(
        """
        class Tool { void M() => [|System.Console.WriteLine("x")|]; }
        """,
        "dotnet_code_quality.MCV2002.all_projects = true");
}
