using ScottPlot;

namespace Contrastive.Reporting;

/// <summary>Puts a panel's legend in the corner of the axes where it hides the least data.</summary>
/// <remarks>
/// A legend outside the axes never hides anything but costs a third of a small panel's width, and no fixed corner
/// suits both a rising MI staircase (empty lower right) and a falling loss (empty upper right).
/// </remarks>
internal static class LegendPlacement
{
    // Roughly a two- or three-entry legend in a default 480 x 320 panel, with room to spare.
    private const double CornerWidth = 0.35;
    private const double CornerHeight = 0.30;

    // Ties go to the first: the upper right is where a reader looks for a legend.
    private static readonly Alignment[] Corners =
        [Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerRight, Alignment.LowerLeft];

    /// <summary>The corner in which the smallest share of the series' points falls, each series weighing the same.</summary>
    public static Alignment EmptiestCorner(IReadOnlyList<(double[] Xs, double[] Ys)> series, AxisLimits limits)
    {
        var best = Corners[0];
        var bestCover = double.PositiveInfinity;
        foreach (var corner in Corners)
        {
            var (left, right, bottom, top) = Box(corner, limits);
            var cover = 0.0;
            foreach (var (xs, ys) in series)
            {
                if (xs.Length == 0)
                {
                    continue;
                }

                var inside = 0;
                for (var i = 0; i < xs.Length; i++)
                {
                    if (xs[i] >= left && xs[i] <= right && ys[i] >= bottom && ys[i] <= top)
                    {
                        inside++;
                    }
                }

                cover += (double)inside / xs.Length;
            }

            if (cover < bestCover)
            {
                (best, bestCover) = (corner, cover);
            }
        }

        return best;
    }

    private static (double Left, double Right, double Bottom, double Top) Box(Alignment corner, AxisLimits limits)
    {
        var width = (limits.Right - limits.Left) * CornerWidth;
        var height = (limits.Top - limits.Bottom) * CornerHeight;
        var (left, right) = corner is Alignment.UpperLeft or Alignment.LowerLeft
            ? (limits.Left, limits.Left + width)
            : (limits.Right - width, limits.Right);
        var (bottom, top) = corner is Alignment.LowerLeft or Alignment.LowerRight
            ? (limits.Bottom, limits.Bottom + height)
            : (limits.Top - height, limits.Top);
        return (left, right, bottom, top);
    }
}
