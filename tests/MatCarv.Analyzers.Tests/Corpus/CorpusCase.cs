namespace MatCarv.Analyzers.Tests.Corpus;

/// <summary>
/// One labelled snippet of service code (class members): the rule that must report it (<c>MCV1002|MCV1003</c>: either), or
/// null when nothing may.
/// </summary>
internal sealed record CorpusCase(string? ExpectedRule, string Members);
