namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>All end-to-end tests share one packed feed.</summary>
[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "packages";
}
