using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Caching;

/// <summary>
/// Decides once per type whether a cached instance may be handed to every caller. A type qualifies when no caller can
/// change an instance: primitives, strings and the BCL's immutable value types; sealed types marked
/// <c>[ImmutableObject(true)]</c> (the author's promise); and sealed records, classes and structs whose every field,
/// all the way down, is read-only and of a qualifying type (positional records of strings and numbers, for example).
/// Arrays, lists and interfaces never qualify: an <c>IReadOnlyList</c> may be a <c>List</c> underneath.
/// </summary>
internal static class ImmutableTypes
{
    private static readonly HashSet<Type> KnownImmutable =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
        typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(Version), typeof(Half), typeof(Int128), typeof(UInt128),
    ];

    private static readonly ConcurrentDictionary<Type, bool> Verdicts = new();

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Only the fields of types that are cached are inspected; a trimmed field cannot hold state.")]
    public static bool IsImmutable(Type type) => Verdicts.GetOrAdd(type, static t => Inspect(t, []));

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "See IsImmutable.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "See IsImmutable.")]
    private static bool Inspect(Type type, HashSet<Type> visiting)
    {
        if (type.IsPrimitive || type.IsEnum || KnownImmutable.Contains(type))
        {
            return true;
        }

        Type? nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
        {
            return Inspect(nullable, visiting);
        }

        if (type.IsArray || type.IsInterface || type.IsPointer || type.IsByRef || type == typeof(object))
        {
            return false;
        }

        if (!type.IsValueType && !type.IsSealed)
        {
            return false;
        }

        if (type.GetCustomAttribute<ImmutableObjectAttribute>() is { Immutable: true })
        {
            return true;
        }

        if (!visiting.Add(type))
        {
            // A cycle through read-only fields only: whether it is immutable is decided by the other fields.
            return true;
        }

        try
        {
            for (Type? current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
            {
                foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsInitOnly || !Inspect(field.FieldType, visiting))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
        finally
        {
            visiting.Remove(type);
        }
    }
}
