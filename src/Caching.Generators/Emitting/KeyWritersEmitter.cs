using System.Linq;

namespace Caching.Generators;

/// <summary>
/// Writes the one class of the compilation that holds a key writer per keyed type, named after the type, so that
/// every decorator shares them and an edit to one type never renames another's writer.
/// </summary>
internal static class KeyWritersEmitter
{
    public const string HintName = "Caching.KeyWriters.g.cs";

    public static string Emit(EquatableArray<TypeWriterModel> writers)
    {
        var w = new SourceWriter();
        DecoratorEmitter.WriteFileHeader(w);
        w.WriteLine("namespace Caching.Generated");
        w.OpenBlock();
        w.WriteLine("/// <summary>The key writers of the types that cached methods of this assembly take, one per type, called by the generated decorators.</summary>");
        w.WriteLine(DecoratorEmitter.GeneratedCode);
        w.WriteLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.WriteLine("internal static class KeyWriters");
        w.OpenBlock();
        bool first = true;
        foreach (TypeWriterModel writer in writers)
        {
            if (!first)
            {
                w.WriteLine();
            }

            first = false;
            if (writer.Derived.Count > 0)
            {
                EmitDispatcher(w, writer);
            }
            else
            {
                EmitTypeWriter(w, writer);
            }

            foreach (KeyFieldModel member in writer.Members.Where(m => m.ReadThroughAccessor))
            {
                w.WriteLine();
                EmitAccessor(w, writer, member);
            }
        }

        w.CloseBlock();
        w.CloseBlock();
        return w.ToString();
    }

    private static void EmitTypeWriter(SourceWriter w, TypeWriterModel type)
    {
        string parameterType = type.IsValueType ? type.Type : type.Type + "?";
        w.WriteLine($"/// <summary>Writes a <see cref=\"{type.Type}\"/> by the members System.Text.Json puts on the wire.</summary>");
        w.WriteLine($"public static void {Naming.WriterMethod(type.TypeName)}(ref global::Caching.CacheKeyWriter writer, {parameterType} value)");
        w.OpenBlock();
        if (!type.IsValueType)
        {
            EmitNullGuard(w);
        }

        if (!type.IsSealed)
        {
            w.WriteLine("// A derived type could carry state this writer does not know: such a call is not cached.");
            w.WriteLine($"if (value.GetType() != typeof({type.Type}))");
            w.OpenBlock();
            w.WriteLine("writer.MarkUnkeyable();");
            w.WriteLine("return;");
            w.CloseBlock();
            w.WriteLine();
        }

        var names = new ValueEmitter.LocalNames(["value"]);
        w.WriteLine("writer.BeginObject();");
        bool afterBlock = false;
        foreach (KeyFieldModel member in type.Members)
        {
            if (afterBlock)
            {
                w.WriteLine();
            }

            if (member.IsSemanticText)
            {
                w.WriteLine("if (!writer.LeavesOutSemanticText)");
                w.OpenBlock();
            }

            string read = member.ReadThroughAccessor
                ? $"{Naming.AccessorMethod(type.TypeName, member.Name)}(value)"
                : "value." + Naming.Identifier(member.Name);
            w.WriteLine($"writer.WriteName({Naming.Quote(member.Name)}u8);");
            afterBlock = ValueEmitter.EmitValue(w, member.Shape, read, member.Name, names);
            if (member.IsSemanticText)
            {
                w.CloseBlock();
                afterBlock = true;
            }
        }

        if (afterBlock)
        {
            w.WriteLine();
        }

        w.WriteLine("writer.EndObject();");
        w.CloseBlock();
    }

    private static void EmitDispatcher(SourceWriter w, TypeWriterModel type)
    {
        w.WriteLine($"/// <summary>Writes a <see cref=\"{type.Type}\"/> as the discriminator and members of its declared derived type; any other type is not cached.</summary>");
        w.WriteLine($"public static void {Naming.WriterMethod(type.TypeName)}(ref global::Caching.CacheKeyWriter writer, {type.Type}? value)");
        w.OpenBlock();
        EmitNullGuard(w);
        w.WriteLine("global::System.Type type = value.GetType();");
        foreach (DerivedTypeModel derived in type.Derived)
        {
            w.WriteLine($"if (type == typeof({derived.Type}))");
            w.OpenBlock();
            w.WriteLine($"writer.WriteDiscriminator({Naming.Quote(derived.Discriminator)});");
            w.WriteLine($"{Naming.WriterMethod(derived.TypeName)}(ref writer, ({derived.Type})value);");
            w.WriteLine("return;");
            w.CloseBlock();
            w.WriteLine();
        }

        w.WriteLine("writer.MarkUnkeyable();");
        w.CloseBlock();
    }

    private static void EmitNullGuard(SourceWriter w)
    {
        w.WriteLine("if (value is null)");
        w.OpenBlock();
        w.WriteLine("writer.WriteNull();");
        w.WriteLine("return;");
        w.CloseBlock();
        w.WriteLine();
    }

    private static void EmitAccessor(SourceWriter w, TypeWriterModel owner, KeyFieldModel member)
    {
        string kind = member.IsField ? "Field" : "Method";
        string name = member.IsField ? member.Name : "get_" + member.Name;
        string returns = member.IsField ? "ref " + member.Shape.Type : member.Shape.Type;
        w.WriteLine($"[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.{kind}, Name = {Naming.Quote(name)})]");
        w.WriteLine($"private static extern {returns} {Naming.AccessorMethod(owner.TypeName, member.Name)}({owner.Type} value);");
    }
}
