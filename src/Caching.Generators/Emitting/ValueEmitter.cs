using System.CodeDom.Compiler;
using System.Globalization;

namespace Caching.Generators;

/// <summary>Writes the statements that feed one value into a <c>CacheKeyWriter</c>, for decorators and shared type writers alike.</summary>
internal static class ValueEmitter
{
    public static void EmitValue(IndentedTextWriter w, ValueEncoding encoding, string expression, LocalNames names)
    {
        if (encoding.IsNullableStruct)
        {
            string local = names.Next("value");
            w.WriteLine($"if ({expression} is {{ }} {local})");
            w.WriteLine("{");
            w.Indent++;
            EmitValue(w, encoding with { IsNullable = false, IsNullableStruct = false }, local, names);
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine("else");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("writer.WriteNull();");
            w.Indent--;
            w.WriteLine("}");
            return;
        }

        switch (encoding.Kind)
        {
            case EncodingKind.String: w.WriteLine($"writer.WriteString({expression});"); return;
            case EncodingKind.Int64: w.WriteLine($"writer.WriteInt64({expression});"); return;
            case EncodingKind.UInt64: w.WriteLine($"writer.WriteUInt64({expression});"); return;
            case EncodingKind.Double: w.WriteLine($"writer.WriteDouble({expression});"); return;
            case EncodingKind.Single: w.WriteLine($"writer.WriteSingle({expression});"); return;
            case EncodingKind.Decimal: w.WriteLine($"writer.WriteDecimal({expression});"); return;
            case EncodingKind.Boolean: w.WriteLine($"writer.WriteBoolean({expression});"); return;
            case EncodingKind.Char: w.WriteLine($"writer.WriteChar({expression});"); return;
            case EncodingKind.Enum: w.WriteLine($"writer.WriteEnum({expression});"); return;
            case EncodingKind.DateTime: w.WriteLine($"writer.WriteDateTime({expression});"); return;
            case EncodingKind.DateTimeOffset: w.WriteLine($"writer.WriteDateTimeOffset({expression});"); return;
            case EncodingKind.TimeSpan: w.WriteLine($"writer.WriteTimeSpan({expression});"); return;
            case EncodingKind.Guid: w.WriteLine($"writer.WriteGuid({expression});"); return;
            case EncodingKind.BigInteger: w.WriteLine($"writer.WriteBigInteger({expression});"); return;
            case EncodingKind.Int128: w.WriteLine($"writer.WriteInt128({expression});"); return;
            case EncodingKind.UInt128: w.WriteLine($"writer.WriteUInt128({expression});"); return;
            case EncodingKind.Half: w.WriteLine($"writer.WriteHalf({expression});"); return;
            case EncodingKind.DateOnly: w.WriteLine($"writer.WriteDateOnly({expression});"); return;
            case EncodingKind.TimeOnly: w.WriteLine($"writer.WriteTimeOnly({expression});"); return;
            case EncodingKind.Uri: w.WriteLine($"writer.WriteUri({expression});"); return;
            case EncodingKind.ByteMemory: w.WriteLine($"writer.WriteBytes({Span(encoding, expression)});"); return;
            case EncodingKind.JsonElement: w.WriteLine($"writer.WriteJsonElement({expression});"); return;
            case EncodingKind.JsonDocument: w.WriteLine($"writer.WriteJsonDocument({expression});"); return;
            case EncodingKind.JsonNode: w.WriteLine($"writer.WriteJsonNode({expression});"); return;
            case EncodingKind.ObjectValue: w.WriteLine($"writer.WriteObjectValue({expression});"); return;
        }

        bool guardNull = encoding.IsNullable && encoding.Kind != EncodingKind.Object;
        string nullTest = encoding.Kind == EncodingKind.ImmutableArraySequence ? $"{expression}.IsDefault" : $"{expression} is null";
        if (guardNull || encoding.Kind == EncodingKind.ImmutableArraySequence)
        {
            w.WriteLine($"if ({nullTest})");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("writer.WriteNull();");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine("else");
            w.WriteLine("{");
            w.Indent++;
        }

        string item = names.Next("item");
        switch (encoding.Kind)
        {
            case EncodingKind.ByteArray:
                w.WriteLine($"writer.WriteBytes({expression});");
                break;
            case EncodingKind.BinaryData:
                w.WriteLine($"writer.WriteBytes({expression}.ToMemory().Span);");
                break;
            case EncodingKind.Sequence when encoding.Indexable:
                string index = names.Next("i");
                w.WriteLine("writer.BeginSequence();");
                w.WriteLine($"for (int {index} = 0; {index} < {expression}.Count; {index}++)");
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine($"var {item} = {expression}[{index}];");
                EmitValue(w, encoding.Element!, item, names);
                w.Indent--;
                w.WriteLine("}");
                w.WriteLine();
                w.WriteLine("writer.EndSequence();");
                break;
            case EncodingKind.Sequence:
            case EncodingKind.ImmutableArraySequence:
            case EncodingKind.MemorySequence:
                w.WriteLine("writer.BeginSequence();");
                w.WriteLine($"foreach (var {item} in {(encoding.Kind == EncodingKind.MemorySequence ? Span(encoding, expression) : expression)})");
                w.WriteLine("{");
                w.Indent++;
                EmitValue(w, encoding.Element!, item, names);
                w.Indent--;
                w.WriteLine("}");
                w.WriteLine();
                w.WriteLine("writer.EndSequence();");
                break;
            case EncodingKind.Dictionary:
                w.WriteLine("writer.BeginMap();");
                w.WriteLine($"foreach (var {item} in global::Caching.CacheKeyWriter.SortedEntries({expression}))");
                w.WriteLine("{");
                w.Indent++;
                EmitValue(w, encoding.Key!, item + ".Key", names);
                EmitValue(w, encoding.Element!, item + ".Value", names);
                w.Indent--;
                w.WriteLine("}");
                w.WriteLine();
                w.WriteLine("writer.EndMap();");
                break;
            default:
                w.WriteLine($"{KeyWritersEmitter.ClassName}.{encoding.WriterMethod}(ref writer, {expression});");
                break;
        }

        if (guardNull || encoding.Kind == EncodingKind.ImmutableArraySequence)
        {
            w.Indent--;
            w.WriteLine("}");
        }
    }

    private static string Span(ValueEncoding encoding, string expression) => string.Format(CultureInfo.InvariantCulture, encoding.SpanFormat, expression);

    public static string Quote(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>Hands out local variable names that are unique within one generated method.</summary>
    public sealed class LocalNames
    {
        private int _next;

        public string Next(string stem) => stem + (++_next).ToString(CultureInfo.InvariantCulture);
    }
}
