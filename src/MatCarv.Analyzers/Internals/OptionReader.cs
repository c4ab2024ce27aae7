using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// Reads <c>.editorconfig</c> options with the roslyn-analyzers key convention:
/// <c>dotnet_code_quality.&lt;RuleId&gt;.&lt;option&gt;</c> first, then <c>dotnet_code_quality.&lt;Category&gt;.&lt;option&gt;</c>.
/// </summary>
internal readonly struct OptionReader
{
    private static readonly char[] Separators = { ',', ' ', ';', '|' };

    private readonly AnalyzerConfigOptions _options;
    private readonly string _ruleId;
    private readonly string _category;

    public OptionReader(AnalyzerConfigOptions options, string ruleId, string category)
    {
        _options = options;
        _ruleId = ruleId;
        _category = category;
    }

    public string? GetString(string name)
    {
        if (_options.TryGetValue("dotnet_code_quality." + _ruleId + "." + name, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        if (_options.TryGetValue("dotnet_code_quality." + _category + "." + name, out value) && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        return null;
    }

    public bool GetBool(string name, bool defaultValue)
    {
        var value = GetString(name);
        return value is null ? defaultValue : bool.TryParse(value, out var parsed) ? parsed : defaultValue;
    }

    public double GetDouble(string name, double defaultValue)
    {
        var value = GetString(name);
        return value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : defaultValue;
    }

    public int GetInt(string name, int defaultValue)
    {
        var value = GetString(name);
        return value is not null && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : defaultValue;
    }

    /// <summary>A comma/space separated list; <c>+word</c> entries extend the defaults, plain entries replace them.</summary>
    public HashSet<string> GetWordSet(string name, string[] defaults)
    {
        var value = GetString(name);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (value is null)
        {
            set.UnionWith(defaults);
            return set;
        }

        var parts = value.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var extendOnly = true;
        foreach (var part in parts)
        {
            if (part[0] != '+')
            {
                extendOnly = false;
            }
        }

        if (extendOnly)
        {
            set.UnionWith(defaults);
        }

        foreach (var part in parts)
        {
            set.Add(part.TrimStart('+').ToLowerInvariant());
        }

        return set;
    }
}
