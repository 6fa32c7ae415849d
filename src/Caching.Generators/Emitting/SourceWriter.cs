using System;
using System.Text;

namespace Caching.Generators;

/// <summary>
/// Writes indented source text, four spaces a level, and never indents an empty line (so generated files carry no
/// trailing whitespace, which <c>IndentedTextWriter</c> leaves on blank lines).
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();

    public int Indent { get; set; }

    public void WriteLine()
    {
        _text.Append('\n');
    }

    public void WriteLine(string line)
    {
        if (line.Length == 0)
        {
            WriteLine();
            return;
        }

        for (int level = 0; level < Indent; level++)
        {
            _text.Append(IndentUnit);
        }

        _text.Append(line).Append('\n');
    }

    /// <summary>Writes <c>{</c> and indents what follows.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        Indent++;
    }

    /// <summary>Ends a block opened with <see cref="OpenBlock"/>, with <paramref name="suffix"/> after its brace (<c>;</c> for an initializer).</summary>
    public void CloseBlock(string suffix = "")
    {
        Indent = Math.Max(0, Indent - 1);
        WriteLine("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
