namespace MatCarv.Analyzers.Tests.Corpus;

/// <summary>One labelled snippet of service code (class members): the rule that must report it, or null when nothing may.</summary>
internal sealed record CorpusCase(string? ExpectedRule, string Members);
