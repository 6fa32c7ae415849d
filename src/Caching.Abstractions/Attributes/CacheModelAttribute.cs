using System;

namespace Caching;

/// <summary>
/// Marks the string parameter or property that names the model, when it is not a parameter called
/// <c>model</c> or a <c>Model</c> property of a request parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class CacheModelAttribute : Attribute
{
}
