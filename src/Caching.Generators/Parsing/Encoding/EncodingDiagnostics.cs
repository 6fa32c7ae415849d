using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>CACHE003 for a value that cannot be keyed: once per path and method, at the symbol that declares it.</summary>
internal sealed class EncodingDiagnostics
{
    private readonly Action<Diagnostic>? _report;
    private readonly HashSet<string> _reported = [];

    public EncodingDiagnostics(Action<Diagnostic>? report) => _report = report;

    /// <summary>Reports why the value has no encoding; returns null, the value's shape.</summary>
    public ValueShape? Fail(ITypeSymbol type, in EncodingContext at, string reason)
    {
        if (_report is not null && _reported.Add(at.Path + "|" + at.MethodName))
        {
            Location location = at.Origin.Locations.FirstOrDefault(l => l.IsInSource) ?? at.Fallback;
            _report(Diagnostic.Create(DiagnosticDescriptors.UnencodableInput, location, at.Path, type.ToDisplayString(Formats.Message), at.MethodName, reason));
        }

        return null;
    }
}
