using System.Collections.Generic;

namespace Caching.Generators;

/// <summary>
/// Writes the statements that feed one value into a <c>CacheKeyWriter</c>, for decorators and shared type writers alike.
/// Locals are named after the value they hold (<c>messagesItem</c>, <c>temperatureValue</c>), so that a member added
/// elsewhere never renames them.
/// </summary>
internal static class ValueEmitter
{
    /// <summary>Writes the statements; true when they end with a block (a blank line should follow before more statements).</summary>
    public static bool EmitValue(SourceWriter w, ValueShape shape, string expression, string role, LocalNames names)
    {
        switch (shape)
        {
            case ScalarShape scalar:
                w.WriteLine($"writer.{ScalarWriter(scalar.Kind)}({expression});");
                return false;
            case RawJsonShape json:
                w.WriteLine($"writer.WriteJson{json.Kind}({expression});");
                return false;
            case RuntimeTypedShape:
                w.WriteLine($"writer.WriteObjectValue({expression});");
                return false;
            case ObjectShape obj:
                // The type's writer writes a null itself.
                w.WriteLine($"{Naming.KeyWritersClass}.{Naming.WriterMethod(obj.WriterTypeName)}(ref writer, {expression});");
                return false;
            case NullableValueShape nullable:
                EmitNullableValue(w, nullable, expression, role, names);
                return true;
            case BytesShape { IsNullable: false } bytes:
                w.WriteLine($"writer.WriteBytes({Span(bytes.Container, expression, "byte")});");
                return false;
        }

        bool guarded = shape is BytesShape { IsNullable: true } or SequenceShape { IsNullable: true } or MapShape { IsNullable: true }
            or SequenceShape { Container: ContainerKind.ImmutableArray };
        if (guarded)
        {
            string isNull = shape is SequenceShape { Container: ContainerKind.ImmutableArray } ? $"{expression}.IsDefault" : $"{expression} is null";
            w.WriteLine($"if ({isNull})");
            w.OpenBlock();
            w.WriteLine("writer.WriteNull();");
            w.CloseBlock();
            w.WriteLine("else");
            w.OpenBlock();
        }

        switch (shape)
        {
            case BytesShape { Container: ContainerKind.BinaryData }:
                w.WriteLine($"writer.WriteBytes({expression}.ToMemory().Span);");
                break;
            case BytesShape:
                w.WriteLine($"writer.WriteBytes({expression});");
                break;
            case SequenceShape sequence:
                EmitSequence(w, sequence, expression, role, names);
                break;
            case MapShape map:
                EmitMap(w, map, expression, role, names);
                break;
        }

        if (guarded)
        {
            w.CloseBlock();
        }

        return guarded;
    }

    private static void EmitNullableValue(SourceWriter w, NullableValueShape nullable, string expression, string role, LocalNames names)
    {
        string value = names.For(role + "Value");
        w.WriteLine($"if ({expression} is {{ }} {value})");
        w.OpenBlock();
        EmitValue(w, nullable.Underlying, value, role + "Value", names);
        w.CloseBlock();
        w.WriteLine("else");
        w.OpenBlock();
        w.WriteLine("writer.WriteNull();");
        w.CloseBlock();
    }

    private static void EmitSequence(SourceWriter w, SequenceShape sequence, string expression, string role, LocalNames names)
    {
        string item = names.For(role + "Item");
        w.WriteLine("writer.BeginSequence();");
        if (sequence.Container == ContainerKind.IndexedList)
        {
            string index = names.For(role + "Index");
            w.WriteLine($"for (int {index} = 0; {index} < {expression}.Count; {index}++)");
            w.OpenBlock();
            w.WriteLine($"var {item} = {expression}[{index}];");
        }
        else
        {
            string source = sequence.Container is ContainerKind.Memory or ContainerKind.ArraySegment
                ? Span(sequence.Container, expression, sequence.ElementType)
                : expression;
            w.WriteLine($"foreach (var {item} in {source})");
            w.OpenBlock();
        }

        EmitValue(w, sequence.Element, item, role + "Item", names);
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("writer.EndSequence();");
    }

    private static void EmitMap(SourceWriter w, MapShape map, string expression, string role, LocalNames names)
    {
        string entry = names.For(role + "Entry");
        w.WriteLine("writer.BeginMap();");
        w.WriteLine($"foreach (var {entry} in global::Caching.CacheKeyWriter.SortedEntries({expression}))");
        w.OpenBlock();
        if (EmitValue(w, map.Key, entry + ".Key", role + "Key", names))
        {
            w.WriteLine();
        }

        EmitValue(w, map.Value, entry + ".Value", role + "EntryValue", names);
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("writer.EndMap();");
    }

    /// <summary>A memory as its span; a default ArraySegment throws when enumerated, but converted to a span it is empty.</summary>
    private static string Span(ContainerKind container, string expression, string elementType) => container switch
    {
        ContainerKind.ArraySegment => $"((global::System.ReadOnlySpan<{elementType}>){expression})",
        _ => expression + ".Span",
    };

    private static string ScalarWriter(ScalarKind kind) => "Write" + kind.ToString();

    /// <summary>
    /// The locals of one generated method: a role's own name (<c>tagsItem</c>), unless a parameter of the method has it,
    /// when it gets underscores until it is free.
    /// </summary>
    public sealed class LocalNames
    {
        private readonly HashSet<string> _taken;

        public LocalNames(IEnumerable<string> parameters) => _taken = new HashSet<string>(parameters, System.StringComparer.Ordinal) { "writer" };

        public string For(string role)
        {
            string name = Naming.Identifier(char.ToLowerInvariant(role[0]) + role.Substring(1));
            while (_taken.Contains(name))
            {
                name += "_";
            }

            return name;
        }
    }
}
