using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>What an API parameter or property takes, when it takes a secret.</summary>
internal enum SinkKind
{
    /// <summary>Not a sink.</summary>
    None,

    /// <summary>A password (password rules for the value).</summary>
    Password,

    /// <summary>A token, API key or client secret (machine-secret rules for the value).</summary>
    Secret,

    /// <summary>Key material (HMAC, AES, JWT signing keys): text, base64, hex or bytes.</summary>
    Key,

    /// <summary>The credential of an <c>Authorization</c> header (<c>AuthenticationHeaderValue</c>'s parameter; scheme-aware).</summary>
    Authorization,
}

/// <summary>
/// APIs that can only take a secret, by metadata name: a value passed to one of their parameters or assigned to one of
/// their properties is a credential whatever the names around it say. Entries are
/// <c>Namespace.Type.Member(parameter)=kind</c> (a parameter; <c>.ctor</c> for constructors, <c>*</c> for every member of
/// that name... or every member) or <c>Namespace.Type.Property=kind</c>, kind one of <c>password</c>, <c>secret</c>,
/// <c>key</c>, <c>authorization</c>. More come from <c>.editorconfig</c> (<c>secret_sinks</c>).
/// The table is parsed once per process and distinct option value, and matched against a symbol's names when a candidate
/// needs it: no <c>GetTypeByMetadataName</c> and no member loading at compilation start (profiled on the 50,000-line
/// benchmark: resolving ~55 types and their members per compilation cost more than the literal scan of the whole project).
/// </summary>
internal sealed class SecretSinks
{
    public static readonly string[] Defaults =
    {
        // System.Security.Cryptography: keyed hashes and authenticated ciphers take raw key bytes.
        "System.Security.Cryptography.HMACSHA1..ctor(key)=key",
        "System.Security.Cryptography.HMACSHA256..ctor(key)=key",
        "System.Security.Cryptography.HMACSHA384..ctor(key)=key",
        "System.Security.Cryptography.HMACSHA512..ctor(key)=key",
        "System.Security.Cryptography.HMACSHA3_256..ctor(key)=key",
        "System.Security.Cryptography.HMACSHA3_384..ctor(key)=key",
        "System.Security.Cryptography.HMACSHA3_512..ctor(key)=key",
        "System.Security.Cryptography.HMACMD5..ctor(key)=key",
        "System.Security.Cryptography.HMACSHA1.*(key)=key",
        "System.Security.Cryptography.HMACSHA256.*(key)=key",
        "System.Security.Cryptography.HMACSHA384.*(key)=key",
        "System.Security.Cryptography.HMACSHA512.*(key)=key",
        "System.Security.Cryptography.HMACSHA3_256.*(key)=key",
        "System.Security.Cryptography.HMACMD5.*(key)=key",
        "System.Security.Cryptography.AesGcm..ctor(key)=key",
        "System.Security.Cryptography.AesCcm..ctor(key)=key",
        "System.Security.Cryptography.ChaCha20Poly1305..ctor(key)=key",
        "System.Security.Cryptography.HKDF.*(ikm)=key",
        "System.Security.Cryptography.SymmetricAlgorithm.Key=key",
        "System.Security.Cryptography.KeyedHashAlgorithm.Key=key",
        "System.Security.Cryptography.Rfc2898DeriveBytes..ctor(password)=password",
        "System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(password)=password",

        // Microsoft.IdentityModel (JWT signing and decryption keys).
        "Microsoft.IdentityModel.Tokens.SymmetricSecurityKey..ctor(key)=key",

        // HTTP authentication.
        "System.Net.Http.Headers.AuthenticationHeaderValue..ctor(parameter)=authorization",
        "System.Net.NetworkCredential..ctor(password)=password",
        "System.Net.NetworkCredential.Password=password",

        // Client libraries' credential parameters and properties.
        "Azure.AzureKeyCredential..ctor(key)=secret",
        "Azure.AzureNamedKeyCredential..ctor(key)=secret",
        "Azure.AzureSasCredential..ctor(signature)=secret",
        "Azure.Storage.StorageSharedKeyCredential..ctor(accountKey)=secret",
        "Azure.Identity.ClientSecretCredential..ctor(clientSecret)=secret",
        "MongoDB.Driver.MongoCredential.*(password)=password",
        "StackExchange.Redis.ConfigurationOptions.Password=password",
        "RabbitMQ.Client.ConnectionFactory.Password=password",
        "Confluent.Kafka.ClientConfig.SaslPassword=password",
        "Npgsql.NpgsqlConnectionStringBuilder.Password=password",
        "MySqlConnector.MySqlConnectionStringBuilder.Password=password",
        "Microsoft.Data.SqlClient.SqlConnectionStringBuilder.Password=password",
        "System.Security.Cryptography.X509Certificates.X509Certificate2..ctor(password)=password",
        "System.Security.Cryptography.X509Certificates.X509CertificateLoader.*(password)=password",
        "Stripe.StripeClient..ctor(apiKey)=secret",
        "Stripe.StripeConfiguration.ApiKey=secret",
        "SendGrid.SendGridClient..ctor(apiKey)=secret",
        "Twilio.TwilioClient.Init(password)=secret",
        "MailKit.MailService.Authenticate(password)=password",
    };

    private static readonly char[] EntrySeparators = { ',', ';', ' ' };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SecretSinks> Parsed = new(StringComparer.Ordinal);

