using System.Threading;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Behaviour;

public record Prompt(string Model, string Text);

public sealed record DerivedPrompt(string Model, string Text, string Extra) : Prompt(Model, Text);

public interface IPromptProvider
{
    [CachedCompletion]
    Task<string> AskAsync(Prompt prompt, CancellationToken cancellationToken = default);
}

internal sealed class EchoPromptProvider : IPromptProvider
{
    private int _calls;

    public int Calls => _calls;

    public Task<string> AskAsync(Prompt prompt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(prompt.Text);
    }
}
