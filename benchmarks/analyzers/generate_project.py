#!/usr/bin/env python3
"""Generates a ~50,000-line C# service project for timing analyzers (MatCarv.Analyzers vs SonarAnalyzer.CSharp).

The code imitates service code: options classes, repositories, HTTP handlers, logging with message templates, metrics,
configuration and environment reads, connection strings, dictionaries, LINQ, async methods, and about one deliberate
violation per file. Stand-ins for ILogger/IConfiguration/IMetrics/ILambdaContext are declared in source (recognised by
metadata name), so the project restores nothing but the analyzer packages.

usage: generate_project.py OUTPUT_DIR [--lines 50000] [--variant none|matcarv|sonar] [--matcarv-dir DIR]
"""
import argparse
import os
import random

STUBS = '''#nullable enable
namespace Microsoft.Extensions.Logging
{
    public enum LogLevel { Trace, Debug, Information, Warning, Error, Critical, None }
    public interface ILogger { bool IsEnabled(LogLevel level); }
    public interface ILogger<out T> : ILogger { }
    public static class LoggerExtensions
    {
        public static void LogDebug(this ILogger logger, string? message, params object?[] args) { }
        public static void LogInformation(this ILogger logger, string? message, params object?[] args) { }
        public static void LogWarning(this ILogger logger, string? message, params object?[] args) { }
        public static void LogError(this ILogger logger, System.Exception? exception, string? message, params object?[] args) { }
    }
}
namespace Microsoft.Extensions.Configuration
{
    public interface IConfiguration { string? this[string key] { get; set; } }
}
namespace MatCarv.Observability.Metrics
{
    public enum MetricUnit { None = 0, Count, Percent, Seconds, Microseconds, Milliseconds, Bytes }
    public interface IMetrics
    {
        void AddMetric(string name, double value, MetricUnit unit = MetricUnit.None);
        void AddDimension(string key, string value);
    }
}
namespace Amazon.Lambda.Core
{
    public interface ILambdaContext { string AwsRequestId { get; } }
}
'''

FILE = '''#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Shop.Service{n}
{{
    public sealed class Order{n}Options
    {{
        public const string SectionName = "Orders{n}";
        public string TableName {{ get; set; }} = "orders-{n}";
        public string QueueUrl {{ get; set; }} = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-{n}";
        public string PasswordSecretArn {{ get; set; }} = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-{n}-db";
        public int MaxItems {{ get; set; }} = {max};
        public TimeSpan Timeout {{ get; set; }} = TimeSpan.FromSeconds({timeout});
    }}

    public sealed record Order{n}(string Id, string CustomerId, decimal Total, IReadOnlyList<string> Items);

    public sealed class Order{n}Repository
    {{
        private const string ConnectionTemplate = "Host={{0}};Database=orders{n};Username={{1}};Password={{2}}";
        private readonly Dictionary<string, Order{n}> _store = new(StringComparer.Ordinal);
        private readonly ILogger _logger;

        public Order{n}Repository(ILogger logger) => _logger = logger;

        public string BuildConnection(string host, string user, string password) => string.Format(ConnectionTemplate, host, user, password);

        public Task<Order{n}?> FindAsync(string id, CancellationToken cancellationToken)
        {{
            cancellationToken.ThrowIfCancellationRequested();
            _store.TryGetValue(id, out var order);
            _logger.LogDebug("Lookup of order {{OrderId}} returned {{Found}}", id, order is not null);
            return Task.FromResult(order);
        }}

        public Task SaveAsync(Order{n} order, CancellationToken cancellationToken)
        {{
            cancellationToken.ThrowIfCancellationRequested();
            if (order.Items.Count == 0)
            {{
                throw new ArgumentException("An order needs at least one item", nameof(order));
            }}

            _store[order.Id] = order;
            _logger.LogInformation("Saved order {{OrderId}} with {{ItemCount}} items", order.Id, order.Items.Count);
            return Task.CompletedTask;
        }}

        public IEnumerable<Order{n}> Largest(int count) =>
            _store.Values.OrderByDescending(o => o.Total).ThenBy(o => o.Id, StringComparer.Ordinal).Take(count);
    }}

    public sealed class Order{n}Service
    {{
        private static readonly ActivitySource Source = new("Shop.Service{n}");
        private static readonly string[] Regions = {{ "eu-west-1", "eu-central-1", "us-east-1" }};
        private readonly Order{n}Repository _repository;
        private readonly ILogger<Order{n}Service> _logger;
        private readonly IMetrics _metrics;
        private readonly IConfiguration _configuration;
        private readonly Order{n}Options _options;

        public Order{n}Service(Order{n}Repository repository, ILogger<Order{n}Service> logger, IMetrics metrics, IConfiguration configuration, Order{n}Options options)
        {{
            _repository = repository;
            _logger = logger;
            _metrics = metrics;
            _configuration = configuration;
            _options = options;
        }}

        public async Task<decimal> PlaceAsync(Order{n} order, CancellationToken cancellationToken)
        {{
            using var activity = Source.StartActivity("PlaceOrder");
            activity?.SetTag("order.id", order.Id);
            var stopwatch = Stopwatch.StartNew();
            var total = 0m;
            foreach (var item in order.Items)
            {{
                var price = PriceOf(item);
                total += price;
                if (price > 100m)
                {{
                    _logger.LogWarning("Expensive item {{Item}} in order {{OrderId}}: {{Price}}", item, order.Id, price);
                }}
            }}

            if (order.Items.Count > _options.MaxItems)
            {{
                _logger.LogWarning("Order {{OrderId}} has {{Count}} items, more than {{Max}}", order.Id, order.Items.Count, _options.MaxItems);
            }}

            await _repository.SaveAsync(order with {{ Total = total }}, cancellationToken).ConfigureAwait(false);
            _metrics.AddDimension("region", Regions[order.Id.Length % Regions.Length]);
            _metrics.AddMetric("OrdersPlaced", 1, MetricUnit.Count);
            _metrics.AddMetric("OrderLatency", stopwatch.Elapsed.TotalMilliseconds, MetricUnit.Milliseconds);
            return total;
        }}

        public string Describe(Order{n} order)
        {{
            var lines = new List<string>(order.Items.Count + 1) {{ $"Order {{order.Id}} for {{order.CustomerId}}" }};
            lines.AddRange(order.Items.Select((item, index) => $"{{index + 1,3}}. {{item}}"));
            return string.Join(Environment.NewLine, lines);
        }}

        public IReadOnlyDictionary<string, string> Headers() => new Dictionary<string, string>
        {{
            ["Content-Type"] = "application/json",
            ["X-Service"] = "orders-{n}",
            ["X-Api-Version"] = "2024-01-01",
        }};

        public string? Table() => _configuration["Orders{n}:TableName"] ?? Environment.GetEnvironmentVariable("ORDERS_{n}_TABLE");

        public bool Validate(Order{n} order, out string? error)
        {{
            if (string.IsNullOrWhiteSpace(order.CustomerId))
            {{
                error = "Customer is required";
                return false;
            }}

            if (order.Total < 0)
            {{
                error = "Total must not be negative";
                return false;
            }}

            error = null;
            return true;
        }}

        private static decimal PriceOf(string item)
        {{
            var hash = 0;
            foreach (var c in item)
            {{
                hash = unchecked(hash * 31 + c);
            }}

            return Math.Abs(hash % 20000) / 100m;
        }}
{extra}
    }}
}}
'''

