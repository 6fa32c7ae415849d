using Caching.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Tests;

/// <summary>
/// A file that imports both Microsoft.Extensions.AI and this package: every type name resolves without qualification
/// (this file would not compile if a name were declared in both namespaces).
/// </summary>
public sealed class BothNamespacesTests
{
    [Fact]
    public void Our_client_and_Microsoft_Extensions_AI_caching_client_are_named_apart()
    {
        System.Type ours = typeof(KeyedCachingChatClient);
        System.Type theirs = typeof(CachingChatClient);
        System.Type options = typeof(CachingChatClientOptions);
        System.Type embeddings = typeof(CachingEmbeddingGenerator);

        Assert.True(ours.IsSubclassOf(typeof(DelegatingChatClient)));
        Assert.True(theirs.IsAbstract);
        Assert.NotEqual(ours.Namespace, theirs.Namespace);
        Assert.Equal("Caching.Extensions.AI", options.Namespace);
        Assert.Equal("Caching.Extensions.AI", embeddings.Namespace);
    }
}
