using System;

namespace Caching;

/// <summary>
/// Marks the free text of a <c>[CachedCompletion(Semantic = true)]</c> method: a string parameter, or a string property of
/// a parameter's type. The call's key without this text names a partition (model, earlier turns, tools, every parameter,
/// scope); an answer cached in the same partition for a text that means the same can be served in place of a provider call.
/// A null or empty text makes the call exact-only.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SemanticTextAttribute : Attribute
{
}
