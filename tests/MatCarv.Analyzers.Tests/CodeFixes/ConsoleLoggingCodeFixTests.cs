using Verify = MatCarv.Analyzers.Tests.Infrastructure.CodeFixVerifier<MatCarv.Analyzers.Rules.Observability.ConsoleLoggingAnalyzer, MatCarv.Analyzers.CodeFixes.Rules.ConsoleLoggingCodeFix>;

namespace MatCarv.Analyzers.Tests.CodeFixes;

public class ConsoleLoggingCodeFixTests
{
    [Fact]
    public Task Console_and_debug_calls_become_logger_calls_with_fix_all() => Verify.VerifyAsync(
        """
        using System;
        using System.Diagnostics;
        using Microsoft.Extensions.Logging;
        class OrderService
        {
            private readonly ILogger<OrderService> _logger;
            public OrderService(ILogger<OrderService> logger) => _logger = logger;
            void Place(string id, int count, object order)
            {
                [|Console.WriteLine($"Placing {id} with {count} items")|];
                [|Console.WriteLine("Started")|];
                [|Console.WriteLine(order)|];
                [|Console.WriteLine("Order {0} placed", id)|];
                [|Debug.WriteLine("debug " + id)|];
                [|Console.Error.WriteLine("failed")|];
                [|Trace.TraceWarning("slow {0}", id)|];
            }
        }
        """,
        """
        using System;
        using System.Diagnostics;
        using Microsoft.Extensions.Logging;
        class OrderService
        {
            private readonly ILogger<OrderService> _logger;
            public OrderService(ILogger<OrderService> logger) => _logger = logger;
            void Place(string id, int count, object order)
            {
                _logger.LogInformation("Placing {Id} with {Count} items", id, count);
                _logger.LogInformation("Started");
                _logger.LogInformation("{Order}", order);
                _logger.LogInformation("Order {0} placed", id);
                _logger.LogDebug("debug {Id}", id);
                _logger.LogError("failed");
                _logger.LogWarning("slow {0}", id);
            }
        }
        """);

    [Fact]
    public Task Parameter_and_primary_constructor_loggers_are_used() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.Logging;
        class Handler(ILogger<Handler> log)
        {
            void A(string id) => [|System.Console.WriteLine(id)|];
            static void B(ILogger logger) => [|System.Console.WriteLine("b")|];
        }
        """,
        """
        using Microsoft.Extensions.Logging;
        class Handler(ILogger<Handler> log)
        {
            void A(string id) => log.LogInformation("{Id}", id);
            static void B(ILogger logger) => logger.LogInformation("b");
        }
        """);

    [Fact]
    public Task No_fix_is_offered_without_a_logger_in_scope() => Verify.VerifyAsync(
        """
        class Worker { void A() => [|System.Console.WriteLine("x")|]; }
        interface IUsesLogging { Microsoft.Extensions.Logging.ILogger? Logger { get; } }
        """,
        """
        class Worker { void A() => [|System.Console.WriteLine("x")|]; }
        interface IUsesLogging { Microsoft.Extensions.Logging.ILogger? Logger { get; } }
        """);
}