    /// <summary>Entries by the simple name of their type.</summary>
    private readonly Dictionary<string, List<Entry>> _byType = new(StringComparer.Ordinal);

    private SecretSinks()
    {
    }

    /// <summary>
    /// Simple names that can only be sinks' (type names of constructors, method and property names, and the type names of
    /// <c>*</c> entries, matched against the receiver of a static call): the syntactic pre-filter.
    /// </summary>
    public HashSet<string> SimpleNames { get; } = new(StringComparer.Ordinal);

    /// <summary>The table for an option value (null: the defaults), parsed once per process.</summary>
    public static SecretSinks For(string? extra) => Parsed.GetOrAdd(extra ?? string.Empty, Parse);

    private static SecretSinks Parse(string extra)
    {
        var sinks = new SecretSinks();
        foreach (var entry in Defaults)
        {
            sinks.Add(entry);
        }

        foreach (var entry in extra.Split(EntrySeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            sinks.Add(entry.TrimStart('+'));
        }

        return sinks;
    }

    /// <summary>The kind of secret a parameter takes, or <see cref="SinkKind.None"/>.</summary>
    public SinkKind Find(IParameterSymbol? parameter)
    {
        if (parameter?.ContainingSymbol is not IMethodSymbol method)
        {
            return SinkKind.None;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        var type = definition.ContainingType;
        if (type is null || !_byType.TryGetValue(type.Name, out var entries))
        {
            return SinkKind.None;
        }

        foreach (var entry in entries)
        {
            if (entry.Parameter is not null && string.Equals(entry.Parameter, parameter.Name, StringComparison.Ordinal) &&
                (entry.Member == "*" || (entry.Member == ".ctor" ? definition.MethodKind == MethodKind.Constructor : string.Equals(entry.Member, definition.Name, StringComparison.Ordinal))) &&
                IsInNamespace(type, entry.Namespace))
            {
                return entry.Kind;
            }
        }

        return SinkKind.None;
    }

    /// <summary>The kind of secret a property takes (an override counts as the property it overrides), or <see cref="SinkKind.None"/>.</summary>
    public SinkKind Find(IPropertySymbol? property)
    {
        for (var current = property?.OriginalDefinition; current is not null; current = current.OverriddenProperty?.OriginalDefinition)
        {
            var type = current.ContainingType;
            if (type is null || !_byType.TryGetValue(type.Name, out var entries))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.Parameter is null && (entry.Member == "*" || string.Equals(entry.Member, current.Name, StringComparison.Ordinal)) && IsInNamespace(type, entry.Namespace))
                {
                    return entry.Kind;
                }
            }
        }

        return SinkKind.None;
    }

    /// <summary>Whether a top-level type is declared in the namespace written as "A.B.C" (compared label by label, no allocation).</summary>
    private static bool IsInNamespace(INamedTypeSymbol type, string ns)
    {
        if (type.ContainingType is not null)
        {
            return false;
        }

        var end = ns.Length;
        for (var current = type.ContainingNamespace; current is not null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
        {
            var name = current.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(ns, start, name, 0, name.Length) != 0 || (start > 0 && ns[start - 1] != '.'))
            {
                return false;
            }

            end = start - 1;
        }

        return end <= 0;
    }

    private void Add(string entry)
    {
        var eq = entry.LastIndexOf('=');
        var kind = eq > 0 ? ParseKind(entry.Substring(eq + 1)) : SinkKind.Secret;
        var target = eq > 0 ? entry.Substring(0, eq) : entry;
        string? parameter = null;
        var open = target.IndexOf('(');
        if (open > 0 && target.EndsWith(")", StringComparison.Ordinal))
        {
            parameter = target.Substring(open + 1, target.Length - open - 2);
            target = target.Substring(0, open);
        }

        // "Ns.Type..ctor" (constructors) or "Ns.Type.Member".
        string typeName, member;
        var ctor = target.IndexOf("..ctor", StringComparison.Ordinal);
        if (ctor > 0)
        {
            typeName = target.Substring(0, ctor);
            member = ".ctor";
        }
        else
        {
            var dot = target.LastIndexOf('.');
            if (dot <= 0)
            {
                return;
            }

            typeName = target.Substring(0, dot);
            member = target.Substring(dot + 1);
        }

        var typeDot = typeName.LastIndexOf('.');
        if (kind == SinkKind.None || member.Length == 0)
        {
            return;
        }

        var simpleType = typeDot >= 0 ? typeName.Substring(typeDot + 1) : typeName;
        var ns = typeDot >= 0 ? typeName.Substring(0, typeDot) : string.Empty;
        if (!_byType.TryGetValue(simpleType, out var entries))
        {
            _byType[simpleType] = entries = new List<Entry>(2);
        }

        entries.Add(new Entry(ns, member, parameter, kind));
        SimpleNames.Add(member is ".ctor" or "*" ? simpleType : member);
    }

    private static SinkKind ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "password" => SinkKind.Password,
        "secret" => SinkKind.Secret,
        "key" => SinkKind.Key,
        "authorization" => SinkKind.Authorization,
        _ => SinkKind.None,
    };

    private sealed class Entry
    {
        public Entry(string ns, string member, string? parameter, SinkKind kind)
        {
            Namespace = ns;
            Member = member;
            Parameter = parameter;
            Kind = kind;
        }

        public string Namespace { get; }

        public string Member { get; }

        public string? Parameter { get; }

        public SinkKind Kind { get; }
    }
}
