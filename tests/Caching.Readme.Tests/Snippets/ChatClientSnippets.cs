using System;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Caching.Readme.Tests.Snippets;

public static class ChatClientSnippets
{
    public static (IChatClient Chat, IEmbeddingGenerator<string, Embedding<float>> Embeddings) Build(
        string key, IEmbeddingGenerator<string, Embedding<float>> generator, IServiceProvider services)
    {
        #region readme:meai
        IChatClient client = new OpenAIClient(key).GetChatClient("gpt-4o").AsIChatClient()
            .AsBuilder()
            .UseCaching(options => options.Ttl = TimeSpan.FromMinutes(10))   // ICacheManager from DI, or pass one
            .Build(services);

        IEmbeddingGenerator<string, Embedding<float>> embeddings = generator.AsBuilder().UseCaching().Build(services);
        #endregion
        return (client, embeddings);
    }
}
