using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Contrastive.Generators.Diagnostics;

/// <summary>Collects a spec's diagnostics as data while it is read.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<DiagnosticInfo> items = new();

    public bool HasErrors => items.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);

    public int Count => items.Count;

    public void Add(DiagnosticDescriptor descriptor, SpecLocation location, params string[] arguments) =>
        items.Add(new DiagnosticInfo(descriptor.Id, location, arguments.ToEquatableArray()));

    /// <summary>The diagnostics in the order of the file, as a reader goes through it.</summary>
    public EquatableArray<DiagnosticInfo> ToArray() => items.OrderBy(d => d.Location.Start).ToEquatableArray();
}
