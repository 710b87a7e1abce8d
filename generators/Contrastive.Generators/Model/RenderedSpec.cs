namespace Contrastive.Generators.Model;

/// <summary>
/// The sources rendered from one spec's plan, and the exception rendering stopped at (reported as
/// CTK099 at the start of the spec; the sources rendered before it are still added).
/// </summary>
/// <param name="Path">The spec's path as the compiler knows it.</param>
/// <param name="Failure">"{exception type}: {message}", or null.</param>
internal sealed record RenderedSpec(string Path, EquatableArray<GeneratedSource> Sources, string? Failure)
{
    /// <summary>What a spec with errors, or one whose names clash with another spec's, renders.</summary>
    public static RenderedSpec Nothing { get; } = new(string.Empty, EquatableArray<GeneratedSource>.Empty, null);
}

/// <summary>One generated file.</summary>
internal sealed record GeneratedSource(string HintName, string Text);
