using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using MatCarv.Analyzers.Rules.Security;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// usage: dotnet run -c Release --project benchmarks/analyzers/Harness -- SOURCE_DIR [--iterations N] [--count] [--alone]
//   SOURCE_DIR   a directory of .cs files (benchmarks/analyzers/generate_project.py's output), bin/ and obj/ skipped
//   --iterations each iteration parses and binds from scratch (a fresh Compilation), so every analyzer pays for the binding
//                it asks for, as in a build; iteration 1 also pays for loading and JIT-compiling the analyzers (a build
//                without the compiler server does, every time). Reports iteration 1 and the median of the rest.
//   every registered action is wrapped: it is counted (how many nodes/operations/symbols each analyzer is called on) and
//                the calling thread's CPU time in it is summed (CLOCK_THREAD_CPUTIME_ID), which a loaded machine inflates far
//                less than the driver's wall-clock ExecutionTime (also printed); --count prints the callback counts
//   --alone      runs each analyzer in its own CompilationWithAnalyzers (it pays for all the binding it triggers) instead of
//                all together (whoever asks first pays, as in a build)
// Prints the diagnostics per rule id and a digest of (id, file, span), so that a change that moves a finding shows up.
var sourceDir = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
    ?? throw new ArgumentException("usage: AnalyzerHarness SOURCE_DIR [--iterations N] [--count] [--alone]");
var iterations = OptionValue(args, "--iterations", 5);
var count = args.Contains("--count");
var alone = args.Contains("--alone");

var files = Directory.EnumerateFiles(sourceDir, "*.cs", SearchOption.AllDirectories)
    .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
    .OrderBy(f => f, StringComparer.Ordinal)
    .Select(f => (Path: f, Text: File.ReadAllText(f)))
    .ToArray();
var references = ReferenceAssemblies();
var analyzers = typeof(HardcodedSecretAnalyzer).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToArray();
Console.WriteLine($"{files.Length} files, {files.Sum(f => f.Text.Count(c => c == '\n'))} lines, {references.Length} references, {analyzers.Length} analyzers" +
                  $"{(count ? ", counting callbacks" : string.Empty)}{(alone ? ", each analyzer alone" : ", all analyzers together")}");

// The SDK's compiler is ReadyToRun code; the Roslyn package here is JIT-compiled. Warm the compiler up first (bind every
// method body and build its operation tree on a compilation of its own) so that iteration 1's extra cost is the analyzers'
// own cold start (loading, JIT, static tables), as in a build without the compiler server.
var warmUp = Stopwatch.StartNew();
WarmUpCompiler(CreateCompilation(files, references));
Console.WriteLine($"compiler warm-up: {warmUp.ElapsedMilliseconds} ms");

var counters = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
var runs = new List<Dictionary<string, double>>();
var cpuRuns = new List<Dictionary<string, double>>();
var walls = new List<double>();
string? digest = null;
for (var i = 0; i < iterations; i++)
{
    var times = new Dictionary<string, double>(StringComparer.Ordinal);
    var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
    var diagnostics = new List<Diagnostic>();
    var wall = Stopwatch.StartNew();
    var groups = alone ? analyzers.Select(a => new[] { a }).ToArray() : new[] { analyzers };
    foreach (var group in groups)
    {
        var compilation = CreateCompilation(files, references);
        var instrumented = group.Select(a => new InstrumentedAnalyzer(a, counters, i == 0)).ToArray();
        var wrapped = instrumented.Cast<DiagnosticAnalyzer>().ToImmutableArray();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(wrapped, options);
        diagnostics.AddRange(await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false));
        foreach (var analyzer in wrapped)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
            times[Name(analyzer)] = telemetry.ExecutionTime.TotalMilliseconds;
        }

        foreach (var analyzer in instrumented)
        {
            cpu[Name(analyzer)] = analyzer.CpuTime.TotalMilliseconds;
        }
    }

    walls.Add(wall.Elapsed.TotalMilliseconds);
    runs.Add(times);
    cpuRuns.Add(cpu);
    var runDigest = Digest(diagnostics);
    if (digest is not null && digest != runDigest)
    {
        throw new InvalidOperationException("diagnostics differ between iterations");
    }

    if (digest is null)
    {
        Console.WriteLine("diagnostics: " + string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")) +
                          $" (total {diagnostics.Count}, digest {runDigest})");
    }

    digest = runDigest;
}

PrintTable("Thread CPU time in the analyzers' callbacks", cpuRuns, iterations);
PrintTable("Driver's ExecutionTime (wall clock; inflated by load)", runs, iterations);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"wall per iteration (parse + bind + analyzers, one thread): first {walls[0]:F0} ms, median of the rest {(walls.Count > 1 ? Median(walls.Skip(1)) : double.NaN):F0} ms"));
if (count)
{
    Console.WriteLine();
    Console.WriteLine("Callbacks per analyzer and action kind (iteration 1):");
    foreach (var pair in counters.OrderBy(p => p.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {pair.Key}: {pair.Value}");
    }
}

static void PrintTable(string title, List<Dictionary<string, double>> runs, int iterations)
{
    var names = runs[0].Keys.OrderByDescending(k => runs[runs.Count > 1 ? 1 : 0][k]).ToArray();
    Console.WriteLine();
    Console.WriteLine(title + ":");
    Console.WriteLine($"| Analyzer | iteration 1 (cold), ms | share | median of iterations 2-{iterations} (warm), ms | share |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    var coldTotal = runs[0].Values.Sum();
    var warmRuns = runs.Skip(1).ToArray();
    var warmTotal = warmRuns.Length > 0 ? Median(warmRuns.Select(r => r.Values.Sum())) : double.NaN;
    foreach (var name in names)
    {
        var warm = warmRuns.Length > 0 ? Median(warmRuns.Select(r => r[name])) : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {runs[0][name]:F1} | {runs[0][name] / coldTotal:P1} | {warm:F1} | {warm / warmTotal:P1} |"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| total | {coldTotal:F1} | | {warmTotal:F1} | |"));
}

static string Name(DiagnosticAnalyzer analyzer) => analyzer is InstrumentedAnalyzer counting ? counting.Inner.GetType().Name : analyzer.GetType().Name;

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static int OptionValue(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Digest(IEnumerable<Diagnostic> diagnostics)
{
    var lines = diagnostics
        .Select(d => $"{d.Id} {Path.GetFileName(d.Location.SourceTree?.FilePath)} {d.Location.SourceSpan}")
        .OrderBy(l => l, StringComparer.Ordinal);
    return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))))[..16];
}

static void WarmUpCompiler(CSharpCompilation compilation)
{
    _ = compilation.GetDiagnostics();
    foreach (var tree in compilation.SyntaxTrees)
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var body in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax>())
        {
            _ = model.GetOperation(body);
        }
    }
}

static CSharpCompilation CreateCompilation((string Path, string Text)[] files, MetadataReference[] references)
{
    var parse = new CSharpParseOptions(LanguageVersion.Latest);
    var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path, Encoding.UTF8)).ToArray();
    return CSharpCompilation.Create("Bench", trees, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
}

// The targeting pack's reference assemblies (what the build compiles against); the running runtime's assemblies otherwise.
static MetadataReference[] ReferenceAssemblies()
{
    var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    var version = Path.GetFileName(runtimeDir);
    var packs = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref", version, "ref", "net10.0"));
    var dir = Directory.Exists(packs) ? packs : runtimeDir;
    return Directory.EnumerateFiles(dir, "*.dll")
        .Where(f => { try { AssemblyName.GetAssemblyName(f); return true; } catch (BadImageFormatException) { return false; } })
        .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
        .ToArray();
}
