namespace MatCarv.Observability.Context;

/// <summary>
/// Reads environment variables once. Tests and local runs pass a dictionary instead of touching the process
/// environment, so no static state has to be reset between them.
/// </summary>
internal sealed class EnvironmentReader
{
    private readonly IReadOnlyDictionary<string, string?>? _overrides;

    public EnvironmentReader(IReadOnlyDictionary<string, string?>? overrides) => _overrides = overrides;

    public string? Get(string name)
    {
        string? value = _overrides is null ? Environment.GetEnvironmentVariable(name) : (_overrides.TryGetValue(name, out var v) ? v : null);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public bool GetBool(string name, bool defaultValue)
    {
        var value = Get(name);
        if (value is null)
        {
            return defaultValue;
        }

        return value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1"
            || (!value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0" && defaultValue);
    }
}
