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
/// <c>key</c>, <c>authorization</c>. More come from <c>.editorconfig</c> (<c>secret_sinks</c>). Symbols are resolved once
/// per compilation (and per distinct option set); lookups compare symbols.
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

    private readonly Dictionary<ISymbol, SinkKind> _properties = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, List<(string Parameter, SinkKind Kind)>> _methods = new(SymbolEqualityComparer.Default);

    private SecretSinks()
    {
    }

    /// <summary>Simple names that can only be sinks' (type names of constructors, method and property names): the syntactic pre-filter.</summary>
    public HashSet<string> SimpleNames { get; } = new(StringComparer.Ordinal);

    public static SecretSinks Resolve(Compilation compilation, string? extra)
    {
        var sinks = new SecretSinks();
        foreach (var entry in Defaults)
        {
            sinks.Add(compilation, entry);
        }

        if (extra is not null)
        {
            foreach (var entry in extra.Split(EntrySeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                sinks.Add(compilation, entry.TrimStart('+'));
            }
        }

        return sinks;
    }

    /// <summary>The kind of secret a parameter takes, or <see cref="SinkKind.None"/>.</summary>
    public SinkKind Find(IParameterSymbol? parameter)
    {
        if (parameter?.ContainingSymbol is not IMethodSymbol method || _methods.Count == 0)
        {
            return SinkKind.None;
        }

        var definition = method.ReducedFrom ?? method.OriginalDefinition;
        if (_methods.TryGetValue(definition.OriginalDefinition, out var parameters))
        {
            foreach (var (name, kind) in parameters)
            {
                if (string.Equals(name, parameter.Name, StringComparison.Ordinal))
                {
                    return kind;
                }
            }
        }

        return SinkKind.None;
    }

    /// <summary>The kind of secret a property takes (an override counts as the property it overrides), or <see cref="SinkKind.None"/>.</summary>
    public SinkKind Find(IPropertySymbol? property)
    {
        for (var current = property?.OriginalDefinition; current is not null; current = current.OverriddenProperty?.OriginalDefinition)
        {
            if (_properties.TryGetValue(current, out var kind))
            {
                return kind;
            }
        }

        return SinkKind.None;
    }

    private void Add(Compilation compilation, string entry)
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

        if (kind == SinkKind.None || compilation.GetTypeByMetadataName(typeName) is not { } type)
        {
            return;
        }

        foreach (var symbol in type.GetMembers())
        {
            if (member != "*" && !string.Equals(symbol.Name, member, StringComparison.Ordinal))
            {
                continue;
            }

            if (parameter is null && symbol is IPropertySymbol property)
            {
                _properties[property.OriginalDefinition] = kind;
                SimpleNames.Add(property.Name);
            }
            else if (parameter is not null && symbol is IMethodSymbol method)
            {
                if (!_methods.TryGetValue(method.OriginalDefinition, out var list))
                {
                    _methods[method.OriginalDefinition] = list = new List<(string, SinkKind)>(1);
                }

                list.Add((parameter, kind));
                SimpleNames.Add(method.MethodKind == MethodKind.Constructor ? type.Name : method.Name);
            }
        }
    }

    private static SinkKind ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "password" => SinkKind.Password,
        "secret" => SinkKind.Secret,
        "key" => SinkKind.Key,
        "authorization" => SinkKind.Authorization,
        _ => SinkKind.None,
    };
}
