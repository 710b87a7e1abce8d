using System;
using Contrastive.Generators.Model;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;

namespace Contrastive.Generators.Yaml;

/// <summary>A spec's path and text, with its lines as Roslyn counts them.</summary>
internal sealed class SpecText
{
    private readonly TextLineCollection lines;

    public SpecText(string path, string text)
    {
        Path = path;
        Text = text;
        lines = SourceText.From(text).Lines;
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>The zero-based line and column of a character offset (clamped to the text).</summary>
    public LinePosition Position(int index) => lines.GetLinePosition(Math.Max(0, Math.Min(index, Text.Length)));
}

/// <summary>
/// Turns YamlDotNet marks into <see cref="SpecLocation"/>s. Lines and columns are computed from the
/// marks' character offsets as Roslyn computes them, not taken from YamlDotNet, which counts a line
/// break at the end of a file without one (an error there would point past the last line).
/// </summary>
internal static class Locations
{
    public static SpecLocation Of(SpecText file, Mark start, Mark end)
    {
        var startIndex = (int)Math.Max(0, Math.Min(start.Index, file.Text.Length));
        var endIndex = (int)Math.Max(startIndex, Math.Min(end.Index, file.Text.Length));
        return Of(file, startIndex, endIndex - startIndex);
    }

    public static SpecLocation Of(SpecText file, YamlValue value) => Of(file, value.Start, value.End);

    public static SpecLocation Of(SpecText file, int index, int length)
    {
        var start = file.Position(index);
        var end = file.Position(index + length);
        return new SpecLocation(file.Path, index, length, start.Line, start.Character, end.Line, end.Character);
    }
}
