using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Contrastive.Generators.Model;

/// <summary>
/// Where something is in a spec file, as plain data: pipeline models must not hold Roslyn
/// <see cref="Location"/>s, which compare by reference and would defeat caching.
/// Lines and columns are zero-based, as Roslyn's <see cref="LinePosition"/>.
/// </summary>
internal sealed record SpecLocation(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SpecLocation FileStart(string path) => new(path, 0, 0, 0, 0, 0, 0);

    public Location ToLocation() => Location.Create(
        Path,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}
