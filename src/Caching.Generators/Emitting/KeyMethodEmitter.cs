using System.Linq;

namespace Caching.Generators;

/// <summary>
/// The static key methods of a cached call: its key, and for a semantic call its partition (the key without the free
/// text) and its query. Every key method is the same three steps — start with the operation, write each value, complete —
/// with the writer's own helpers, so no method repeats the bookkeeping around them.
/// </summary>
internal static class KeyMethodEmitter
{
    /// <summary>The key method, or with <paramref name="partition"/> the semantic partition's: the same encoding without the [SemanticText] text.</summary>
    public static void EmitKeyMethod(SourceWriter w, MethodModel method, bool partition)
    {
        CachedCallModel cached = method.Cached!;
        string kind = KindText(method.Kind);
        string layout = (cached.ScopeParameter is null ? string.Empty : "scope:{scope}:") + kind + ":{model}:{hash}";
        w.WriteLine(partition
            ? $"/// <summary>The semantic partition of a <c>{method.Name}</c> call: its key without the [SemanticText] text, <c>{layout}</c>.</summary>"
            : $"/// <summary>The cache key of a <c>{method.Name}</c> call: <c>{layout}</c>; null when a value cannot be keyed (it is then not cached).</summary>");
        w.WriteLine($"public static string? {(partition ? Naming.PartitionMethod(method) : Naming.KeyMethod(method))}({Parameters(method)})");
        w.OpenBlock();
        string operation = Naming.Quote(cached.Operation) + "u8";
        w.WriteLine(partition
            ? $"var writer = global::Caching.CacheKeyWriter.ForOperation({operation}, semanticPartition: true);"
            : $"var writer = global::Caching.CacheKeyWriter.ForOperation({operation});");
        var names = new ValueEmitter.LocalNames(KeyParameters(method).Select(p => p.Name));
        bool afterBlock = false;
        foreach (KeyFieldModel field in cached.KeyFields.Where(f => !(partition && f.IsSemanticText)))
        {
            if (afterBlock)
            {
                w.WriteLine();
            }

            w.WriteLine($"writer.WriteName({Naming.Quote(field.Name)}u8);");
            afterBlock = ValueEmitter.EmitValue(w, field.Shape, Naming.Identifier(field.Name), field.Name, names);
        }

        string scope = cached.ScopeParameter is null ? string.Empty : ", " + Naming.Identifier(cached.ScopeParameter);
        w.WriteLine();
        w.WriteLine($"return writer.Complete({Naming.Quote(kind)}, {Naming.Read(cached.Model)} ?? string.Empty{scope});");
        w.CloseBlock();
    }

    /// <summary>
    /// The semantic query of a call: its partition and free text. A method of its own, so that reading the text (which may
    /// null-check a parameter) leaves the caller's view of its parameters untouched.
    /// </summary>
    public static void EmitQueryMethod(SourceWriter w, MethodModel method)
    {
        w.WriteLine($"/// <summary>The semantic query of a <c>{method.Name}</c> call; a call without text is exact-only.</summary>");
        w.WriteLine($"private static global::Caching.SemanticQuery {Naming.QueryMethod(method)}(string key, {Parameters(method)}) =>");
        w.Indent++;
        w.WriteLine($"new({Naming.PartitionMethod(method)}({Arguments(method)}) ?? key, {Naming.Read(method.Cached!.SemanticText!)} ?? string.Empty);");
        w.Indent--;
    }

    /// <summary>The arguments a decorator passes to its key methods: every parameter but the cancellation token.</summary>
    public static string Arguments(MethodModel method) => string.Join(", ", KeyParameters(method).Select(p => Naming.Identifier(p.Name)));

    private static string Parameters(MethodModel method) => string.Join(", ", KeyParameters(method).Select(p => $"{p.Type} {Naming.Identifier(p.Name)}"));

    private static ParameterModel[] KeyParameters(MethodModel method) =>
        method.Parameters.Where(p => p.Name != method.Cached!.CancellationTokenParameter).ToArray();

    private static string KindText(CacheKind kind) => kind switch
    {
        CacheKind.Completion => "chat",
        CacheKind.Embedding => "embedding",
        _ => "image",
    };
}
