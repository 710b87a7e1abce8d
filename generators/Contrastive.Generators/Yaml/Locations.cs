using System;
using Contrastive.Generators.Model;
using YamlDotNet.Core;

namespace Contrastive.Generators.Yaml;

/// <summary>Turns YamlDotNet marks (one-based lines and columns) into <see cref="SpecLocation"/>s.</summary>
internal static class Locations
{
    public static SpecLocation Of(string path, Mark start, Mark end)
    {
        var startIndex = (int)Math.Max(0, start.Index);
        var endIndex = (int)Math.Max(startIndex, end.Index);
        var startLine = (int)Math.Max(0, start.Line - 1);
        var startColumn = (int)Math.Max(0, start.Column - 1);
        var endLine = (int)Math.Max(startLine, end.Line - 1);
        var endColumn = (int)Math.Max(0, end.Column - 1);
        if (endLine == startLine && endColumn < startColumn)
        {
            endColumn = startColumn;
        }

        return new SpecLocation(path, startIndex, endIndex - startIndex, startLine, startColumn, endLine, endColumn);
    }

    public static SpecLocation Of(string path, YamlValue value) => Of(path, value.Start, value.End);
}
