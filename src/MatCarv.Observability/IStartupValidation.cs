namespace MatCarv.Observability;

/// <summary>A signal's start-up check: throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the setting and the fix.</summary>
internal interface IStartupValidation
{
    /// <summary>Validates; throws on a configuration error.</summary>
    void Validate();
}
