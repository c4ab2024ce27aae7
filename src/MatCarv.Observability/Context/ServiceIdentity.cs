namespace MatCarv.Observability.Context;

/// <summary>Who is emitting: computed once at start-up and read by every signal.</summary>
public sealed class ServiceIdentity
{
    /// <summary>The value Powertools uses when no service name is configured.</summary>
    public const string UndefinedServiceName = "service_undefined";

    internal ServiceIdentity(string name, string? serviceNamespace, string? environment, string? version, string? region)
    {
        Name = name;
        Namespace = serviceNamespace;
        Environment = environment;
        Version = version;
        Region = region;
    }

    /// <summary>The service name (<c>POWERTOOLS_SERVICE_NAME</c>); <c>service_undefined</c> when not set.</summary>
    public string Name { get; }

    /// <summary>The service namespace (also the default metrics namespace), if any.</summary>
    public string? Namespace { get; }

    /// <summary>The deployment environment (for example <c>prod</c>), if any.</summary>
    public string? Environment { get; }

    /// <summary>The service version, if any.</summary>
    public string? Version { get; }

    /// <summary>The AWS region, if known.</summary>
    public string? Region { get; }

    /// <summary>True when a service name was configured.</summary>
    public bool IsDefined => !string.Equals(Name, UndefinedServiceName, StringComparison.Ordinal);
}
