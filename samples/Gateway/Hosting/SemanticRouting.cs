namespace Gateway.Hosting;

/// <summary>Whether chat requests are sent through the semantic methods of the provider (Cache:Semantic:Enabled).</summary>
public sealed record SemanticRouting(bool Enabled);
