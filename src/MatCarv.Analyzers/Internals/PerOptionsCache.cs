using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// Parses settings once per distinct <c>.editorconfig</c> option set of a compilation (files sharing a section share
/// one <see cref="AnalyzerConfigOptions"/> instance), instead of once per syntax node.
/// </summary>
internal sealed class PerOptionsCache<T>
    where T : class
{
    private readonly ConditionalWeakTable<AnalyzerConfigOptions, T> _cache = new();
    private readonly AnalyzerOptions _options;
    private readonly Func<AnalyzerConfigOptions, T> _factory;
    private readonly ConditionalWeakTable<AnalyzerConfigOptions, T>.CreateValueCallback _callback;

    public PerOptionsCache(AnalyzerOptions options, Func<AnalyzerConfigOptions, T> factory)
    {
        _options = options;
        _factory = factory;
        _callback = o => _factory(o);
    }

    public T Get(SyntaxTree tree) => _cache.GetValue(_options.AnalyzerConfigOptionsProvider.GetOptions(tree), _callback);
}
