namespace Caching.Semantic;

/// <summary>An entry of a partition near a query: its key and the cosine similarity of the two texts' vectors.</summary>
internal readonly record struct SemanticCandidate(string Key, double Similarity);
