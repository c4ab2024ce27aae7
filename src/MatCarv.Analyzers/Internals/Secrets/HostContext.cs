using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>Which hosts a credential is for, as far as the code around it says.</summary>
internal enum HostScope
{
    /// <summary>No host in sight.</summary>
    None,

    /// <summary>Every host in sight is local (loopback, <c>*.local</c>, a development container).</summary>
    Local,

    /// <summary>At least one host in sight is not local.</summary>
    Remote,
}

/// <summary>
/// Finds the hosts a credential goes with, from syntax only: first the object it is part of (<c>new ConnectionFactory
/// { HostName = "…", Password = "…" }</c>, <c>new SmtpClient("mailpit", 1025) { Credentials = new NetworkCredential(…) }</c>),
/// then every string of the member (method, property, field) it is written in. Called only for values that are already
/// reported or about to be, so its cost does not matter.
/// </summary>
internal static class HostContext
{
    /// <summary>Endings of the names of members that hold a host (<c>HostName</c>, <c>BootstrapServers</c>, <c>BaseAddress</c>…).</summary>
    private static readonly string[] HostMemberEndings =
    {
        "host", "hostname", "server", "servers", "endpoint", "endpoints", "address", "uri", "url", "datasource", "connectionstring",
        "brokers", "contactpoints",
    };

    /// <summary>
    /// The hosts of the object the value is part of and, with <paramref name="includeMember"/>, of the whole member. Production
    /// code reads only the object (a local host elsewhere in a method says nothing about this credential); test code reads
    /// the member too, because a test names its target anywhere in its body.
    /// </summary>
    /// <param name="node">The credential.</param>
    /// <param name="localNames">The <c>local_hosts</c> option.</param>
    /// <param name="includeMember">Read every string of the enclosing member too (test code).</param>
    /// <param name="singleLabelIsLocal">Test code: a one-label host (a compose service name) is local too.</param>
    public static HostScope Classify(SyntaxNode node, HashSet<string> localNames, bool includeMember = true, bool singleLabelIsLocal = false)
    {
        var hosts = new List<string>(4);

        // The objects being built around the value, innermost first, up to the statement or member.
        for (var current = node.Parent; current is not null && current is not StatementSyntax && current is not MemberDeclarationSyntax; current = current.Parent)
        {
            if (current is BaseObjectCreationExpressionSyntax creation)
            {
                CollectFromCreation(creation, node, hosts, localNames);
                if (hosts.Count > 0)
                {
                    return Decide(hosts, localNames, singleLabelIsLocal);
                }
            }
        }

        if (!includeMember)
        {
            return HostScope.None;
        }

        // Every string of the enclosing member (a top-level statement counts as its own member).
        SyntaxNode? scope = node.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (scope is null or BaseTypeDeclarationSyntax or NamespaceDeclarationSyntax or FileScopedNamespaceDeclarationSyntax)
        {
            scope = node.FirstAncestorOrSelf<StatementSyntax>();
        }

        if (scope is not null)
        {
            foreach (var token in scope.DescendantTokens())
            {
                if (IsStringToken(token) && !node.Span.Contains(token.Span))
                {
                    HostNames.Find(token.ValueText, hosts);
                }
            }
        }

        return Decide(hosts, localNames, singleLabelIsLocal);
    }

    private static HostScope Decide(List<string> hosts, HashSet<string> localNames, bool singleLabelIsLocal)
    {
        if (hosts.Count == 0)
        {
            return HostScope.None;
        }

        foreach (var host in hosts)
        {
            if (!HostNames.IsLocal(host, localNames) && !(singleLabelIsLocal && HostNames.IsSingleLabel(host)))
            {
                return HostScope.Remote;
            }
        }

        return HostScope.Local;
    }

    private static void CollectFromCreation(BaseObjectCreationExpressionSyntax creation, SyntaxNode value, List<string> hosts, HashSet<string> localNames)
    {
        if (creation.ArgumentList is { } arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (!argument.Span.Contains(value.Span) && StringOf(argument.Expression) is { } text)
                {
                    var before = hosts.Count;
                    HostNames.Find(text, hosts);
                    if (hosts.Count == before && HostNames.IsLocal(text, localNames))
                    {
                        hosts.Add(text); // a container name given as the host argument: new SmtpClient("mailpit", 1025)
                    }
                }
            }
        }

        if (creation.Initializer is null)
        {
            return;
        }

        foreach (var expression in creation.Initializer.Expressions)
        {
            if (expression is not AssignmentExpressionSyntax assignment || assignment.Span.Contains(value.Span) || StringOf(assignment.Right) is not { } text)
            {
                continue;
            }

            if (assignment.Left is IdentifierNameSyntax identifier && IsHostMember(identifier.Identifier.ValueText))
            {
                var before = hosts.Count;
                HostNames.Find(text, hosts);
                if (hosts.Count == before && text.Length > 0 && text.IndexOf(' ') < 0)
                {
                    hosts.Add(text); // HostName = "rabbitmq"
                }
            }
        }
    }

    private static bool IsHostMember(string name)
    {
        var lower = name.ToLowerInvariant();
        foreach (var ending in HostMemberEndings)
        {
            if (lower.EndsWith(ending, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text of a string literal, or of <c>new Uri("…")</c>.</summary>
    private static string? StringOf(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } when arguments[0].Expression is LiteralExpressionSyntax uri && uri.IsKind(SyntaxKind.StringLiteralExpression) => uri.Token.ValueText,
        _ => null,
    };

    private static bool IsStringToken(SyntaxToken token) =>
        token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.Utf8StringLiteralToken) ||
        token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) ||
        token.IsKind(SyntaxKind.InterpolatedStringTextToken);
}