EXTRAS = [
    '''
        private const string DbPassword = "Tr0ub4dor&3x{n}";
''',
    '''
        public void Trace(string id) => Console.WriteLine("processing " + id);
''',
    '''
        public void Audit(string id) => _logger.LogInformation($"Audited {{id}}");
''',
    '''
        public string? SigningKey() => _configuration["Jwt:SigningKey"];
''',
    '''
        public string Handle(string input, Amazon.Lambda.Core.ILambdaContext context) => input + context.AwsRequestId;
''',
    '''
        public const string Message = "Password is required";
        public const string ResetRoute = "/account/reset-password";
''',
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--lines", type=int, default=50000)
    parser.add_argument("--variant", choices=["none", "matcarv", "sonar"], default="none")
    parser.add_argument("--matcarv-dir", default="")
    args = parser.parse_args()

    random.seed(20261126)
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "Stubs.cs"), "w", encoding="utf-8") as f:
        f.write(STUBS)
    lines = STUBS.count("\n")
    n = 0
    while lines < args.lines:
        extra = EXTRAS[n % len(EXTRAS)].format(n=n)
        text = FILE.format(n=n, max=random.randint(10, 200), timeout=random.randint(1, 30), extra=extra)
        with open(os.path.join(args.output, f"Service{n}.cs"), "w", encoding="utf-8") as f:
            f.write(text)
        lines += text.count("\n")
        n += 1

    analyzers = ""
    if args.variant == "matcarv":
        analyzers = (
            f'    <Analyzer Include="{args.matcarv_dir}/MatCarv.Analyzers.dll" />\n'
        )
    elif args.variant == "sonar":
        analyzers = '    <PackageReference Include="SonarAnalyzer.CSharp" Version="9.32.0.97167" PrivateAssets="all" />\n'

    with open(os.path.join(args.output, "Bench.csproj"), "w", encoding="utf-8") as f:
        f.write(f'''<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <!-- Only the analyzers under test run: the SDK's own CA/IDE analyzers are off in every variant. -->
    <EnableNETAnalyzers>false</EnableNETAnalyzers>
    <NoWarn>$(NoWarn);CS1591;CS8618</NoWarn>
  </PropertyGroup>
  <ItemGroup>
{analyzers}  </ItemGroup>
</Project>
''')
    print(f"{n} files, {lines} lines, variant {args.variant}")


if __name__ == "__main__":
    main()
