using Microsoft.CodeAnalysis;

namespace Contrastive.Generators.Model;

/// <summary>A diagnostic as equatable data; turned into a Roslyn <see cref="Diagnostic"/> only when reported.</summary>
internal sealed record DiagnosticInfo(string Id, SpecLocation Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() => Diagnostic.Create(
        Diagnostics.DiagnosticDescriptors.ById(Id),
        Location.ToLocation(),
        ToObjects(Arguments));

    private static object?[] ToObjects(EquatableArray<string> arguments)
    {
        var result = new object?[arguments.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = arguments[i];
        }

        return result;
    }
}
