using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// AWS access key ids (gitleaks aws-access-token, TruffleHog) and 40-character secret access keys (TruffleHog's shape and
/// entropy floor 4.25; SHA-1-like hex strings excluded as TruffleHog does). The AWS documentation keys end in EXAMPLE.
/// </summary>
internal static class AwsCredentialPatterns
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    private static readonly Regex AccessKeyId = new(
        @"(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])",
        RegexOptions.CultureInvariant, Timeout);

    private static readonly Regex SecretInText = new(
        @"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])",
        RegexOptions.CultureInvariant, Timeout);

    private static readonly string[] IdPrefixes = { "AKIA", "ASIA", "ABIA", "ACCA", "A3T" };

    public static string? FindAccessKeyId(string text)
    {
        if (text.Length < 20)
        {
            return null;
        }

        var candidate = false;
        foreach (var prefix in IdPrefixes)
        {
            if (text.IndexOf(prefix, StringComparison.Ordinal) >= 0)
            {
                candidate = true;
                break;
            }
        }

        if (!candidate)
        {
            return null;
        }

        try
        {
            for (var match = AccessKeyId.Match(text); match.Success; match = match.NextMatch())
            {
                var value = match.Value;
                if (!value.EndsWith("EXAMPLE", StringComparison.Ordinal) && SecretValueClassifier.ShannonEntropy(value) >= 3.0)
                {
                    return value;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // No finding rather than a stalled build.
        }

        return null;
    }

    /// <summary>Whether the whole value has the shape and randomness of a secret access key.</summary>
    public static bool IsSecretAccessKey(string value) =>
        value.Length == 40 && IsSecretShape(value);

    /// <summary>A 40-character secret access key anywhere in a larger text (an ini file, a credentials file…).</summary>
    public static string? FindSecretAccessKey(string text)
    {
        if (text.Length < 40)
        {
            return null;
        }

        try
        {
            for (var match = SecretInText.Match(text); match.Success; match = match.NextMatch())
            {
                if (IsSecretShape(match.Value))
                {
                    return match.Value;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // No finding rather than a stalled build.
        }

        return null;
    }

    /// <summary>Names that say "AWS secret access key": words aws+secret, or secret+access+key.</summary>
    public static bool IsAwsSecretName(List<string> words) =>
        (words.Contains("secret") && (words.Contains("aws") || words.Contains("access"))) ||
        (words.Contains("aws") && words.Contains("key") && !words.Contains("id"));

    /// <summary>Whether the type declaring this node also holds an access key id in one of its string literals.</summary>
    public static bool TypeHoldsAccessKeyId(SyntaxNode node)
    {
        var type = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is null)
        {
            return false;
        }

        foreach (var token in type.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.StringLiteralToken) && FindAccessKeyId(token.ValueText) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSecretShape(string value)
    {
        var hexOnly = true;
        var hasUpper = false;
        var hasLower = false;
        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c == '/' || c == '+'))
            {
                return false;
            }

            hexOnly &= SecretValueClassifier.IsHex(c);
            hasUpper |= c >= 'A' && c <= 'Z';
            hasLower |= c >= 'a' && c <= 'z';
        }

        return !hexOnly && hasUpper && hasLower
            && value.IndexOf("EXAMPLE", StringComparison.Ordinal) < 0
            && SecretValueClassifier.ShannonEntropy(value) >= 4.25;
    }
}
