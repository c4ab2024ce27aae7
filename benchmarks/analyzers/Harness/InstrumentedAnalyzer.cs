using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

/// <summary>
/// Wraps an analyzer, counts the callbacks the compiler makes into it per action kind (syntax node kinds, operation kinds,
/// symbol kinds) and sums the CPU time of the calling thread spent in them (CLOCK_THREAD_CPUTIME_ID: time the thread was
/// not running — another process on a loaded machine — is not counted, unlike the driver's wall-clock ExecutionTime).
/// </summary>
internal sealed partial class InstrumentedAnalyzer(DiagnosticAnalyzer inner, ConcurrentDictionary<string, long> counters, bool enabled) : DiagnosticAnalyzer
{
    private long _cpuNanoseconds;

    /// <summary>Thread CPU time spent in this analyzer's callbacks.</summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks(Interlocked.Read(ref _cpuNanoseconds) / 100);

    public DiagnosticAnalyzer Inner { get; } = inner;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new Context(context, this));

    private void Count(string what)
    {
        if (enabled)
        {
            counters.AddOrUpdate($"{Inner.GetType().Name} {what}", 1, (_, n) => n + 1);
        }
    }

    private void Time<T>(Action<T> action, T context)
    {
        var start = ThreadCpu.Nanoseconds();
        try
        {
            action(context);
        }
        finally
        {
            Interlocked.Add(ref _cpuNanoseconds, ThreadCpu.Nanoseconds() - start);
        }
    }

    private sealed class Context(AnalysisContext context, InstrumentedAnalyzer owner) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => context.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => context.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            context.RegisterCompilationStartAction(start => { owner.Count("compilation start"); owner.Time(action, (CompilationStartAnalysisContext)new StartContext(start, owner)); });

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) =>
            context.RegisterCompilationAction(c => { owner.Count("compilation"); owner.Time(action, c); });

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            context.RegisterSemanticModelAction(c => { owner.Count("semantic model"); owner.Time(action, c); });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            context.RegisterSymbolAction(c => { owner.Count($"symbol {c.Symbol.Kind}"); owner.Time(action, c); }, symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            context.RegisterCodeBlockStartAction<TLanguageKindEnum>(c => { owner.Count("code block start"); owner.Time(action, c); });

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) =>
            context.RegisterCodeBlockAction(c => { owner.Count("code block"); owner.Time(action, c); });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            context.RegisterSyntaxTreeAction(c => { owner.Count("syntax tree"); owner.Time(action, c); });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            context.RegisterSyntaxNodeAction(c => { owner.Count($"node {c.Node.RawKind.ToKindName()}"); owner.Time(action, c); }, syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            context.RegisterOperationAction(c => { owner.Count($"operation {c.Operation.Kind}"); owner.Time(action, c); }, operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            context.RegisterOperationBlockStartAction(c => { owner.Count("operation block start"); owner.Time(action, c); });

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            context.RegisterOperationBlockAction(c => { owner.Count("operation block"); owner.Time(action, c); });
    }

    private sealed class StartContext(CompilationStartAnalysisContext start, InstrumentedAnalyzer owner)
        : CompilationStartAnalysisContext(start.Compilation, start.Options, start.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) =>
            start.RegisterCompilationEndAction(c => { owner.Count("compilation end"); owner.Time(action, c); });

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            start.RegisterSemanticModelAction(c => { owner.Count("semantic model"); owner.Time(action, c); });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            start.RegisterSymbolAction(c => { owner.Count($"symbol {c.Symbol.Kind}"); owner.Time(action, c); }, symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            start.RegisterSymbolStartAction(c => { owner.Count($"symbol start {c.Symbol.Kind}"); owner.Time(action, (SymbolStartAnalysisContext)new SymbolContext(c, owner)); }, symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            start.RegisterCodeBlockStartAction<TLanguageKindEnum>(c => { owner.Count("code block start"); owner.Time(action, c); });

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) =>
            start.RegisterCodeBlockAction(c => { owner.Count("code block"); owner.Time(action, c); });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            start.RegisterSyntaxTreeAction(c => { owner.Count("syntax tree"); owner.Time(action, c); });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            start.RegisterSyntaxNodeAction(c => { owner.Count($"node {c.Node.RawKind.ToKindName()}"); owner.Time(action, c); }, syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            start.RegisterOperationAction(c => { owner.Count($"operation {c.Operation.Kind}"); owner.Time(action, c); }, operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            start.RegisterOperationBlockStartAction(c => { owner.Count("operation block start"); owner.Time(action, c); });

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            start.RegisterOperationBlockAction(c => { owner.Count("operation block"); owner.Time(action, c); });
    }
}

internal sealed partial class InstrumentedAnalyzer
{
#pragma warning disable CS0618 // the only public constructor; a wrapper has nothing else to call
    private sealed class SymbolContext(SymbolStartAnalysisContext context, InstrumentedAnalyzer owner)
        : SymbolStartAnalysisContext(context.Symbol, context.Compilation, context.Options, context.CancellationToken)
#pragma warning restore CS0618
    {
        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) =>
            context.RegisterSymbolEndAction(c => { owner.Count("symbol end"); owner.Time(action, c); });

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            context.RegisterCodeBlockStartAction<TLanguageKindEnum>(c => { owner.Count("code block start"); owner.Time(action, c); });

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) =>
            context.RegisterCodeBlockAction(c => { owner.Count("code block"); owner.Time(action, c); });

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            context.RegisterOperationBlockStartAction(c => { owner.Count("operation block start"); owner.Time(action, c); });

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            context.RegisterOperationBlockAction(c => { owner.Count("operation block"); owner.Time(action, c); });

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            context.RegisterOperationAction(c => { owner.Count($"operation {c.Operation.Kind}"); owner.Time(action, c); }, operationKinds);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            context.RegisterSyntaxNodeAction(c => { owner.Count($"node {c.Node.RawKind.ToKindName()}"); owner.Time(action, c); }, syntaxKinds);
    }
}

internal static class SyntaxKindNames
{
    public static string ToKindName(this int rawKind) => ((Microsoft.CodeAnalysis.CSharp.SyntaxKind)rawKind).ToString();
}

internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static long Nanoseconds() => clock_gettime(ClockThreadCpuTimeId, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out Timespec time);

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
