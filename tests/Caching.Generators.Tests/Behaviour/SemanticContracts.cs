using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Behaviour;

/// <summary>A question with its context: the prompt is the free text, everything else names the partition.</summary>
public sealed record QuestionRequest(
    string Model,
    string SystemPrompt,
    IReadOnlyList<ChatMessage> EarlierTurns,
    [property: SemanticText] string Question,
    double? Temperature = null,
    IReadOnlyList<ToolSpec>? Tools = null);

/// <summary>Semantic methods of both shapes: the free text as a parameter, and as a property of the request.</summary>
public interface ISemanticProvider
{
    [CachedCompletion(Semantic = true)]
    Task<ChatResponse> AskAsync(string model, string systemPrompt, [SemanticText] string question, double temperature, [CacheScope] string? scope = null, CancellationToken cancellationToken = default);

    [CachedCompletion(Semantic = true)]
    ValueTask<ChatResponse> AnswerAsync(QuestionRequest request, CancellationToken cancellationToken = default);

    [CachedCompletion(Semantic = true)]
    IAsyncEnumerable<string> StreamAsync(string model, [SemanticText] string question, CancellationToken cancellationToken = default);

    [CachedCompletion]
    Task<ChatResponse> ExactAsync(string model, string question, CancellationToken cancellationToken = default);
}

/// <summary>Answers with the question it was asked, and counts its calls.</summary>
public sealed class EchoingSemanticProvider : ISemanticProvider
{
    public int Calls { get; private set; }

    public Task<ChatResponse> AskAsync(string model, string systemPrompt, string question, double temperature, string? scope = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer(question));

    public ValueTask<ChatResponse> AnswerAsync(QuestionRequest request, CancellationToken cancellationToken = default) =>
        new(Answer(request.Question));

    public async IAsyncEnumerable<string> StreamAsync(string model, string question, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        foreach (string word in question.Split(' '))
        {
            await Task.Yield();
            yield return word;
        }
    }

    public Task<ChatResponse> ExactAsync(string model, string question, CancellationToken cancellationToken = default) => Task.FromResult(Answer(question));

    private ChatResponse Answer(string question) => new("call " + ++Calls, question);
}
