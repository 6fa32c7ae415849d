using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>
/// Where a value being resolved sits: its path from the method's parameter (<c>request.Messages[].Content</c>), the symbol
/// that declares it and the method, so that a value that cannot be keyed is reported at the right place and in words.
/// </summary>
internal readonly record struct EncodingContext(string Path, ISymbol Origin, Location Fallback, string MethodName)
{
    public EncodingContext Element() => this with { Path = Path + "[]" };

    public EncodingContext MapKeys() => this with { Path = Path + ".Keys" };

    public EncodingContext MapValues() => this with { Path = Path + "[key]" };

    public EncodingContext Member(ISymbol member, Location location) => new(Path + "." + member.Name, member, location, MethodName);

    public EncodingContext Derived(string discriminator) => this with { Path = Path + "(" + discriminator + ")" };
}
