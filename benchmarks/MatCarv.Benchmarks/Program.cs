using BenchmarkDotNet.Running;

// Run all suites: dotnet run -c Release --project benchmarks/MatCarv.Benchmarks -- --filter '*'
// One signal:     dotnet run -c Release --project benchmarks/MatCarv.Benchmarks -- --filter '*Logging*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point marker.</summary>
public partial class Program
{
}
